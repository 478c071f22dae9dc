//! Whole notes (SPEC §1–§3): what is a task, titles, headings, accounts, views, findings.

use std::sync::Arc;
use triage::Config;
use triage::parse::parse_note;
use triage::task::{FindingKind, ParsedNote, Priority, StatusType};

fn note(path: &str, text: &str) -> ParsedNote {
    parse_note(Arc::from(path), text.as_bytes(), &Config::default())
}

fn lines(n: &ParsedNote) -> Vec<u32> {
    n.tasks.iter().map(|t| t.line).collect()
}

fn kinds(n: &ParsedNote) -> Vec<(u32, FindingKind)> {
    n.findings.iter().map(|f| (f.line, f.kind)).collect()
}

const SPEC_NOTE: &str = "---
type: customer
title: Example Co strategy and next steps
date: '2025-12-15'
account: Example Co
participants: [Dana Reyes, Sam Okafor]
tags: [type/customer, account/example-co, generated]
---
## Action Items
- [?] Draft the integration brief for the partner review @Myself 📅 2025-12-17 ⏫ #task #proposed #auto
- [ ] Send the pricing follow-up to procurement @Dana Reyes ⏫ #task #proposed
- [ ] Book the onsite workshop @Sam Okafor 📅 2026-01-12 #task
";

#[test]
fn the_spec_example() {
    let n = note("Customers/Example.md", SPEC_NOTE);
    assert_eq!(lines(&n), [10, 11, 12]);
    assert!(n.findings.is_empty(), "{:?}", n.findings);
    let m = &n.meta;
    assert_eq!(m.title, "Example Co strategy and next steps");
    assert_eq!(m.note_type.as_deref(), Some("customer"));
    assert_eq!(m.date.as_deref(), Some("2025-12-15"));
    assert_eq!(m.account.as_deref(), Some("Example Co"));
    assert_eq!(m.tags, ["type/customer", "account/example-co", "generated"]);
    let t = &n.tasks[0];
    assert_eq!(
        t.description(),
        "Draft the integration brief for the partner review"
    );
    assert_eq!(t.owner.as_deref(), Some("Myself"));
    assert_eq!(t.priority, Priority::High);
    assert!(t.proposed);
    assert_eq!(t.heading.as_deref(), Some("Action Items"));
    assert_eq!(
        t.dates.due.map(|d| d.to_string()).as_deref(),
        Some("2025-12-17")
    );
    let t = &n.tasks[1];
    assert_eq!(t.owner.as_deref(), Some("Dana Reyes"));
    assert!(t.proposed, "#proposed tag");
    assert_eq!(t.status_type, StatusType::Todo);
    assert!(!n.tasks[2].proposed);
    assert_eq!(&*n.tasks[2].tags[0], "task");
}

#[test]
fn fences_hide_tasks() {
    let n = note(
        "a.md",
        "- [ ] 1\n```\n- [ ] no\n```\n- [ ] 5\n~~~~\n- [ ] no\n~~~\n```\n- [ ] no\n~~~~\n- [ ] 12\n",
    );
    assert_eq!(lines(&n), [1, 5, 12]);
}

#[test]
fn unclosed_fence_runs_to_the_end() {
    let n = note("a.md", "- [ ] 1\n```js\n- [ ] no\n");
    assert_eq!(lines(&n), [1]);
}

#[test]
fn fences_in_lists_and_callouts() {
    let n = note(
        "a.md",
        "- item\n  ```\n  - [ ] no\n  ```\n> ```\n> - [ ] no\n> ```\n> - [ ] 8\n",
    );
    assert_eq!(lines(&n), [8]);
}

#[test]
fn backtick_fence_with_backtick_info_is_not_a_fence() {
    let n = note("a.md", "``` a`b\n- [ ] 2\n");
    assert_eq!(lines(&n), [2]);
}

#[test]
fn comment_blocks_hide_tasks() {
    let n = note(
        "a.md",
        "%%\n- [ ] no\n%%\n- [ ] 4\n<!--\n- [ ] no\n-->\n- [ ] 8 %% inline %%\n- [ ] 9 <!-- x -->\n",
    );
    assert_eq!(lines(&n), [4, 8, 9]);
    let n = note(
        "a.md",
        "text %% open\n- [ ] no\nclose %% - [ ] no\n- [ ] 4\n",
    );
    assert_eq!(lines(&n), [4]);
}

#[test]
fn fence_inside_comment_is_ignored() {
    let n = note("a.md", "%%\n```\n%%\n- [ ] 4\n");
    assert_eq!(lines(&n), [4]);
}

#[test]
fn frontmatter_lines_are_never_tasks() {
    let n = note("a.md", "---\nx: |\n  - [ ] no\n---\n- [ ] 5\n");
    assert_eq!(lines(&n), [5]);
    // Without a closing `---` there is no frontmatter.
    let n = note("a.md", "---\n- [ ] 2\n");
    assert_eq!(lines(&n), [2]);
}

#[test]
fn bom_and_crlf() {
    let text = "\u{FEFF}---\r\ntitle: T\r\n---\r\n# H\r\n- [x] done ✅ 2026-01-02\r\n- [ ] b\r\n";
    let n = note("a.md", text);
    assert_eq!(n.meta.title, "T");
    assert_eq!(lines(&n), [5, 6]);
    assert_eq!(n.tasks[0].text(), "- [x] done ✅ 2026-01-02");
    assert_eq!(n.tasks[0].status_type, StatusType::Done);
    assert_eq!(n.tasks[1].description(), "b");
    let n = note("a.md", "\u{FEFF}- [ ] first\r\n");
    assert_eq!(lines(&n), [1]);
}

#[test]
fn titles() {
    assert_eq!(
        note("x/Stem.md", "# Heading One\n").meta.title,
        "Heading One"
    );
    assert_eq!(note("x/Stem.md", "## Two\n# One #\n").meta.title, "One");
    assert_eq!(note("x/Stem.md", "text\n").meta.title, "Stem");
    assert_eq!(note("Stem.MD", "").meta.title, "Stem");
    assert_eq!(note("a.md", "---\ntitle: FM\n---\n# H\n").meta.title, "FM");
    assert_eq!(note("a.md", "#NotAHeading\n").meta.title, "a");
}

#[test]
fn nearest_heading_above() {
    let n = note(
        "a.md",
        "- [ ] 1\n# A\n- [ ] 3\n### B ###\n- [ ] 5\n```\n# not\n```\n- [ ] 9\n",
    );
    let h: Vec<_> = n
        .tasks
        .iter()
        .map(|t| t.heading.as_deref().map(str::to_string))
        .collect();
    assert_eq!(
        h,
        [None, Some("A".into()), Some("B".into()), Some("B".into())]
    );
}

#[test]
fn accounts_from_frontmatter_forms() {
    for fm in [
        "account: Acme",
        "account: '[[Acme]]'",
        "account: \"[[Acme|ACME Inc]]\"",
        "account: [Acme, Other]",
        "account: [[Acme]]",
        "account:\n  - \"[[Acme]]\"",
    ] {
        let n = note("a.md", &format!("---\n{fm}\n---\n- [ ] x\n"));
        assert_eq!(n.meta.account.as_deref(), Some("Acme"), "{fm}");
        assert_eq!(n.tasks[0].account.as_deref(), Some("Acme"), "{fm}");
    }
}

#[test]
fn account_notes_tags_and_folders() {
    let n = note("a.md", "---\ntype: account\nname: Globex\n---\n- [ ] x\n");
    assert_eq!(n.meta.account.as_deref(), Some("Globex"));
    let n = note("a.md", "---\ntype: account\ntitle: Initech\n---\n");
    assert_eq!(n.meta.account.as_deref(), Some("Initech"));
    let n = note("a.md", "---\ntags: [x, account/umbrella]\n---\n");
    assert_eq!(n.meta.account.as_deref(), Some("umbrella"));
    let n = note("a.md", "---\ntags: \"#x #account/hooli\"\n---\n");
    assert_eq!(n.meta.account.as_deref(), Some("hooli"));
    let mut cfg = Config::default();
    cfg.accounts.folders = vec!["Customers/*".into()];
    let n = parse_note(Arc::from("Customers/Wayne/call.md"), b"- [ ] x", &cfg);
    assert_eq!(n.meta.account.as_deref(), Some("Wayne"));
    assert_eq!(n.tasks[0].account.as_deref(), Some("Wayne"));
}

#[test]
fn task_account_tag_when_note_has_none() {
    let n = note("a.md", "- [ ] x #account/soylent\n- [ ] y\n");
    assert_eq!(n.tasks[0].account.as_deref(), Some("soylent"));
    assert_eq!(n.tasks[1].account, None);
    let n = note(
        "a.md",
        "---\naccount: Acme\n---\n- [ ] x #account/soylent\n",
    );
    assert_eq!(n.tasks[0].account.as_deref(), Some("Acme"));
}

#[test]
fn owners_and_accounts_through_config_aliases() {
    let mut cfg = Config::default();
    cfg.people
        .aliases
        .insert("Jon".into(), "Jon Stefansson".into());
    cfg.accounts
        .aliases
        .insert("acme".into(), "Acme Corp".into());
    let n = parse_note(
        Arc::from("a.md"),
        b"---\naccount: ACME\n---\n- [ ] x @Jon\n- [ ] y @jon\n",
        &cfg,
    );
    assert_eq!(n.tasks[0].owner.as_deref(), Some("Jon Stefansson"));
    assert_eq!(n.tasks[1].owner.as_deref(), Some("Jon Stefansson"));
    assert_eq!(n.tasks[0].account.as_deref(), Some("Acme Corp"));
}

#[test]
fn tasks_blocks_are_views() {
    let n = note(
        "v.md",
        "# V\n```tasks\nnot done\ndue before tomorrow\n```\n~~~ Tasks\ngroup by owner\n~~~\n```task\nx\n```\n",
    );
    assert_eq!(n.views.len(), 2);
    assert_eq!(n.views[0].line, 2);
    assert_eq!(n.views[0].query, "not done\ndue before tomorrow");
    assert_eq!(n.views[1].query, "group by owner");
}

#[test]
fn tasks_blocks_in_callouts_and_blockquotes_lose_their_quote_markers() {
    let n = note(
        "v.md",
        "> [!todo] Open\n> ```tasks\n> not done\n>  path includes x\n>\n> ```\n\n> > ```tasks\n> > done\n> > ```\n",
    );
    assert_eq!(n.views.len(), 2);
    assert_eq!(n.views[0].line, 2);
    assert_eq!(n.views[0].query, "not done\n path includes x");
    assert_eq!(n.views[1].query, "done");
}

#[test]
fn statuses_and_findings() {
    let n = note("a.md", "- [/] a\n- [-] b\n- [!] c\n");
    let types: Vec<_> = n.tasks.iter().map(|t| t.status_type).collect();
    assert_eq!(
        types,
        [
            StatusType::InProgress,
            StatusType::Cancelled,
            StatusType::Todo
        ]
    );
    assert_eq!(kinds(&n), [(3, FindingKind::UnknownStatus)]);
    assert!(n.findings[0].message.contains("`[!]`"));
    assert_eq!(&*n.findings[0].path, "a.md");
}

#[test]
fn invalid_dates_are_findings_and_marked() {
    let n = note("a.md", "x\n- [ ] a 📅 2026-02-30\n");
    let t = &n.tasks[0];
    assert_eq!(t.dates.due, None);
    assert!(t.dates.is_invalid(triage::DateKind::Due));
    assert_eq!(kinds(&n), [(2, FindingKind::InvalidDate)]);
    assert!(
        n.findings[0].message.contains("2026-02-30"),
        "{}",
        n.findings[0].message
    );
}

#[test]
fn mistyped_fields_are_findings() {
    for (l, needle) in [
        ("- [ ] a 📅 2026-1-5", "📅 YYYY-MM-DD"),
        ("- [ ] a 📅 tomorrow", "`📅 tomorrow`"),
        ("- [ ] a 📅", "has no due date"),
        ("- [ ] a [due:: next week]", "[due:: YYYY-MM-DD]"),
        ("- [ ] a (scheduled:: soon)", "(scheduled:: YYYY-MM-DD)"),
        ("- [ ] a [priority:: urgent]", "highest, high"),
        ("- [ ] a 🔁 sometimes", "every"),
        ("- [ ] a ⏳ 2026/01/05", "scheduled date"),
    ] {
        let n = note("a.md", l);
        assert_eq!(kinds(&n), [(1, FindingKind::SuspectField)], "{l}");
        assert!(
            n.findings[0].message.contains(needle),
            "{l}: {}",
            n.findings[0].message
        );
    }
    // Code spans and valid fields raise nothing.
    assert!(
        note("a.md", "- [ ] `📅 x` 📅 2026-01-05 [due:: 2026-01-05]")
            .findings
            .is_empty()
    );
}

#[test]
fn mojibake_fields_and_findings() {
    let n = note("a.md", "- [ ] Dana‚Äôs brief \u{F8FF}üìÖ 2026-01-12 ‚è´\n");
    let t = &n.tasks[0];
    assert_eq!(t.description(), "Dana’s brief");
    assert_eq!(
        t.dates.due.map(|d| d.to_string()).as_deref(),
        Some("2026-01-12")
    );
    assert_eq!(t.priority, Priority::High);
    assert_eq!(
        kinds(&n)
            .iter()
            .filter(|k| k.1 == FindingKind::Mojibake)
            .count(),
        3,
        "{:?}",
        n.findings
    );
    let n = note("a.md", "- [ ] x üìÖ 2026-01-12\n");
    assert_eq!(
        n.tasks[0].dates.due.map(|d| d.to_string()).as_deref(),
        Some("2026-01-12")
    );
    assert!(
        n.findings[0].message.contains("cannot repair"),
        "{:?}",
        n.findings
    );
}

#[test]
fn invalid_utf8_keeps_tasks_and_neighbours() {
    let mut bytes = b"- [ ] caf\xe9 \xff\n".to_vec();
    bytes.extend_from_slice("- [ ] next 📅 2026-01-05\n".as_bytes());
    let n = parse_note(Arc::from("a.md"), &bytes, &Config::default());
    assert_eq!(lines(&n), [1, 2]);
    assert_eq!(n.tasks[0].text(), "- [ ] caf\u{FFFD} \u{FFFD}");
    assert!(n.tasks[1].dates.due.is_some());
}

#[test]
fn broken_frontmatter_keeps_tasks() {
    let n = note("a.md", "---\ntitle: [unclosed\nx: 1\n---\n- [ ] 5\n");
    assert_eq!(lines(&n), [5]);
    assert_eq!(n.meta.title, "a");
    assert_eq!(n.findings.len(), 1);
    assert_eq!(n.findings[0].kind, FindingKind::BrokenFrontmatter);
    assert!(
        n.findings[0].line >= 2 && n.findings[0].line <= 4,
        "{:?}",
        n.findings[0]
    );
}

#[test]
fn empty_and_whitespace_notes() {
    for t in ["", "\n", "\r\n", "---", "---\n---\n", "```"] {
        let n = note("a.md", t);
        assert!(n.tasks.is_empty(), "{t:?}");
    }
}

#[test]
fn task_fields_reach_the_model() {
    let n = note(
        "a.md",
        "- [x] a 🔁 every week when done ➕ 2026-01-01 ✅ 2026-01-08 🆔 a1 ⛔ b2, c3 🔽 ^blk\n",
    );
    let t = &n.tasks[0];
    assert_eq!(t.recurrence(), Some("every week when done"));
    assert_eq!(t.id(), Some("a1"));
    assert_eq!(
        t.depends_on().iter().map(|d| &**d).collect::<Vec<_>>(),
        ["b2", "c3"]
    );
    assert_eq!(t.priority, Priority::Low);
    assert_eq!(t.block_id(), Some("blk"));
    assert!(t.dates.created.is_some() && t.dates.done.is_some());
    assert_eq!(t.description(), "a");
}

#[test]
fn huge_notes_and_findings_stay_bounded() {
    let mut text = String::from("---\ntitle: big\n---\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "- [ ] task {i} 📅 2026-01-05 #t\nprose ‚Äô line\n"
        ));
    }
    let n = note("a.md", &text);
    assert_eq!(n.tasks.len(), 20_000);
    assert_eq!(n.tasks[19_999].line, 3 + 2 * 20_000 - 1);
    for piece in ["%%<!--", "<!--", "%%", "```", "<!-- %% -->"] {
        let line = format!("x {}\n- [ ] after\n", piece.repeat(60_000));
        let start = std::time::Instant::now();
        let _ = note("a.md", &line);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{piece:?}"
        );
    }
    let broken = format!("- [ ] x {}", "📅 ".repeat(10_000));
    assert!(note("a.md", &broken).findings.len() <= 10);
}

#[test]
fn inline_html_comment_does_not_hide_later_tasks() {
    let n = note("a.md", "Some text <!-- never closed\n\n- [ ] 3\n");
    assert_eq!(lines(&n), [3]);
}

#[test]
fn callout_fence_ends_with_the_callout() {
    let n = note("a.md", "> [!note]\n> ```\n> - [ ] no\n\n- [ ] 5\n");
    assert_eq!(lines(&n), [5]);
}

#[test]
fn four_space_indent_outside_a_list_is_code() {
    let n = note(
        "a.md",
        "Paragraph\n\n    - [ ] code block\n\n- [ ] 5\n    - [ ] 6 nested\n\t- [ ] 7 nested\n\nText\n    - [ ] continuation\n",
    );
    assert_eq!(lines(&n), [5, 6, 7]);
}

#[test]
fn is_task_line_agrees_with_parse_note() {
    use triage::parse::note::is_task_line;
    let text = "---\nx: 1\n---\n- [ ] 4\n```\n- [ ] no\n```\npara\n\n    - [ ] code\n%%\n- [ ] no\n%%\n> - [x] 14\n";
    let n = note("a.md", text);
    let want: Vec<u32> = (1..=15)
        .filter(|i| is_task_line(text.as_bytes(), *i))
        .collect();
    assert_eq!(lines(&n), want);
    assert_eq!(want, [4, 14]);
}

#[test]
fn account_tag_in_prose_names_the_note_account() {
    let n = note("a.md", "Call notes for #account/initech today\n- [ ] x\n");
    assert_eq!(n.meta.account.as_deref(), Some("initech"));
    assert_eq!(n.tasks[0].account.as_deref(), Some("initech"));
    let n = note("a.md", "see https://x.io/#account/no\n- [ ] x\n");
    assert_eq!(n.meta.account, None);
    let n = note("a.md", "---\ntags: [account/fm]\n---\n#account/prose\n");
    assert_eq!(n.meta.account.as_deref(), Some("fm"));
}

#[test]
fn prose_emoji_are_not_suspect_fields() {
    for l in [
        "- [ ] ✅ all good on the call",
        "- [ ] ❌ blocked by legal",
        "- [ ] ➕ add the appendix",
    ] {
        assert!(note("a.md", l).findings.is_empty(), "{l}");
    }
    for l in [
        "- [x] done ✅ 2026-1-5",
        "- [x] done ✅",
        "- [-] no ❌ 12/01",
    ] {
        assert_eq!(
            kinds(&note("a.md", l)),
            [(1, FindingKind::SuspectField)],
            "{l}"
        );
    }
}
