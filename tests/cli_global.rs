//! Global options and vault resolution of the command line (SPEC §8).

use assert_cmd::Command;
use predicates::prelude::*;

fn triage() -> Command {
    let mut cmd = Command::cargo_bin("triage").expect("binary");
    cmd.env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_TODAY")
        .env("TRIAGE_CONFIG", "/nonexistent-config-for-tests.toml")
        .env(
            "TRIAGE_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-global-cache"),
        );
    cmd
}

fn write_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a.md"),
        "- [ ] Call back @Sam 📅 2026-11-22\n- [x] Done thing ✅ 2026-11-01\n",
    )
    .expect("write");
    dir
}

#[test]
fn today_is_global_before_or_after_the_subcommand() {
    let dir = write_vault();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "").expect("write config");
    for args in [
        vec![
            "--today",
            "2026-11-23",
            "list",
            "-q",
            "due before today",
            "--count",
        ],
        vec![
            "list",
            "-q",
            "due before today",
            "--count",
            "--today",
            "2026-11-23",
        ],
    ] {
        triage()
            .env("TRIAGE_CONFIG", &cfg)
            .arg("--config")
            .arg(&cfg)
            .args(&args)
            .arg(dir.path())
            .assert()
            .success()
            .stdout("1\n");
    }
}

#[test]
fn vault_comes_from_the_environment_when_not_given() {
    let dir = write_vault();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "").expect("write config");
    triage()
        .env("TRIAGE_CONFIG", &cfg)
        .env("TRIAGE_VAULT", dir.path())
        .args(["list", "--count"])
        .assert()
        .success()
        .stdout("2\n");
}

#[test]
fn a_bad_today_or_missing_vault_is_a_clear_error() {
    let dir = write_vault();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "").expect("write config");
    triage()
        .env("TRIAGE_CONFIG", &cfg)
        .args(["list", "--today", "2026-13-01"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("--today").and(predicate::str::contains("YYYY-MM-DD")))
        .stderr(predicate::str::contains("panicked").not());
    triage()
        .env("TRIAGE_CONFIG", &cfg)
        .args(["list", "/definitely/not/a/vault"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/definitely/not/a/vault"));
}
