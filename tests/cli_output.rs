//! What `list`, `check` and the command line print around the data: bounded table rows, one layout
//! for grouped tables, usage errors, quiet broken pipes. A temp vault, no user config or state.

use assert_cmd::Command;
use std::fs;

struct Env {
    vault: tempfile::TempDir,
    state: tempfile::TempDir,
}

fn env(notes: &[(&str, &str)]) -> Env {
    let vault = tempfile::tempdir().unwrap();
    for (path, text) in notes {
        fs::write(vault.path().join(path), text).unwrap();
    }
    let state = tempfile::tempdir().unwrap();
    fs::write(state.path().join("config.toml"), "").unwrap();
    Env { vault, state }
}

impl Env {
    fn bare(&self) -> Command {
        let mut c = Command::cargo_bin("triage").unwrap();
        c.env("TRIAGE_STATE_DIR", self.state.path())
            .env("TRIAGE_CACHE_DIR", self.state.path().join("cache"))
            .env("TRIAGE_CONFIG", self.state.path().join("config.toml"))
            .env("TRIAGE_TODAY", "2026-11-21")
            .env("NO_COLOR", "1")
            .env_remove("TRIAGE_VAULT");
        c
    }

    fn list(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.arg("list").arg(self.vault.path()).args(args);
        c
    }
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn huge_vault() -> Env {
    let mut text = String::new();
    for i in 0..11 {
        text.push_str(&format!(
            "- [ ] Task {i} @Owner{} 📅 2026-11-{:02}\n",
            i % 3,
            i + 1
        ));
    }
    text.push_str(&format!("- [ ] Huge {}\n", "x".repeat(5_000_000)));
    env(&[("a.md", &text)])
}

#[test]
fn a_huge_description_does_not_widen_every_row() {
    let e = huge_vault();
    let out = stdout(&mut e.list(&[]));
    assert_eq!(out.lines().count(), 13, "{out:.2000}");
    assert!(out.len() < 13 * 250, "{} bytes of table", out.len());
    let huge = out.lines().find(|l| l.contains("Huge")).unwrap();
    assert!(huge.contains("x…"), "{huge}");
    assert!(huge.trim_end().ends_with("a.md:12"), "{huge}");
    let short = out.lines().find(|l| l.contains("Task 0")).unwrap();
    assert!(short.len() < 250, "{short}");
}

#[test]
fn json_keeps_the_full_description() {
    let e = huge_vault();
    let out = stdout(&mut e.list(&["--json", "-q", "description includes Huge"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v[0]["description"].as_str().unwrap();
    assert_eq!(d.len(), "Huge ".len() + 5_000_000);
}

#[test]
fn long_owners_are_capped_and_piped_paths_are_whole() {
    let owner = "Name".repeat(40);
    let folder = "folder".repeat(40);
    let e = env(&[]);
    fs::create_dir_all(e.vault.path().join(&folder)).unwrap();
    fs::write(
        e.vault.path().join(&folder).join("n.md"),
        format!("- [ ] Short @{owner}\n"),
    )
    .unwrap();
    let out = stdout(&mut e.list(&[]));
    let row = out.lines().nth(1).unwrap();
    // Piped, the location is whole, ready for `triage toggle PATH:LINE`.
    assert!(row.ends_with(&format!(" {folder}/n.md:1")), "{row}");
    assert!(row.contains("NameNam…"), "{row}");
}

#[test]
fn groups_share_one_layout_and_start_without_a_blank_line() {
    let e = env(&[(
        "a.md",
        "- [ ] Short @Al\n- [ ] A much longer description than the other one @Bea\n",
    )]);
    let out = stdout(&mut e.list(&["--group-by", "owner"]));
    assert!(!out.starts_with('\n'), "{out}");
    assert!(!out.ends_with("\n\n"), "{out}");
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("DUE")).collect();
    assert_eq!(headers.len(), 2, "{out}");
    assert_eq!(headers[0], headers[1], "{out}");
    let at = |needle: &str| {
        let l = out.lines().find(|l| l.contains(needle)).unwrap();
        l.find("a.md").unwrap()
    };
    assert_eq!(at("Short"), at("much longer"), "{out}");
}

#[test]
fn a_vault_before_the_command_is_a_usage_error_that_says_where_it_goes() {
    let e = env(&[("a.md", "- [ ] One\n")]);
    let vault = e.vault.path().to_str().unwrap().to_string();
    let out = e.bare().args([&vault, "list", "--count"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "put the vault after the command: triage list {vault}"
        )),
        "{err}"
    );
    let out = e
        .bare()
        .args([&vault, "toggle", "a.md:1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("--vault {vault}")), "{err}");
    assert_eq!(
        fs::read_to_string(e.vault.path().join("a.md")).unwrap(),
        "- [ ] One\n"
    );
}

/// Runs `triage list VAULT args…`, reads a little of its output, closes the pipe, and returns how
/// the process ended and what it said on stderr.
fn close_early(e: &Env, args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    let bin = assert_cmd::cargo::cargo_bin("triage");
    let mut child = std::process::Command::new(bin)
        .env("TRIAGE_STATE_DIR", e.state.path())
        .env("TRIAGE_CACHE_DIR", e.state.path().join("cache"))
        .env("TRIAGE_CONFIG", e.state.path().join("config.toml"))
        .env("TRIAGE_TODAY", "2026-11-21")
        .arg("list")
        .arg(e.vault.path())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let text: String = (0..5000)
        .map(|i| format!("- [ ] Task number {i} with a few words to make the row longer\n"))
        .collect();
    let e = env(&[("a.md", &text)]);
    for args in [&[][..], &["--json"][..]] {
        let (status, err) = close_early(&e, args);
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn check_names_the_kind_once_and_explains_it_once() {
    let e = env(&[(
        "m.md",
        "- [ ] It\u{201A}\u{00C4}\u{00F4}s due \u{00FC}\u{00EC}\u{00C5} 2026-11-30\n\
         - [ ] Don\u{201A}\u{00C4}\u{00F4}t wait\n",
    )]);
    let out = e.bare().arg("check").arg(e.vault.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("m.md:")).collect();
    assert!(lines.len() >= 2, "{text}");
    for l in &lines {
        assert!(!l.contains("mojibake: mojibake"), "{l}");
        assert!(!l.contains("--fix"), "{l}");
        assert!(l.contains("should read"), "{l}");
    }
    let footers: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("mojibake: "))
        .collect();
    assert_eq!(footers.len(), 1, "{text}");
    assert!(footers[0].contains("triage check --fix"), "{text}");
    // The JSON keeps each finding's whole message.
    let out = e
        .bare()
        .args(["check", "--json"])
        .arg(e.vault.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = v[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("mojibake ") && message.contains("--fix"),
        "{message}"
    );
}

#[test]
fn a_usage_error_does_not_show_options_set_in_the_environment_as_typed() {
    let e = env(&[("a.md", "- [ ] One 📅 2026-11-20\n")]);
    let out = e.list(&["--json", "--count"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'--json' cannot be used with '--count'"),
        "{err}"
    );
    assert!(
        !err.contains("--today") && !err.contains("--config"),
        "{err}"
    );
    // The environment still sets them.
    let mut c = e.list(&["-q", "due before today", "--count"]);
    assert_eq!(stdout(&mut c), "1\n");
    let mut c = e.list(&["-q", "due before today", "--count"]);
    c.env("TRIAGE_TODAY", "2026-11-01");
    assert_eq!(stdout(&mut c), "0\n");
}

#[test]
fn a_missing_config_file_is_said_plainly_once() {
    let e = env(&[("a.md", "- [ ] One\n")]);
    let missing = e.state.path().join("nonexist.toml");
    let out = e
        .list(&["--count", "--config"])
        .arg(&missing)
        .output()
        .unwrap();
    // A config error: exit status 2, as for any other mistake in what was asked.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the file does not exist"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn config_path_says_plainly_where_the_file_is_and_what_that_means() {
    let e = env(&[]);
    let out = e
        .bare()
        .env_remove("TRIAGE_CONFIG")
        .env("HOME", e.state.path())
        .env("XDG_CONFIG_HOME", e.state.path().join("xdg"))
        .args(["config", "path"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "This is the default location: no file is there yet, so triage uses its built-in \
         defaults (`triage config init` writes a commented one).\n"
    );
}

#[test]
fn an_error_quoting_note_text_reaches_the_terminal_without_control_characters() {
    let e = env(&[(
        "Board.md",
        "# Board\n\n```tasks\nnot done\nsort by \u{1b}]0;owned\u{7}\n```\n",
    )]);
    let out = e.list(&["--view", "Board"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Board.md"), "{err}");
    assert!(err.contains("owned"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}'),
        "control characters from the note reached stderr: {err:?}"
    );
}
