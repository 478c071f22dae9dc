//! The command line's conventions (README "Exit status and output"): what each exit status means,
//! `--json` wherever data is printed, and `--color auto|always|never` beside NO_COLOR.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("vault/.obsidian")).unwrap();
    fs::write(
        dir.path().join("vault/a.md"),
        "- [ ] Overdue call @Sam 📅 2026-11-20\n- [ ] Bad date 📅 2026-02-31\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("home")).unwrap();
    dir
}

fn triage(dir: &Path) -> Command {
    let mut cmd = common::triage_at_home(&dir.join("home"));
    cmd.current_dir(dir.join("vault"))
        .env("TRIAGE_TODAY", "2026-11-23")
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn exit_status_0_done_1_refused_or_found_2_usage_or_config() {
    let dir = vault();
    let d = dir.path();
    triage(d)
        .args(["list", "-q", "due after 2030-01-01"])
        .assert()
        .code(0);
    // 1: found or refused.
    triage(d).arg("check").assert().code(1);
    triage(d).args(["toggle", "a.md:9"]).assert().code(1);
    // 2: what was asked cannot be done as asked.
    let config = d.join("home/broken.toml");
    fs::write(&config, "me = 3\n").unwrap();
    for args in [
        &["list", "--no-such-option"][..],
        &["list", "--today", "someday"][..],
        &["list", "-q", "due whenever maybe"][..],
        &["list", "--view", "No such view"][..],
        &["list", "--color", "sometimes"][..],
        &["list", "--vault", "/no/such/folder"][..],
        &["list", "--config", config.to_str().unwrap()][..],
        &["list", "--config", "/no/such/config.toml"][..],
        &["nonsense"][..],
    ] {
        let out = triage(d).args(args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.trim().is_empty(), "{args:?} says nothing");
    }
}

#[test]
fn every_command_that_prints_data_prints_json() {
    let dir = vault();
    let d = dir.path();
    let list = d.join("home/obsidian.json");
    fs::write(&list, r#"{"vaults":{"x":{"path":"/nowhere/Notes"}}}"#).unwrap();
    for args in [
        &["list", "--json"][..],
        &["views", "--json"][..],
        &["owners", "--json"][..],
        &["accounts", "--json"][..],
        &["check", "--json"][..],
        &["config", "show", "--json"][..],
        &["vaults", "--json"][..],
    ] {
        let out = triage(d)
            .env("TRIAGE_OBSIDIAN_CONFIG", &list)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {out:?}"
        );
        let json: Result<Value, _> = serde_json::from_slice(&out.stdout);
        assert!(
            json.is_ok(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn config_show_names_each_settings_source() {
    let dir = vault();
    let d = dir.path();
    let config = d.join("home/config.toml");
    fs::write(&config, "# mine\nme = [\"Dana\"]\n").unwrap();
    let out = triage(d)
        .env("TRIAGE_CONFIG", &config)
        .args(["config", "show", "--json", "--color", "never"])
        .assert()
        .success();
    let rows: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let row = |key: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in {rows}"))
            .clone()
    };
    assert_eq!(row("me")["value"], serde_json::json!(["Dana"]));
    assert_eq!(row("me")["source"]["kind"], "config");
    assert_eq!(row("me")["source"]["line"], 2);
    assert_eq!(row("ignore")["source"]["kind"], "default");
    assert_eq!(row("config_file")["source"]["var"], "TRIAGE_CONFIG");
    assert_eq!(row("today")["source"]["var"], "TRIAGE_TODAY");
    assert_eq!(row("color")["value"], "never");
    assert_eq!(row("color")["source"]["option"], "--color");
    assert_eq!(row("vault")["source"]["kind"], "found");
    assert!(row("vault")["value"].as_str().unwrap().ends_with("vault"));
    let text = triage(d)
        .env("TRIAGE_CONFIG", &config)
        .args(["config", "show"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    let me = text.lines().find(|l| l.starts_with("me ")).unwrap();
    assert!(
        me.contains("[\"Dana\"]") && me.contains("config.toml line 2"),
        "{me}"
    );
}

#[test]
fn color_follows_the_option_then_no_color_then_the_terminal() {
    let dir = vault();
    let d = dir.path();
    let colored = |cmd: &mut Command| {
        let out = cmd.arg("list").assert().success();
        out.get_output().stdout.contains(&0x1b)
    };
    // Piped: no colours unless asked for.
    assert!(!colored(&mut triage(d)));
    assert!(!colored(triage(d).args(["--color", "auto"])));
    assert!(colored(triage(d).args(["--color", "always"])));
    assert!(colored(
        triage(d).env("NO_COLOR", "1").args(["--color", "always"])
    ));
    assert!(!colored(triage(d).args(["--color", "never"])));
}
