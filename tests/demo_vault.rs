//! The bundled demo vault keeps its promises: enough notes and tasks, every feature the README
//! shows, dates spread around the demo's Monday, and only the deliberate problems. Never writes to it.

use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use triage::Config;
use triage::query::Query;
use triage::task::{Bucket, DateKind, FindingKind, Priority, StatusType, Task};
use triage::vault::{Index, scan};

const KESTREL: &str = "Accounts/Kestrel Bank.md";
const SECURITY: &str = "Meetings/2026-11-02 Kestrel Bank security review.md";
const QBR: &str = "Meetings/2026-11-05 Brightwater Foods QBR.md";
const KICKOFF: &str = "Meetings/2026-11-09 Pinecrest Health onboarding kickoff.md";
const SYNC_10: &str = "Meetings/2026-11-10 Weekly CS sync.md";
const ORBITAL: &str = "Meetings/2026-11-12 Orbital Freight renewal call.md";
const QUILLON: &str = "Meetings/2026-11-13 Quillon Labs discovery call.md";
const PIPELINE: &str = "Meetings/2026-11-16 Pipeline review with Marco.md";
const SYNC_17: &str = "Meetings/2026-11-17 Weekly CS sync.md";
const PILOT: &str = "Meetings/2026-11-18 Copperleaf pilot check-in.md";
const PROCUREMENT: &str = "Meetings/2026-11-19 Kestrel Bank procurement call.md";
const LENA_1_1: &str = "Meetings/2026-11-20 1-1 with Lena.md";
const WORKSHOP: &str = "Meetings/2026-11-20 Pinecrest Health integration workshop.md";
const CHECKLIST: &str = "Projects/Onboarding checklist v2.md";

/// The Monday every date in the demo vault is written against.
fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn vault_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-vault")
}

fn load_with(cfg: &Config) -> Index {
    match scan(&vault_dir(), cfg) {
        Ok(index) => index,
        Err(e) => panic!("cannot scan the demo vault: {e}"),
    }
}

/// The demo vault read with the built-in defaults, once for all tests.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| load_with(&Config::default()))
}

/// The 1-based line of the only line in `rel` containing `needle`, so tests do not hard-code line numbers.
fn line_of(rel: &str, needle: &str) -> u32 {
    let bytes = std::fs::read(vault_dir().join(rel)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let hits: Vec<usize> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{rel}: want one line containing {needle:?}, found {hits:?}"
    );
    hits[0] as u32
}

/// The task of `rel` at the line containing `needle`.
fn at(rel: &str, needle: &str) -> &'static Task {
    let line = line_of(rel, needle);
    match index().tasks().find(|t| t.path() == rel && t.line == line) {
        Some(t) => t,
        None => panic!("{rel}:{line} ({needle:?}) is not read as a task"),
    }
}

fn no_task_at(rel: &str, needle: &str) -> bool {
    let line = line_of(rel, needle);
    !index().tasks().any(|t| t.path() == rel && t.line == line)
}

#[test]
fn has_enough_notes_and_tasks() {
    let index = index();
    assert!(index.note_count() >= 30, "{} notes", index.note_count());
    assert!(index.task_count() >= 120, "{} tasks", index.task_count());
    assert_eq!(index.task_count(), index.tasks().count());
}

#[test]
fn proposed_both_ways() {
    let tasks = || index().tasks();
    let by_symbol = tasks().filter(|t| t.status == '?' && t.proposed).count();
    let by_tag = tasks()
        .filter(|t| t.status == ' ' && t.has_tag("proposed") && t.proposed)
        .count();
    assert!(by_symbol >= 8, "{by_symbol} tasks proposed by [?]");
    assert!(by_tag >= 3, "{by_tag} tasks proposed by #proposed");
    let t = at(QBR, "forecasting health check");
    assert!(t.proposed);
    assert_eq!(t.owner.as_deref(), Some("Priya Natarajan"));
    assert!(!at("Inbox.md", "Renew my conference pass").proposed);
}

#[test]
fn several_owners_in_every_written_form() {
    let owners: BTreeSet<&str> = index().tasks().filter_map(|t| t.owner.as_deref()).collect();
    for name in [
        "Myself",
        "Priya Natarajan",
        "Aiko Tanaka",
        "Marco Bellini",
        "Lena Fischer",
        "Ruth Okonkwo",
    ] {
        assert!(
            owners.contains(name),
            "owner {name:?} missing from {owners:?}"
        );
    }
    // Written as a link mention.
    let linked = at(SYNC_10, "Move the CS sync to Tuesdays");
    assert_eq!(linked.owner.as_deref(), Some("Lena Fischer"));
    assert_eq!(linked.description(), "Move the CS sync to Tuesdays");
    // Unowned tasks exist for the "Unassigned" group.
    assert!(index().tasks().any(|t| t.owner.is_none()));
}

#[test]
fn one_person_spelled_two_ways_folds_through_the_person_notes_aliases() {
    // People/Jon Stefansson.md says `aliases: [Jon Stephenson, Jon S]`: one person, no config.
    let owners: BTreeSet<&str> = index().tasks().filter_map(|t| t.owner.as_deref()).collect();
    assert!(owners.contains("Jon Stefansson"), "{owners:?}");
    assert!(!owners.contains("Jon Stephenson"), "{owners:?}");
    // People/Marco Bellini.md says `aliases: [Marco]`: `@Marco` is shown as Marco Bellini.
    assert!(
        owners.contains("Marco Bellini") && !owners.contains("Marco"),
        "{owners:?}"
    );

    // As written (what `triage owners` counts), the spellings stay apart.
    let raw = load_with(&Config::default().without_aliases());
    let owners: BTreeSet<&str> = raw.tasks().filter_map(|t| t.owner.as_deref()).collect();
    assert!(
        owners.contains("Jon Stefansson") && owners.contains("Jon Stephenson"),
        "{owners:?}"
    );
    let person = index().directory().people.find("Jon Stephenson");
    assert_eq!(
        person.and_then(|p| p.note.as_deref()),
        Some("People/Jon Stefansson.md")
    );
}

#[test]
fn accounts_from_frontmatter_account_notes_and_tags() {
    let accounts: BTreeSet<&str> = index()
        .tasks()
        .filter_map(|t| t.account.as_deref())
        .collect();
    assert!(accounts.len() >= 5, "accounts: {accounts:?}");
    let cases = [
        // `type: account` note: its `name`, not its title "Copperleaf (pilot)".
        (
            "Accounts/Copperleaf.md",
            "Prepare the week-6 pilot readout",
            "Copperleaf",
        ),
        // `account: "[[Kestrel Bank]]"` and `account: "[[Kestrel Bank|Kestrel]]"`.
        (SECURITY, "pen test executive summary", "Kestrel Bank"),
        (PROCUREMENT, "second signing officer", "Kestrel Bank"),
        // `account: [Pinecrest Health]` written as a block list.
        (KICKOFF, "SAML metadata", "Pinecrest Health"),
        // `account: 'Orbital Freight'`, quoted.
        (ORBITAL, "contract summary", "Orbital Freight"),
        (QBR, "three-year pricing outline", "Brightwater Foods"),
        // Only ever a tag on the task line: shown as words, never as the lower-case slug.
        (QUILLON, "Create the opportunity", "Quillon Labs"),
        // `#account/copperleaf` in lower case: one account, spelled as the account note spells it.
        (PIPELINE, "Copperleaf success criteria", "Copperleaf"),
        (
            "Daily/2026-11-20.md",
            "planner who never logs in",
            "Copperleaf",
        ),
    ];
    for (path, needle, account) in cases {
        assert_eq!(
            at(path, needle).account.as_deref(),
            Some(account),
            "{path}: {needle}"
        );
    }
    assert!(!accounts.contains("copperleaf"), "{accounts:?}");
    assert_eq!(at(SYNC_17, "advisory session invite list").account, None);
}

#[test]
fn dates_spread_around_the_demo_monday() {
    let today = demo_today();
    let open: Vec<&Task> = index()
        .tasks()
        .filter(|t| !t.status_type.is_closed())
        .collect();
    let count = |b: Bucket| open.iter().filter(|t| t.bucket(today) == b).count();
    let want = [
        (Bucket::Overdue, 15),
        (Bucket::Today, 8),
        (Bucket::Tomorrow, 5),
        (Bucket::Next7Days, 10),
        (Bucket::Later, 10),
        (Bucket::NoDate, 10),
    ];
    for (bucket, least) in want {
        assert!(
            count(bucket) >= least,
            "{}: {} open tasks",
            bucket.label(),
            count(bucket)
        );
    }
    // Closed tasks with a past due date are not overdue.
    assert!(
        index()
            .tasks()
            .any(|t| t.status_type.is_closed() && t.bucket(today) == Bucket::Past)
    );
    for t in index().tasks() {
        if let Some(done) = t.dates.done {
            assert!(
                done <= today,
                "{}: done {done}, after the demo day",
                t.location()
            );
        }
    }
}

#[test]
fn every_status_and_priority_appears() {
    let of = |s: StatusType| index().tasks().filter(move |t| t.status_type == s);
    assert!(of(StatusType::Done).count() >= 10);
    assert!(of(StatusType::Done).all(|t| t.dates.done.is_some()));
    assert!(of(StatusType::Cancelled).count() >= 4);
    assert!(of(StatusType::Cancelled).all(|t| t.dates.cancelled.is_some()));
    assert!(of(StatusType::InProgress).count() >= 3);
    for p in Priority::ALL {
        assert!(
            index().tasks().any(|t| t.priority == p),
            "no task with priority {}",
            p.as_str()
        );
    }
    let unknown = at(SYNC_17, "[!] Kestrel procurement");
    assert_eq!(
        (unknown.status, unknown.status_type),
        ('!', StatusType::Todo)
    );
    assert_eq!(unknown.owner.as_deref(), Some("Marco Bellini"));
}

#[test]
fn dataview_fields_in_both_bracket_forms() {
    let square = at(KESTREL, "3-year ramp order form");
    assert_eq!(square.dates.due, date("2026-11-30"));
    assert_eq!(square.priority, Priority::High);
    assert_eq!(square.description(), "Prepare the 3-year ramp order form");
    let round = at(CHECKLIST, "fill in owners from the kickoff");
    assert_eq!(round.dates.due, date("2026-12-02"));
    assert_eq!(round.owner.as_deref(), Some("Jon Stefansson"));
    let scheduled = at("Projects/Support handoff process.md", "two-minute video");
    assert_eq!(scheduled.dates.scheduled, date("2026-12-03"));
    assert_eq!(scheduled.priority, Priority::Low);
}

#[test]
fn fields_in_the_middle_of_a_line() {
    let t = at("Inbox.md", "Call the insurance");
    assert_eq!(t.dates.due, date("2026-11-24"));
    assert_eq!(t.priority, Priority::Low);
    assert_eq!(
        t.description(),
        "Call the insurance about the laptop screen"
    );
}

#[test]
fn recurrence_ids_block_links_and_other_emoji_fields() {
    let r = at(SYNC_17, "renewals digest for the team");
    assert_eq!(r.recurrence(), Some("every week on Monday"));
    assert_eq!(r.dates.due, Some(demo_today()));
    assert!(r.has_tag("ritual"));
    assert!(index().tasks().filter(|t| t.recurrence().is_some()).count() >= 4);

    let map = at(KICKOFF, "Draft the Pinecrest data mapping");
    assert_eq!(map.id(), Some("pch-map"));
    assert_eq!(map.priority, Priority::High);
    let import = at(KICKOFF, "first test import");
    assert_eq!(
        import.depends_on().iter().map(|d| &**d).collect::<Vec<_>>(),
        ["pch-map"]
    );

    let blk = at(KESTREL, "14 security follow-up");
    assert_eq!(blk.block_id(), Some("kb-sec-q"));
    assert_eq!(blk.priority, Priority::Highest);
    assert_eq!(
        blk.description(),
        "Answer the 14 security follow-up questions"
    );

    let comms = at(WORKSHOP, "go-live communication");
    assert_eq!(
        (comms.dates.start, comms.dates.due),
        (date("2026-12-07"), date("2026-12-18"))
    );
    assert_eq!(comms.priority, Priority::Lowest);
    assert_eq!(
        at(WORKSHOP, "dry run of the cutover").dates.scheduled,
        Some(demo_today())
    );
}

#[test]
fn callouts_numbered_and_nested_tasks_are_tasks() {
    let callout = at(SYNC_17, "Rebalance Priya's workload");
    assert_eq!(callout.heading.as_deref(), Some("Summary"));
    assert_eq!(callout.priority, Priority::High);
    let numbered = at(CHECKLIST, "Draft the new checklist template");
    assert_eq!(numbered.status_type, StatusType::InProgress);
    assert_eq!(numbered.heading.as_deref(), Some("Plan"));
    assert_eq!(
        at("Daily/2026-11-23.md", "Orbital renewal prep with Marco").priority,
        Priority::Highest
    );
    let nested = at(PILOT, "Ask the regional manager");
    assert_eq!(nested.owner.as_deref(), Some("Myself"));
    assert_eq!(nested.account.as_deref(), Some("Copperleaf"));
}

#[test]
fn tags_in_sentences_stay_in_the_description() {
    let t = at("Inbox.md", "committee memo");
    assert_eq!(
        t.description(),
        "Read the #pricing committee memo that Marco forwarded"
    );
    assert!(t.has_tag("pricing"));
    let end = at(SECURITY, "just-in-time access can be enforced");
    assert_eq!(
        end.tags.iter().map(|t| &**t).collect::<Vec<_>>(),
        ["security", "product"]
    );
    assert_eq!(
        end.description(),
        "Check whether just-in-time access can be enforced per tenant"
    );
}

#[test]
fn mojibake_fields_are_fields_and_descriptions_are_repaired() {
    let t = at(ORBITAL, "Pull seat-level usage");
    assert_eq!(
        (t.dates.due, t.priority),
        (date("2026-11-16"), Priority::High)
    );
    assert_eq!(t.owner.as_deref(), Some("Marco Bellini"));
    assert_eq!(
        t.description(),
        "Pull seat-level usage for the last 90 days"
    );
    let t = at(ORBITAL, "price increase rationale");
    assert_eq!(
        (t.dates.due, t.priority),
        (date("2026-11-30"), Priority::Medium)
    );
    let t = at(PROCUREMENT, "complete vendor package");
    assert_eq!(
        (t.dates.due, t.priority),
        (date("2026-12-04"), Priority::Highest)
    );
    // Written as Windows-1252 mojibake of a right single quote.
    let t = at(PROCUREMENT, "year-end close moves");
    assert_eq!(
        t.description(),
        "Check if Kestrel\u{2019}s year-end close moves the legal review"
    );

    for t in index().tasks() {
        let d = t.description();
        let left = d.contains('\u{F8FF}')
            || d.contains("\u{201A}\u{00C4}")
            || d.contains("\u{00E2}\u{20AC}");
        assert!(!left, "{}: mojibake left in {d:?}", t.location());
    }
}

#[test]
fn one_invalid_date() {
    let t = at(PROCUREMENT, "2026-11-31");
    assert_eq!(t.dates.due, None);
    assert!(t.dates.is_invalid(DateKind::Due));
    let invalid: Vec<_> = index()
        .findings()
        .filter(|f| f.kind == FindingKind::InvalidDate)
        .collect();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!((&*invalid[0].path, invalid[0].line), (PROCUREMENT, t.line));
}

#[test]
fn code_fences_and_comments_hide_task_like_lines() {
    assert!(no_task_at(CHECKLIST, "Send the welcome pack"));
    assert!(no_task_at(LENA_1_1, "team manager role would involve"));
    assert!(
        !index()
            .tasks()
            .any(|t| t.description().contains("welcome pack"))
    );
}

#[test]
fn bare_dates_and_emails_are_not_fields() {
    // "… auto-renews 2026-12-01 …" would be a due date if bare dates counted.
    assert_eq!(at(SYNC_17, "[!] Kestrel procurement").dates.due, None);
    for t in index().tasks() {
        if let Some(o) = &t.owner {
            assert!(
                !o.contains("example"),
                "{}: owner {o:?} read from an e-mail",
                t.location()
            );
        }
    }
}

#[test]
fn saved_views_are_valid_queries() {
    let views: Vec<(&str, &str)> = index()
        .tasks_blocks()
        .map(|(e, b)| (&*e.note.meta.path, b.query.as_str()))
        .collect();
    assert_eq!(
        views.iter().filter(|(p, _)| *p == "Dashboard.md").count(),
        3,
        "{views:?}"
    );
    assert_eq!(
        views
            .iter()
            .filter(|(p, _)| *p == "Weekly Review.md")
            .count(),
        1,
        "{views:?}"
    );
    // Every view shows something on the demo's Monday; none is an accidental match-all.
    let all = index().task_count();
    for (path, query) in &views {
        let result = match Query::parse(query) {
            Ok(q) => q.run(index().tasks(), demo_today()),
            Err(e) => panic!("{path}: saved view does not parse: {e}"),
        };
        assert!(
            result.total > 0 && result.total < all,
            "{path}: {query:?} shows {} tasks",
            result.total
        );
    }
    let first = views
        .iter()
        .find(|(_, q)| q.contains("group by owner"))
        .map(|(_, q)| *q);
    let result =
        Query::parse(first.unwrap_or_default()).map(|q| q.run(index().tasks(), demo_today()));
    let groups = result.map(|r| r.groups).unwrap_or_default();
    assert!(
        groups.iter().any(|g| g.keys == ["Myself"]),
        "no Myself group in the morning view"
    );
    for t in groups.iter().flat_map(|g| g.tasks.iter()) {
        assert!(
            !t.status_type.is_closed() && t.dates.due.is_some_and(|d| d <= demo_today()),
            "{}",
            t.location()
        );
    }
    assert!(views.iter().any(|(_, q)| q.contains("group by owner")));
    assert!(views.iter().any(|(_, q)| q.contains("is proposed")));
}

#[test]
fn check_reports_only_the_deliberate_problems() {
    let required = [
        (PROCUREMENT, "2026-11-31", FindingKind::InvalidDate),
        (
            SYNC_17,
            "[!] Kestrel procurement",
            FindingKind::UnknownStatus,
        ),
        (ORBITAL, "Pull seat-level usage", FindingKind::Mojibake),
        (ORBITAL, "usage summary per team", FindingKind::Mojibake),
        (ORBITAL, "price increase rationale", FindingKind::Mojibake),
        (
            PROCUREMENT,
            "complete vendor package",
            FindingKind::Mojibake,
        ),
        (PROCUREMENT, "year-end close moves", FindingKind::Mojibake),
    ];
    // Mojibake in the prose of the two imported notes may be reported too; nothing else may.
    let prose = [
        (ORBITAL, "Orbital\u{201A}\u{00C4}\u{00F4}s new head"),
        (ORBITAL, "before she commits"),
        (ORBITAL, "show me the usage"),
        (ORBITAL, "s team runs dispatch"),
        (PROCUREMENT, "Grace walked us through"),
        (PROCUREMENT, "vendor portal"),
    ];
    let key = |p: &str, needle: &str, k: FindingKind| (p.to_string(), line_of(p, needle), k);
    let required: BTreeSet<_> = required.iter().map(|(p, n, k)| key(p, n, *k)).collect();
    let mut allowed = required.clone();
    allowed.extend(prose.iter().map(|(p, n)| key(p, n, FindingKind::Mojibake)));
    let found: BTreeSet<(String, u32, FindingKind)> = index()
        .findings()
        .map(|f| (f.path.to_string(), f.line, f.kind))
        .collect();
    let missing: Vec<_> = required.difference(&found).collect();
    assert!(missing.is_empty(), "missing findings: {missing:?}");
    let unexpected: Vec<_> = found.difference(&allowed).collect();
    assert!(unexpected.is_empty(), "unexpected findings: {unexpected:?}");
}
