//! People and accounts as the vault declares them (SPEC §11), on a fixture built like the notes the
//! product was designed from: one declaration kind and one suggestion kind per case, near misses included.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use triage::Config;
use triage::names::{self, NameKind, Suggestion};
use triage::vault::{Index, scan};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-people")
}

fn index_with(cfg: &Config) -> Index {
    scan(&fixture(), cfg).expect("scan")
}

fn owner_of(index: &Index, needle: &str) -> Option<String> {
    let t = index
        .tasks()
        .find(|t| t.text().contains(needle))
        .unwrap_or_else(|| panic!("no task {needle:?}"));
    t.owner.as_deref().map(String::from)
}

fn account_of(index: &Index, needle: &str) -> Option<String> {
    let t = index
        .tasks()
        .find(|t| t.text().contains(needle))
        .unwrap_or_else(|| panic!("no task {needle:?}"));
    t.account.as_deref().map(String::from)
}

#[test]
fn person_keys_entity_and_person_tags_are_one_person_shown_by_its_frontmatter_spelling() {
    let index = index_with(&Config::default());
    let people = &index.directory().people;
    let jonsi = people.find("Jonsi Stephenson").expect("declared");
    assert_eq!(&*jonsi.shown, "Jonsi Stephenson");
    // `entity: Jonsi Stefanson` and the tag `person/jonsi-stephenson` are the same person.
    for spelling in ["Jonsi Stefanson", "jonsi-stephenson", "JONSI STEPHENSON"] {
        assert_eq!(
            people.find(spelling).map(|e| &*e.shown),
            Some("Jonsi Stephenson"),
            "{spelling}"
        );
    }
    assert_eq!(
        jonsi.note.as_deref(),
        Some("People/Jonsi Stephenson/2025-10-02 Intro call.md")
    );
    assert_eq!(
        owner_of(&index, "Share the roadmap").as_deref(),
        Some("Jonsi Stephenson")
    );
    // A first name is only a suggestion: never merged silently.
    assert_eq!(
        owner_of(&index, "Ask about the pilot budget").as_deref(),
        Some("Jonsi")
    );
}

#[test]
fn aliases_on_a_person_note_and_link_aliases_are_declarations() {
    let index = index_with(&Config::default());
    let people = &index.directory().people;
    let sam = people.find("Sam O").expect("alias of Sam Okafor");
    assert_eq!(&*sam.shown, "Sam Okafor");
    assert_eq!(sam.note.as_deref(), Some("People/Sam Okafor.md"));
    // `@[[Priya Natarajan|Priya]]` ties `@Priya` to Priya Natarajan everywhere.
    assert_eq!(
        owner_of(&index, "Ask Priya for the numbers").as_deref(),
        Some("Priya Natarajan")
    );
    // `entity:` beside `person:` that is not close to it is the person's organisation.
    assert!(people.find("Globex Corporation").is_none());
    // Two different people a letter apart stay two people.
    assert_eq!(
        owner_of(&index, "Introduce Dina").as_deref(),
        Some("Dina Reyes")
    );
    assert_eq!(
        owner_of(&index, "Check the audit scope").as_deref(),
        Some("Dana Reyes")
    );
}

#[test]
fn account_notes_their_aliases_and_slugs_are_one_account_never_shown_as_a_slug() {
    let index = index_with(&Config::default());
    assert_eq!(
        account_of(&index, "Send the renewal quote").as_deref(),
        Some("Northwind Traders")
    );
    // `name: Quillon Labs` on the account note names `#account/quillon-labs`.
    assert_eq!(
        account_of(&index, "Confirm the Quillon pilot").as_deref(),
        Some("Quillon Labs")
    );
    // `account: EY` in frontmatter: the frontmatter spelling, not the tag's `ey`.
    assert_eq!(
        account_of(&index, "Check the audit scope").as_deref(),
        Some("EY")
    );
    let accounts = &index.directory().accounts;
    assert_eq!(
        accounts.find("northwind").and_then(|e| e.note.as_deref()),
        Some("Accounts/Northwind Traders.md")
    );
    // No person is an account.
    assert!(accounts.find("Jonsi Stephenson").is_none());
}

#[test]
fn a_people_folder_rule_names_the_person_of_a_folder_or_a_note() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write(
        "Staff/Ola Nordmann/1-1.md",
        "- [ ] Plan the review @Ola-Nordmann\n",
    );
    write("Staff/Kari Holm.md", "- [ ] Ask about leave @Kari\n");
    write("Notes/x.md", "- [ ] Other @ola nordmann\n");
    let mut cfg = Config::default();
    cfg.people.folders = vec!["Staff/*".into()];
    cfg.reindex();
    let index = scan(dir.path(), &cfg).expect("scan");
    let people = &index.directory().people;
    assert_eq!(
        people.find("ola nordmann").map(|e| &*e.shown),
        Some("Ola Nordmann")
    );
    assert_eq!(
        people.find("Kari Holm").and_then(|e| e.note.as_deref()),
        Some("Staff/Kari Holm.md")
    );
    assert_eq!(
        owner_of(&index, "Plan the review").as_deref(),
        Some("Ola Nordmann")
    );
    // Without the rule nothing says who the folder is about.
    let plain = scan(dir.path(), &Config::default()).expect("scan");
    assert_eq!(
        owner_of(&plain, "Plan the review").as_deref(),
        Some("Ola-Nordmann")
    );
}

fn suggestions() -> Vec<Suggestion> {
    let cfg = Config::default();
    let raw = index_with(&cfg.without_aliases());
    let counts = names::count(raw.tasks(), NameKind::Owners);
    let dir = raw.directory();
    let spellings = names::spellings(&counts.names, raw.tasks(), dir, NameKind::Owners);
    let current = |n: &str| {
        dir.people
            .find(n)
            .map_or_else(|| std::sync::Arc::from(n), |e| e.shown.clone())
    };
    names::suggest(&spellings, dir, NameKind::Owners, &current).1
}

fn suggested<'a>(all: &'a [Suggestion], alias: &str) -> Option<&'a Suggestion> {
    all.iter().find(|s| &*s.alias == alias)
}

#[test]
fn a_first_name_used_only_in_one_persons_notes_is_suggested_with_that_evidence() {
    let all = suggestions();
    let s = suggested(&all, "Jonsi").expect("Jonsi suggested");
    assert_eq!(&*s.canonical, "Jonsi Stephenson");
    assert!(
        s.why
            .contains("@Jonsi appears only in notes whose person is Jonsi Stephenson"),
        "{}",
        s.why
    );
}

#[test]
fn near_spellings_from_participants_are_suggested_with_their_reason() {
    let all = suggestions();
    let kushal = suggested(&all, "Kushal Datta").expect("Dada/Datta");
    assert_eq!(&*kushal.canonical, "Kushal Dada");
    assert!(kushal.why.contains("sounds alike"), "{}", kushal.why);
    assert!(kushal.why.contains("(in 1 note)"), "{}", kushal.why);
    let manish = suggested(&all, "Maneesh Sah").expect("Manish/Maneesh");
    assert_eq!(&*manish.canonical, "Manish Sah");
}

#[test]
fn near_misses_are_not_suggested() {
    let all = suggestions();
    for s in &all {
        let pair = [&*s.alias, &*s.canonical];
        assert!(
            !pair.contains(&"Dana Reyes") && !pair.contains(&"Dina Reyes"),
            "two people a letter apart: {s:?}"
        );
        assert!(
            !pair.iter().any(|n| n.starts_with("Sam")),
            "a first name two people share: {s:?}"
        );
    }
    // Declared ties need no suggestion.
    assert!(suggested(&all, "Jonsi Stefanson").is_none(), "{all:?}");
    assert!(suggested(&all, "Priya").is_none(), "{all:?}");
}

#[test]
fn folder_rules_never_make_a_person_an_account() {
    let index = index_with(&Config::default());
    let dir = index.directory();
    let person = |n: &str| dir.people.find(n).is_some_and(|e| e.declared);
    let rules = names::folder_rules(index.tasks(), 5, &person);
    let listed: Vec<&str> = rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(listed, vec!["Customers/*"]);
}

fn triage(home: &Path) -> Command {
    let mut cmd = common::triage_at_home(home);
    cmd.env("TRIAGE_TODAY", "2025-12-15");
    cmd
}

const USER_CONFIG: &str = "# my settings\n\
    me = [\"Myself\"]   # that's me\n\
    \n\
    [people.aliases]\n\
    # short names\n\
    \"Jon\" = \"Jon Stefansson\"\n";

#[test]
fn apply_writes_the_named_suggestions_and_keeps_the_comments() {
    let home = tempfile::tempdir().expect("tmp");
    let file = home.path().join("mine.toml");
    std::fs::write(&file, USER_CONFIG).expect("config");
    let listing = triage(home.path())
        .arg("--config")
        .arg(&file)
        .arg("owners")
        .arg(fixture())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listing = String::from_utf8_lossy(&listing);
    let line = listing
        .lines()
        .find(|l| l.starts_with("\"Jonsi\" = \"Jonsi Stephenson\""))
        .unwrap_or_else(|| panic!("no Jonsi line in:\n{listing}"));
    let number = line
        .split("# [")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .expect("numbered");
    triage(home.path())
        .arg("--config")
        .arg(&file)
        .args(["owners", "--apply", number, "--apply", "Sam=Sam Okafor"])
        .arg(fixture())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Wrote 2 alias lines under [people.aliases]",
        ));
    let text = std::fs::read_to_string(&file).expect("read");
    for kept in [
        "# my settings",
        "me = [\"Myself\"]   # that's me",
        "# short names",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    // The view regroups: every Jonsi task is now Jonsi Stephenson's.
    triage(home.path())
        .arg("--config")
        .arg(&file)
        .arg("owners")
        .arg(fixture())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("     3      3  Jonsi   (alias → Jonsi Stephenson)\n")
                .and(predicate::str::contains("Sam   (alias → Sam Okafor)")),
        );
}

#[test]
fn apply_of_an_unknown_suggestion_fails_and_writes_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let file = home.path().join("mine.toml");
    std::fs::write(&file, USER_CONFIG).expect("config");
    triage(home.path())
        .arg("--config")
        .arg(&file)
        .args(["owners", "--apply", "99"])
        .arg(fixture())
        .assert()
        .failure()
        .stderr(predicate::str::contains("no such suggestion"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), USER_CONFIG);
}

#[test]
fn check_reports_a_lower_case_full_name_as_a_likely_mistyped_owner() {
    let home = tempfile::tempdir().expect("tmp");
    triage(home.path())
        .arg("check")
        .arg(fixture())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Meetings/2025-11-03 Platform sync.md:10: suspect-owner: \"@jonsi stephenson\" reads as \
             the owner \"jonsi\"",
        ).and(predicate::str::contains("write @Jonsi Stephenson or @[[Jonsi Stephenson]]")));
    // A lower-case word after a mention that names nobody is ordinary prose.
    let index = index_with(&Config::default());
    let found = names::mistyped_owners(index.tasks(), &index.directory().people);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_merge_regroups_at_once_and_holds_for_notes_read_later() {
    let mut index = index_with(&Config::default());
    index.merge_names(names::Kind::People, "Jonsi", "Jonsi Stephenson");
    assert_eq!(
        owner_of(&index, "Ask about the pilot budget").as_deref(),
        Some("Jonsi Stephenson")
    );
    // `@jonsi` (the same letters) went with it.
    assert_eq!(
        owner_of(&index, "Reply to the security questions").as_deref(),
        Some("Jonsi Stephenson")
    );
    let rel: std::sync::Arc<str> = "People/Jonsi Stephenson/2025-10-02 Intro call.md".into();
    let entry = triage::vault::read_note(&fixture(), rel, &Config::default()).expect("read");
    index.apply(triage::vault::NoteUpdate::Upsert(entry));
    assert_eq!(
        owner_of(&index, "Send Jonsi the onboarding deck").as_deref(),
        Some("Jonsi Stephenson")
    );
}

#[test]
fn a_person_note_changed_later_regroups_every_task() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("People")).expect("mkdir");
    std::fs::write(dir.path().join("a.md"), "- [ ] Call back @Sammy\n").expect("note");
    std::fs::write(
        dir.path().join("People/Sam Okafor.md"),
        "---\ntype: person\n---\n",
    )
    .expect("person");
    let cfg = Config::default();
    let mut index = scan(dir.path(), &cfg).expect("scan");
    assert_eq!(owner_of(&index, "Call back").as_deref(), Some("Sammy"));
    let before = index.names_generation();
    std::fs::write(
        dir.path().join("People/Sam Okafor.md"),
        "---\ntype: person\naliases: [Sammy]\n---\n",
    )
    .expect("person");
    let entry =
        triage::vault::read_note(dir.path(), "People/Sam Okafor.md".into(), &cfg).expect("read");
    index.apply(triage::vault::NoteUpdate::Upsert(entry));
    assert_eq!(owner_of(&index, "Call back").as_deref(), Some("Sam Okafor"));
    assert!(index.names_generation() > before);
    // The live index now equals a fresh scan.
    assert!(
        index.same_as(&scan(dir.path(), &cfg).expect("scan")),
        "{:?}",
        index.differences(&scan(dir.path(), &cfg).expect("scan"), 3)
    );
}
