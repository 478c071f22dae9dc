//! The frontmatter reader (SPEC §1, §3): keys, forms, broken and hostile YAML.

use std::time::{Duration, Instant};
use triage::parse::frontmatter::{MAX_FRONTMATTER_BYTES, read_note, read_yaml};

fn fm(yaml: &str) -> triage::parse::Frontmatter {
    read_yaml(yaml.as_bytes()).unwrap_or_else(|e| panic!("{yaml}: {e}"))
}

#[test]
fn keys_and_forms() {
    let f = fm(
        "title: T\ntype: meeting\ndate: 2025-12-15\nperson: '[[Dana Reyes]]'\nparticipants: [A, '[[B|Bee]]']\naliases: [x, y]\nname: N\nother: {a: 1}\n",
    );
    assert_eq!(f.title.as_deref(), Some("T"));
    assert_eq!(f.note_type.as_deref(), Some("meeting"));
    assert_eq!(f.date.as_deref(), Some("2025-12-15"));
    assert_eq!(f.people, vec!["Dana Reyes".to_string()]);
    assert_eq!(f.participants, ["A", "B"]);
    assert_eq!(f.aliases, ["x", "y"]);
    assert_eq!(f.name.as_deref(), Some("N"));
}

#[test]
fn quoted_dates_stay_text() {
    assert_eq!(fm("date: '2025-12-15'").date.as_deref(), Some("2025-12-15"));
    assert_eq!(
        fm("date: \"2025-12-15\"").date.as_deref(),
        Some("2025-12-15")
    );
}

#[test]
fn entity_is_person() {
    assert_eq!(fm("entity: Acme").people, vec!["Acme".to_string()]);
    assert_eq!(
        fm("person: Jonsi Stephenson\nentity: Jonsi Stefanson").people,
        vec![
            "Jonsi Stephenson".to_string(),
            "Jonsi Stefanson".to_string()
        ]
    );
}

#[test]
fn tags_in_every_form() {
    assert_eq!(fm("tags: [a, '#b']").tags, ["a", "b"]);
    assert_eq!(fm("tags: a, b").tags, ["a", "b"]);
    assert_eq!(fm("tags: '#a #b/c'").tags, ["a", "b/c"]);
    assert_eq!(fm("tags:\n  - a\n  - b\n").tags, ["a", "b"]);
    assert!(fm("tags:").tags.is_empty());
}

#[test]
fn accounts_in_every_form() {
    assert_eq!(fm("account: Acme").accounts, ["Acme"]);
    assert_eq!(fm("account: [[Acme]]").accounts, ["Acme"]);
    assert_eq!(fm("account: '[[Acme|A]]'").accounts, ["Acme"]);
    assert_eq!(fm("account: [A, B]").accounts, ["A", "B"]);
    assert_eq!(fm("account: ['[[A]]', '[[B|b]]']").accounts, ["A", "B"]);
}

#[test]
fn scalars_of_other_types_become_text() {
    let f = fm("title: 2024\ntype: true\n");
    assert_eq!(f.title.as_deref(), Some("2024"));
    assert_eq!(f.note_type.as_deref(), Some("true"));
}

#[test]
fn empty_and_non_mapping_yaml() {
    assert_eq!(fm(""), Default::default());
    assert_eq!(fm("# only a comment\n"), Default::default());
    assert!(read_yaml(b"- a\n- b\n").is_err());
    assert!(read_yaml(b"just text").is_err());
}

#[test]
fn broken_yaml_names_the_line() {
    let e = read_yaml(b"title: ok\ntags: [a, b\nx: 1\n").expect_err("broken");
    assert!(e.line >= 2, "{e:?}");
    assert!(
        e.message.starts_with("frontmatter is not valid YAML"),
        "{}",
        e.message
    );
}

#[test]
fn oversized_frontmatter_is_not_parsed() {
    let yaml = format!("title: x\nbig: '{}'\n", "a".repeat(MAX_FRONTMATTER_BYTES));
    let e = read_yaml(yaml.as_bytes()).expect_err("too big");
    assert!(e.message.contains("KiB"), "{}", e.message);
}

#[test]
fn alias_bomb_returns_quickly_with_an_error() {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    yaml.push_str("title: bomb\n");
    let start = Instant::now();
    let r = read_yaml(yaml.as_bytes());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    let e = r.expect_err("bomb");
    assert!(
        e.message.contains("too large or repetitive"),
        "{}",
        e.message
    );
}

#[test]
fn deep_nesting_is_refused() {
    let yaml = format!("x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(read_yaml(yaml.as_bytes()).is_err());
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let e = read_yaml(b"title: caf\xe9\n").expect_err("bytes");
    assert_eq!(e.line, 2);
}

#[test]
fn notes_without_frontmatter() {
    assert_eq!(read_note(b"# title\n"), Ok(None));
    assert_eq!(read_note(b"---\ntitle: x\n").ok().flatten(), None);
    assert!(read_note(b"---\ntitle: x\n---\n").expect("ok").is_some());
}
