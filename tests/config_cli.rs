//! `triage config path|init` and a broken config stopping every command, run as a user would:
//! HOME and XDG_CONFIG_HOME point into a temporary folder, TRIAGE_CONFIG and --config override them.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use triage::config::DEFAULT_CONFIG;

/// `triage` with a private home and no config or vault from the environment.
fn triage(home: &Path) -> Command {
    common::triage_at_home(home)
}

fn default_file(home: &Path) -> PathBuf {
    home.join("xdg").join("triage").join("config.toml")
}

#[test]
fn config_path_prints_the_default_location_and_says_it_is_missing() {
    let home = tempfile::tempdir().expect("tempdir");
    let expected = format!("{}\n", default_file(home.path()).display());
    triage(home.path())
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(expected)
        .stderr(predicate::str::contains(
            "This is the default location: no file is there yet, so triage uses its built-in defaults",
        ));
}

#[test]
fn without_xdg_config_home_the_config_lives_under_home_dot_config() {
    let home = tempfile::tempdir().expect("tempdir");
    let expected = home.path().join(".config/triage/config.toml");
    Command::cargo_bin("triage")
        .expect("binary")
        .env("HOME", home.path())
        .env("TRIAGE_CACHE_DIR", home.path().join("cache"))
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("TRIAGE_CONFIG")
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", expected.display()));
}

#[test]
fn config_init_writes_the_commented_default_and_path_then_finds_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = default_file(home.path());
    triage(home.path())
        .args(["config", "init"])
        .assert()
        .success()
        .stdout(format!("wrote the default config to {}\n", file.display()));
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        DEFAULT_CONFIG
    );
    triage(home.path())
        .args(["config", "path"])
        .assert()
        .success()
        .stderr("This is the default location: the file exists and is valid.\n");
}

#[test]
fn config_init_never_overwrites() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = default_file(home.path());
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, "me = [\"Myself\"]\n").expect("write");
    triage(home.path())
        .args(["config", "init"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "triage: {} already exists; not overwriting it (edit it, or move it away and run `triage config init` again)\n",
            file.display()
        ));
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "me = [\"Myself\"]\n"
    );
}

#[test]
fn triage_config_env_and_flag_choose_the_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let via_env = home.path().join("elsewhere/deep/triage.toml");
    triage(home.path())
        .env("TRIAGE_CONFIG", &via_env)
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", via_env.display()))
        .stderr(predicate::str::starts_with(
            "This path was set by TRIAGE_CONFIG: no file is there, so every command stops with an error",
        ));
    triage(home.path())
        .env("TRIAGE_CONFIG", &via_env)
        .args(["config", "init"])
        .assert()
        .success();
    assert!(via_env.is_file(), "init creates the folders on the way");
    let via_flag = home.path().join("flag.toml");
    triage(home.path())
        .env("TRIAGE_CONFIG", &via_env)
        .args(["config", "path", "--config"])
        .arg(&via_flag)
        .assert()
        .success()
        .stdout(format!("{}\n", via_flag.display()))
        .stderr(predicate::str::starts_with(
            "This path was set by --config: no file is there",
        ));
}

#[test]
fn a_broken_config_stops_every_command_with_file_line_and_key() {
    let home = tempfile::tempdir().expect("tempdir");
    let vault = home.path().join("vault");
    std::fs::create_dir_all(&vault).expect("vault");
    let file = home.path().join("broken.toml");
    std::fs::write(&file, "me = [\"Myself\"]\n\n[theme]\ncolour = \"red\"\n").expect("write");
    let message = format!(
        "triage: {} line 4: unknown key 'colour' in [theme] — expected one of: monochrome, colors\n",
        file.display()
    );
    for args in [vec!["list"], vec!["owners"], vec!["check"]] {
        triage(home.path())
            .env("TRIAGE_CONFIG", &file)
            .args(&args)
            .arg(&vault)
            .assert()
            .code(2)
            .stdout("")
            .stderr(message.clone());
    }
    triage(home.path())
        .env("TRIAGE_CONFIG", &file)
        .args(["config", "path"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("the file has errors").and(predicate::str::contains("line 4")),
        );
}

#[test]
fn a_missing_explicit_config_is_an_error_not_a_silent_default() {
    let home = tempfile::tempdir().expect("tempdir");
    let missing = home.path().join("missing.toml");
    triage(home.path())
        .arg("list")
        .arg(home.path())
        .arg("--config")
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(format!(
            "triage: cannot read config {}",
            missing.display()
        )));
}
