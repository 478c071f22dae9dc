//! `triage check` on hostile notes: every one is reported with path and line, nothing raw
//! reaches the terminal, and the neighbouring tasks are still read.

use assert_cmd::Command;

fn triage(dir: &std::path::Path) -> Command {
    let cfg = dir.join("empty-config.toml");
    std::fs::write(&cfg, "").expect("config");
    let mut cmd = Command::cargo_bin("triage").expect("binary");
    cmd.env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_TODAY")
        .env("TRIAGE_CONFIG", cfg)
        .env("TRIAGE_CACHE_DIR", dir.join("cache"));
    cmd
}

#[test]
fn hostile_task_lines_are_findings_and_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault");
    std::fs::create_dir(&vault).expect("vault");
    std::fs::write(
        vault.join("esc.md"),
        b"- [ ] before\n- [ ] evil \x1b[2J\x1b]0;pwned\x07 @Bob\n- [ ] after\n",
    )
    .expect("esc");
    std::fs::write(vault.join("bytes.md"), b"- [ ] caf\xe9 order @Ann\n").expect("bytes");
    let long = format!("- [ ] {}\n- [ ] next\n", "x".repeat(100 * 1024));
    std::fs::write(vault.join("long.md"), long).expect("long");

    let out = triage(dir.path())
        .arg("check")
        .arg(&vault)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "findings remain → exit 1");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    assert!(
        !stdout.bytes().any(|b| b == 0x1b || b == 0x07),
        "raw control bytes printed"
    );
    for at in ["esc.md:2", "bytes.md:1", "long.md:1"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(at) && l.contains("unreadable-text")),
            "no unreadable-text finding at {at} in:\n{stdout}"
        );
    }
    assert!(stdout.contains("U+001B"), "{stdout}");

    let listed = triage(dir.path())
        .args(["list", "--count"])
        .arg(&vault)
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        "6",
        "neighbours kept"
    );
}
