//! The config at work on a vault: aliases and `me` across list, query and group; folder accounts;
//! extra statuses and proposed markers; ignore globs; the vault key.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-names")
}

const ALIASES: &str = r#"
me = ["Myself", "Dana Reyes"]

[people.aliases]
"Jon Stephenson" = "Jon Stefansson"
"jon" = "Jon Stefansson"

[accounts]
folders = ["Customers/*"]

[accounts.aliases]
"acme corporation" = "Acme Corp"
"#;

/// `triage` with the given config text in a private home.
fn with_config(home: &Path, config: &str) -> Command {
    let file = home.join("config.toml");
    std::fs::write(&file, config).expect("write config");
    let mut cmd = common::triage_at_home(home);
    cmd.env("TRIAGE_CONFIG", &file)
        .env("TRIAGE_TODAY", "2025-12-15");
    cmd
}

fn tasks(cmd: &mut Command) -> Vec<Value> {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("JSON array")
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&cmd.assert().success().get_output().stdout).into_owned()
}

fn owners(tasks: &[Value]) -> Vec<String> {
    let mut o: Vec<String> = tasks
        .iter()
        .map(|t| t["owner"].as_str().unwrap_or("-").to_string())
        .collect();
    o.sort();
    o.dedup();
    o
}

#[test]
fn aliases_and_me_unify_owners_in_list() {
    let home = tempfile::tempdir().expect("tempdir");
    let all = tasks(
        with_config(home.path(), ALIASES)
            .args(["list", "--json"])
            .arg(fixture()),
    );
    assert_eq!(
        owners(&all),
        vec!["-", "Jon Stefansson", "Myself", "Sam Okafor"]
    );
    let accounts: Vec<&str> = all.iter().filter_map(|t| t["account"].as_str()).collect();
    assert_eq!(accounts.iter().filter(|a| **a == "Acme Corp").count(), 10);
    assert!(!accounts.contains(&"Acme Corporation"));
}

#[test]
fn queries_see_the_canonical_names() {
    let home = tempfile::tempdir().expect("tempdir");
    let count = |q: &str| {
        stdout(
            with_config(home.path(), ALIASES)
                .args(["list", "--count", "-q", q])
                .arg(fixture()),
        )
    };
    assert_eq!(count("owner is Jon Stefansson"), "7\n");
    assert_eq!(count("owner is Jon Stephenson"), "0\n");
    assert_eq!(count("owner is Myself"), "4\n");
    assert_eq!(count("account is Globex"), "3\n");
    assert_eq!(count("account is Acme Corp"), "10\n");
}

#[test]
fn groups_use_the_canonical_names() {
    let home = tempfile::tempdir().expect("tempdir");
    let text = stdout(
        with_config(home.path(), ALIASES)
            .args(["list", "--group-by", "owner"])
            .arg(fixture()),
    );
    assert!(text.contains("Jon Stefansson (7)"), "{text}");
    assert!(text.contains("Myself (4)"), "{text}");
    assert!(!text.contains("Jon Stephenson"), "{text}");
    assert!(!text.contains("Dana Reyes"), "{text}");
    let text = stdout(
        with_config(home.path(), ALIASES)
            .args(["list", "--group-by", "account"])
            .arg(fixture()),
    );
    assert!(text.contains("Globex (3)"), "{text}");
    assert!(text.contains("Acme Corp (10)"), "{text}");
}

#[test]
fn without_a_config_the_spellings_stay_apart() {
    let home = tempfile::tempdir().expect("tempdir");
    let all = tasks(
        with_config(home.path(), "")
            .args(["list", "--json"])
            .arg(fixture()),
    );
    assert_eq!(
        owners(&all),
        vec![
            "-",
            "Dana Reyes",
            "Jon",
            "Jon Stefansson",
            "Jon Stephenson",
            "Myself",
            "Sam Okafor"
        ]
    );
    assert!(
        all.iter().all(|t| t["account"] != "Globex"),
        "no folder rule, no folder account"
    );
}

#[test]
fn extra_statuses_and_proposed_markers() {
    let home = tempfile::tempdir().expect("tempdir");
    let vault = home.path().join("vault");
    std::fs::create_dir_all(&vault).expect("mkdir");
    std::fs::write(
        vault.join("Plan.md"),
        "- [!] Escalate the outage\n- [i] Maybe a webinar\n- [>] Forwarded to legal\n- [ ] Ask around #suggested\n- [?] Old-style proposal\n- [~] Unknown symbol\n",
    )
    .expect("note");
    let config = r#"
[statuses."!"]
name = "Important"
type = "in_progress"

[statuses.i]
name = "Idea"
type = "todo"
proposed = true

[statuses.">"]
name = "Forwarded"
type = "cancelled"

[proposed]
tags = ["suggested"]
symbols = ["?"]
accept_removes_tags = ["suggested"]
"#;
    let all = tasks(
        with_config(home.path(), config)
            .args(["list", "--json"])
            .arg(&vault),
    );
    let by_status = |s: &str| all.iter().find(|t| t["status"] == s).expect("task").clone();
    assert_eq!(by_status("!")["status_type"], "in_progress");
    assert_eq!(by_status("i")["proposed"], true);
    assert_eq!(by_status(">")["status_type"], "cancelled");
    assert_eq!(
        by_status(" ")["proposed"],
        true,
        "#suggested marks proposed"
    );
    assert_eq!(by_status("?")["proposed"], true);
    assert_eq!(by_status("~")["status_type"], "todo");
    assert_eq!(by_status("~")["proposed"], false);
    let open = stdout(
        with_config(home.path(), config)
            .args(["list", "--count", "-q", "not done"])
            .arg(&vault),
    );
    assert_eq!(open, "5\n");
}

#[test]
fn ignore_globs_and_the_vault_key() {
    let home = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "vault = {:?}\nignore = [\"Customers/**\"]\n",
        fixture().display().to_string()
    );
    let count = stdout(
        with_config(home.path(), &config)
            .current_dir(home.path())
            .args(["list", "--count"]),
    );
    assert_eq!(count, "10\n");
}
