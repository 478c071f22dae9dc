//! Config parsing: the valid forms, the default file, and every kind of invalid file with its exact
//! message and line.

use std::path::{Path, PathBuf};
use triage::StatusType;
use triage::config::{Config, ConfigError, DEFAULT_CONFIG, key_paths, parse_str};

const FILE: &str = "/home/u/.config/triage/config.toml";

fn parse(text: &str) -> Result<Config, ConfigError> {
    parse_str(text, Path::new(FILE))
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn at(line: usize, message: &str) -> String {
    format!("{FILE} line {line}: {message}")
}

const FULL: &str = r##"
vault = "/srv/notes"
me = ["Myself", "Dana Reyes"]
ignore = ["Templates/**"]

[people.aliases]
"Jon" = "Jon Stefansson"
"Jon Stephenson" = "Jon Stefansson"

[accounts]
folders = ["Customers/*"]

[accounts.aliases]
"ACME" = "Acme Corp"

[statuses."!"]
name = "Important"
type = "in_progress"

[statuses.i]
name = "Idea"
type = "todo"
proposed = true

[proposed]
tags = ["proposed", "suggested"]
symbols = ["?"]
accept_removes_tags = ["proposed", "suggested"]

[views]
today = ["not done", "due on or before today"]
waiting = """
not done
is proposed
"""

[keys]
quit = ["q", "ctrl-c"]
accept = "y"

[theme]
monochrome = true

[theme.colors]
overdue = "light-red"
accent = "#ff8800"

[inbox]
note = "Inbox.md"
heading = "Captured"
"##;

#[test]
fn a_full_config_reads_every_key() {
    let c = parse(FULL).expect("valid config");
    assert_eq!(c.vault.as_deref(), Some(Path::new("/srv/notes")));
    assert_eq!(c.me, vec!["Myself", "Dana Reyes"]);
    assert_eq!(c.ignore, vec!["Templates/**"]);
    assert_eq!(c.people.aliases.len(), 2);
    assert_eq!(c.accounts.folders, vec!["Customers/*"]);
    assert_eq!(c.inbox.note.as_deref(), Some("Inbox.md"));
    assert_eq!(c.inbox.heading.as_deref(), Some("Captured"));
    assert_eq!(c.views["today"], "not done\ndue on or before today");
    assert_eq!(c.views["waiting"], "not done\nis proposed\n");
    assert_eq!(c.keys["quit"], vec!["q", "ctrl-c"]);
    assert_eq!(c.keys["accept"], vec!["y"]);
    assert!(c.theme.monochrome);
    assert_eq!(
        c.theme.color("accent"),
        Some(triage::config::Color::Rgb(255, 136, 0))
    );
    assert!(c.is_proposed_tag("Suggested"));
    assert_eq!(c.status('!').status_type, StatusType::InProgress);
    assert!(c.status('i').proposed);
    assert!(c.status('i').known);
}

#[test]
fn key_lines_are_kept_for_other_checks() {
    let c = parse(FULL).expect("valid config");
    assert_eq!(c.source.file.as_deref(), Some(Path::new(FILE)));
    assert_eq!(c.source_line("vault"), Some(2));
    assert_eq!(c.source_line("people.aliases.Jon"), Some(7));
    assert_eq!(c.source_line("keys.quit"), Some(38));
    assert_eq!(c.source_line("keys.accept"), Some(39));
    assert_eq!(c.source_line("theme.colors.overdue"), Some(45));
    assert_eq!(c.source_line("keys.nope"), None);
    assert_eq!(
        c.describe_at("keys.accept", "unknown action 'accept'"),
        at(39, "unknown action 'accept'")
    );
    assert_eq!(Config::default().source_line("keys.quit"), None);
}

#[test]
fn the_default_file_parses_to_the_built_in_defaults() {
    let parsed = parse(DEFAULT_CONFIG).expect("the default config is valid");
    assert_eq!(parsed, Config::default());
}

#[test]
fn the_default_file_documents_every_key_with_an_example() {
    for path in key_paths() {
        let key = path.rsplit('.').find(|s| *s != "*").unwrap_or(&path);
        let documented = DEFAULT_CONFIG.lines().any(|l| {
            let l = l.trim_start_matches(['#', ' ']);
            l.starts_with(&format!("{key} ="))
                || (l.starts_with('[') && l.contains(key) && l.ends_with(']'))
        });
        assert!(documented, "the default config has no example for '{path}'");
    }
}

#[test]
fn every_commented_example_in_the_default_file_is_valid() {
    // Uncommenting all examples must give a valid config: the examples are what users copy.
    let uncommented: String = DEFAULT_CONFIG
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if looks_like_toml(rest) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let c = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n---\n{uncommented}"));
    assert_eq!(c.me, vec!["Myself", "Dana Reyes"]);
    assert_eq!(&*c.canonical_owner("jon"), "Jon Stefansson");
    assert_eq!(c.views.len(), 2);
    assert_eq!(c.status('>').status_type, StatusType::Cancelled);
}

fn looks_like_toml(line: &str) -> bool {
    let key_value = regex::Regex::new(r#"^("[^"]*"|[A-Za-z0-9_-]+) = "#).expect("regex");
    let line = line.trim();
    (line.starts_with('[') && line.ends_with(']'))
        || key_value.is_match(line)
        || matches!(line, "not done" | "is proposed" | "sort by due" | "\"\"\"")
}

#[test]
fn unknown_keys_name_the_table_and_the_keys_expected() {
    assert_eq!(
        error("[theme]\nmonochrome = true\ncolour = 'red'\n"),
        at(
            3,
            "unknown key 'colour' in [theme] — expected one of: monochrome, colors"
        )
    );
    assert_eq!(
        error("vault = '/x'\nvaults = '/y'\n"),
        at(
            2,
            "unknown key 'vaults' at the top level — expected one of: vault, obsidian_dir, me, people, accounts, ignore, obsidian_tasks, statuses, proposed, inbox, views, keys, theme, ui"
        )
    );
    assert_eq!(
        error("[theme.colors]\nwarning = 'red'\n"),
        at(
            2,
            "unknown key 'warning' in [theme.colors] — expected one of: accent, overdue, today, proposed, done, muted"
        )
    );
    assert_eq!(
        error("[statuses.'!']\nname = 'x'\ntype = 'todo'\nhidden = true\n"),
        at(
            4,
            "unknown key 'hidden' in [statuses.\"!\"] — expected one of: name, type, proposed"
        )
    );
}

#[test]
fn wrong_types_show_what_was_found_and_the_expected_form() {
    assert_eq!(
        error("me = \"Myself\"\n"),
        at(
            1,
            "wrong type for 'me': found a string — expected me = [\"Myself\", \"Dana Reyes\"]"
        )
    );
    assert_eq!(
        error("\n\n[accounts]\nfolders = ['Customers/*', 3]\n"),
        at(
            4,
            "wrong type for 'folders' in [accounts]: found a list holding an integer — expected folders = [\"Customers/*\"]"
        )
    );
    assert_eq!(
        error("[theme]\nmonochrome = 'yes'\n"),
        at(
            2,
            "wrong type for 'monochrome' in [theme]: found a string — expected monochrome = true"
        )
    );
    assert_eq!(
        error("people = ['Jon']\n"),
        at(
            1,
            "wrong type for 'people': found a list — expected a table, written [people]"
        )
    );
}

#[test]
fn statuses_need_one_character_a_name_and_a_known_type() {
    assert_eq!(
        error("[statuses.ab]\nname = 'Ab'\ntype = 'todo'\n"),
        at(
            1,
            "status key \"ab\" in [statuses] must be exactly one character — expected [statuses.\"!\"]"
        )
    );
    assert_eq!(
        error("[statuses.'!']\nname = 'Important'\ntype = 'doing'\n"),
        at(
            3,
            "bad value \"doing\" for 'type' in [statuses.\"!\"] — expected type = \"todo\" (one of: todo, in_progress, on_hold, done, cancelled)"
        )
    );
    assert_eq!(
        error("\n[statuses.'!']\ntype = 'todo'\n"),
        at(
            2,
            "missing key 'name' in [statuses.\"!\"] — expected name = \"Important\""
        )
    );
    assert_eq!(
        error("[proposed]\nsymbols = ['??']\n"),
        at(
            2,
            "proposed symbol \"??\" must be exactly one character — expected symbols = [\"?\"]"
        )
    );
}

#[test]
fn alias_loops_and_chains_are_errors() {
    assert_eq!(
        error("[people.aliases]\nA = 'B'\nB = 'A'\n"),
        at(
            2,
            "alias loop in [people.aliases]: 'A' → 'B' → 'A' — one name must be the canonical one and not an alias"
        )
    );
    assert_eq!(
        error("[people.aliases]\nJ = 'Jon'\nJon = 'Jon Stefansson'\n"),
        at(
            2,
            "alias chain in [people.aliases]: 'J' points to 'Jon', which is itself an alias of 'Jon Stefansson' — expected \"J\" = \"Jon Stefansson\""
        )
    );
    assert_eq!(
        error("[accounts.aliases]\nACME = 'Acme'\nacme = 'Acme Corp'\n"),
        at(
            3,
            "'acme' and 'ACME' differ only in case but point to 'Acme Corp' and 'Acme' — aliases ignore case; keep one"
        )
    );
    assert_eq!(
        error("me = ['Dana Reyes']\n[people.aliases]\n'Dana Reyes' = 'Dana'\n"),
        at(
            3,
            "'Dana Reyes' is one of the 'me' names, so it cannot also be an alias of 'Dana'"
        )
    );
    // A case-only alias just fixes the spelling; it is not a chain.
    let c =
        parse("[people.aliases]\n'jon stefansson' = 'Jon Stefansson'\nJon = 'Jon Stefansson'\n")
            .expect("valid");
    assert_eq!(&*c.canonical_owner("JON STEFANSSON"), "Jon Stefansson");
}

#[test]
fn bad_globs_and_colours_are_errors() {
    assert_eq!(
        error("ignore = ['Templates/**', '[abc']\n"),
        at(
            1,
            "bad glob \"[abc\" in 'ignore': unclosed character class; missing ']' — expected ignore = [\"Templates/**\"]"
        )
    );
    assert_eq!(
        error("[accounts]\nfolders = [\n  'Customers/*',\n  'Clients/{a',\n]\n"),
        at(
            4,
            "bad glob \"Clients/{a\" in accounts.folders: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?) — expected folders = [\"Customers/*\"]"
        )
    );
    assert!(
        error("[theme.colors]\noverdue = 'orange'\n").starts_with(&at(
            2,
            "unknown colour \"orange\" for 'overdue' — expected a name (black, red,"
        ))
    );
}

#[test]
fn bad_view_queries_name_the_config_line_of_the_bad_instruction() {
    let e = error(
        "[views]\ntoday = [\"not done\", \"dew before today\"]\nlater = \"\"\"\nnot done\ndue after tomorow\n\"\"\"\nok = \"not done\"\n",
    );
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 2, "{e}");
    assert!(
        lines[0].starts_with(&at(
            2,
            "bad query in view 'today': unknown instruction 'dew before today'"
        )),
        "{e}"
    );
    assert!(
        lines[1].starts_with(&at(
            5,
            "bad query in view 'later': unknown instruction 'due after tomorow'"
        )),
        "{e}"
    );
    // Escaped newlines keep the whole query on the key's line.
    let e = error("[views]\nsoon = \"not done\\ndue before tomorow\"\n");
    assert!(e.starts_with(&at(2, "bad query in view 'soon':")), "{e}");
}

#[test]
fn toml_syntax_errors_name_the_line() {
    assert_eq!(
        error("me = ['Myself']\nvault = \n"),
        at(
            2,
            "not valid TOML: string values must be quoted, expected literal string"
        )
    );
}

#[test]
fn all_problems_are_reported_at_once_in_line_order() {
    let e = error("[theme]\ncolour = 'red'\n[views]\nx = 1\n[keyz]\n");
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 3, "{e}");
    assert!(lines[0].starts_with(&at(2, "unknown key 'colour'")));
    assert!(lines[1].starts_with(&at(4, "wrong type for 'x' in [views]")));
    assert!(lines[2].starts_with(&at(5, "unknown key 'keyz'")));
}

#[test]
fn vault_paths_expand_home_and_read_relative_paths_from_the_config_folder() {
    let c = parse("vault = 'Notes'\n").expect("valid");
    assert_eq!(c.vault, Some(PathBuf::from("/home/u/.config/triage/Notes")));
    let c = parse("vault = '~/Notes'\n").expect("valid");
    let home = directories::BaseDirs::new().map(|b| b.home_dir().join("Notes"));
    assert_eq!(c.vault, home);
}

#[test]
fn an_explicit_config_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.toml");
    let e = triage::config::load(Some(&missing)).expect_err("missing file");
    assert!(
        e.to_string()
            .starts_with(&format!("cannot read config {}", missing.display()))
    );
    std::fs::write(&missing, "me = 1\n").expect("write");
    let e = triage::config::load(Some(&missing)).expect_err("bad file");
    assert_eq!(
        e.to_string(),
        format!(
            "{} line 1: wrong type for 'me': found an integer — expected me = [\"Myself\", \"Dana Reyes\"]",
            missing.display()
        )
    );
}
