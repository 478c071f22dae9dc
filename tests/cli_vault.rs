//! Which vault a command works on (SPEC §8): named by --vault, the positional VAULT, TRIAGE_VAULT or
//! the config, a name from Obsidian's own vault list, or found above the current folder like git.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A vault `Work` (with `.obsidian`) holding notes in subfolders and a view, a folder `elsewhere`
/// outside it, and Obsidian's list naming the vault "Work"; `home` is the private home folder.
struct Fixture {
    _dir: tempfile::TempDir,
    home: PathBuf,
    vault: PathBuf,
    elsewhere: PathBuf,
    list: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let vault = root.join("Work");
    fs::create_dir_all(vault.join(".obsidian")).unwrap();
    fs::create_dir_all(vault.join("Projects/Deep")).unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    fs::create_dir_all(root.join("home")).unwrap();
    fs::write(
        vault.join("Inbox.md"),
        "- [ ] Call back @Sam 📅 2026-11-20\n- [x] Done thing ✅ 2026-11-01\n",
    )
    .unwrap();
    fs::write(
        vault.join("Projects/Plan.md"),
        "# Plan\n\n```tasks\nnot done\n```\n\n- [ ] Draft the plan @Ana 📅 2026-11-30\n- [ ] Bad date 📅 2026-02-31\n",
    )
    .unwrap();
    let list = root.join("obsidian.json");
    let json = serde_json::json!({"vaults": {
        "0c1d": {"path": vault, "ts": 1, "open": true},
        "9e8f": {"path": root.join("gone/Personal"), "ts": 2},
    }});
    fs::write(&list, json.to_string()).unwrap();
    Fixture {
        home: root.join("home"),
        elsewhere: root.join("elsewhere"),
        _dir: dir,
        vault,
        list,
    }
}

fn triage(f: &Fixture, cwd: &Path) -> Command {
    let mut cmd = common::triage_at_home(&f.home);
    cmd.current_dir(cwd)
        .env("TRIAGE_TODAY", "2026-11-23")
        .env("TRIAGE_OBSIDIAN_CONFIG", &f.list);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8")
}

fn stderr_of_failure(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).expect("UTF-8")
}

#[test]
fn outside_any_vault_the_ui_and_list_stop_at_once_naming_the_three_ways() {
    let f = fixture();
    // `/` and a folder whose only vault is below it: nothing is walked, nothing read.
    fs::create_dir_all(f.elsewhere.join("sub/.obsidian")).unwrap();
    for cwd in [Path::new("/"), f.elsewhere.as_path()] {
        for args in [
            &[][..],
            &["list"][..],
            &["list", "--count"][..],
            &["views"][..],
        ] {
            let err = stderr_of_failure(triage(&f, cwd).args(args), 2);
            for way in [
                "--vault PATH",
                "TRIAGE_VAULT",
                "vault = \"~/Notes\" in the config",
            ] {
                assert!(
                    err.contains(way),
                    "{args:?} from {cwd:?}: {way} missing:\n{err}"
                );
            }
            assert!(err.contains(".obsidian"), "{err}");
        }
    }
}

#[test]
fn an_empty_triage_vault_counts_as_unset() {
    let f = fixture();
    let count = stdout(
        triage(&f, &f.vault.join("Projects"))
            .env("TRIAGE_VAULT", "")
            .args(["list", "--count"]),
    );
    assert_eq!(count, "4\n");
    let err = stderr_of_failure(
        triage(&f, &f.elsewhere).env("TRIAGE_VAULT", "").arg("list"),
        2,
    );
    assert!(err.contains("no vault found"), "{err}");
}

#[test]
fn from_a_subfolder_every_command_sees_what_it_sees_from_the_root() {
    let f = fixture();
    let sub = f.vault.join("Projects/Deep");
    // Notes younger than two seconds are never cached; let them settle.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["list", "--view", "Plan", "--json"],
        &["views", "--json"],
        &["owners", "--json"],
        &["accounts"],
    ];
    for args in commands {
        let at_root = stdout(triage(&f, &f.vault).args(*args));
        let below = stdout(triage(&f, &sub).args(*args));
        assert_eq!(at_root, below, "{args:?}");
    }
    // `check` finds the bad date in both, with the same vault-relative path, and exits 1.
    for cwd in [&f.vault, &sub] {
        let out = triage(&f, cwd).args(["check", "--json"]).assert().code(1);
        let findings: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(findings[0]["path"], "Projects/Plan.md", "{findings}");
    }
    // One cache file for the vault, whichever folder the commands ran from.
    let caches = fs::read_dir(f.home.join("cache")).unwrap().count();
    assert_eq!(caches, 1);
    // An edit from the subfolder names the note as from the root.
    let out = stdout(triage(&f, &sub).args(["toggle", "Inbox.md:1"]));
    assert!(out.starts_with("Inbox.md:1: - [x] Call back"), "{out}");
    let note = fs::read_to_string(f.vault.join("Inbox.md")).unwrap();
    assert!(note.starts_with("- [x] Call back"), "{note}");
}

#[test]
fn the_vault_can_be_named_before_or_after_the_command_or_by_position() {
    let f = fixture();
    let v = f.vault.to_str().unwrap();
    for args in [
        vec!["list", v, "--count"],
        vec!["list", "--vault", v, "--count"],
        vec!["--vault", v, "list", "--count"],
    ] {
        assert_eq!(
            stdout(triage(&f, &f.elsewhere).args(&args)),
            "4\n",
            "{args:?}"
        );
    }
    let err = stderr_of_failure(
        triage(&f, &f.elsewhere).args(["list", v, "--vault", "/tmp"]),
        2,
    );
    assert!(err.contains("two vaults given"), "{err}");
    // Edit commands take --vault too; TRIAGE_VAULT and the config's `vault` come after it.
    let out = stdout(
        triage(&f, &f.elsewhere)
            .env("TRIAGE_VAULT", &f.elsewhere)
            .args(["priority", "Inbox.md:1", "high", "--vault", v]),
    );
    assert!(out.contains("⏫"), "{out}");
    let config = f.home.join("config.toml");
    fs::create_dir_all(&f.home).unwrap();
    fs::write(&config, format!("vault = {v:?}\n")).unwrap();
    let count = stdout(
        triage(&f, Path::new("/"))
            .env("TRIAGE_CONFIG", &config)
            .args(["list", "--count"]),
    );
    assert_eq!(count, "4\n");
}

#[test]
fn a_vault_name_obsidian_knows_opens_that_vault() {
    let f = fixture();
    assert_eq!(
        stdout(triage(&f, &f.elsewhere).args(["--vault", "Work", "list", "--count"])),
        "4\n"
    );
    assert_eq!(
        stdout(
            triage(&f, &f.elsewhere)
                .env("TRIAGE_VAULT", "Work")
                .args(["list", "--count"])
        ),
        "4\n"
    );
    let shown: Value = serde_json::from_str(&stdout(
        triage(&f, &f.elsewhere).args(["--vault", "Work", "config", "show", "--json"]),
    ))
    .unwrap();
    let vault = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "vault")
        .unwrap();
    assert_eq!(vault["value"], f.vault.to_str().unwrap());
    assert_eq!(vault["source"]["kind"], "option");
    let err = stderr_of_failure(
        triage(&f, &f.elsewhere).args(["--vault", "Nope", "list"]),
        2,
    );
    assert!(err.contains("Personal, Work"), "{err}");
}

#[test]
fn vaults_lists_what_obsidian_knows() {
    let f = fixture();
    let text = stdout(triage(&f, &f.elsewhere).arg("vaults"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("Personal  ") && lines[0].ends_with("(folder missing)"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("Work      ") && lines[1].ends_with("(open in Obsidian)"),
        "{text}"
    );
    let json: Value =
        serde_json::from_str(&stdout(triage(&f, &f.elsewhere).args(["vaults", "--json"]))).unwrap();
    assert_eq!(json[1]["name"], "Work");
    assert_eq!(json[1]["path"], f.vault.to_str().unwrap());
    assert_eq!(json[1]["exists"], true);
    assert_eq!(json[0]["exists"], false);
    // No list at all: said on stderr, nothing on stdout, not an error.
    let out = triage(&f, &f.elsewhere)
        .env("TRIAGE_OBSIDIAN_CONFIG", f.home.join("none.json"))
        .args(["vaults", "--json"])
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), "[]\n");
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("none.json"));
}

#[test]
fn a_renamed_obsidian_folder_is_found_when_the_config_names_it() {
    let f = fixture();
    let vault = f.elsewhere.join("Renamed");
    fs::create_dir_all(vault.join(".obsidian-config/plugins")).unwrap();
    fs::write(vault.join("a.md"), "- [ ] One\n").unwrap();
    fs::create_dir_all(&f.home).unwrap();
    let config = f.home.join("config.toml");
    fs::write(&config, "obsidian_dir = \".obsidian-config\"\n").unwrap();
    let err = stderr_of_failure(triage(&f, &vault).args(["list", "--count"]), 2);
    assert!(err.contains("(.obsidian)"), "{err}");
    let count = stdout(
        triage(&f, &vault.join(".obsidian-config/plugins"))
            .env("TRIAGE_CONFIG", &config)
            .args(["list", "--count"]),
    );
    assert_eq!(count, "1\n");
    fs::write(&config, "obsidian_dir = \".obsidian/x\"\n").unwrap();
    let err = stderr_of_failure(
        triage(&f, &vault)
            .env("TRIAGE_CONFIG", &config)
            .args(["list", "--count"]),
        2,
    );
    assert!(
        err.contains("line 1: 'obsidian_dir' must be one folder name"),
        "{err}"
    );
}
