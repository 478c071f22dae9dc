//! End to end: the real binary in a real terminal (tmux) on a copy of the demo vault, driven by keys
//! the way a person would, reading the screen and the note on disk. Needs tmux; fails loudly without it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Session {
    name: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .output();
    }
}

impl Session {
    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        let out = Command::new("tmux")
            .args(&args)
            .output()
            .expect("tmux send-keys");
        assert!(
            out.status.success(),
            "tmux send-keys failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Types text literally (no key-name lookup).
    fn type_text(&self, text: &str) {
        let out = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .output()
            .expect("tmux");
        assert!(out.status.success());
    }

    fn capture(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok`, or fails showing the last screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// The first open task of a note, and a few words of it that find it with the filter.
fn pick_task(note: &str) -> (usize, String) {
    for (i, line) in note.lines().enumerate() {
        if let Some(body) = line.strip_prefix("- [ ] ") {
            let words: Vec<&str> = body
                .split_whitespace()
                .take_while(|w| !w.starts_with('@') && !w.starts_with('#') && w.is_ascii())
                .take(5)
                .collect();
            if words.len() >= 3 {
                return (i + 1, words.join(" "));
            }
        }
    }
    panic!("the demo Inbox has no open task to toggle:\n{note}");
}

#[test]
fn demo_in_tmux_find_toggle_and_see_the_note_change() {
    let tmux = Command::new("tmux").arg("-V").output();
    assert!(
        tmux.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs tmux on PATH (install it: apt-get install tmux / brew install tmux); got {tmux:?}"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let demo = tmp.path().join("demo");
    let state = tmp.path().join("state");
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").expect("empty config");
    let bin = env!("CARGO_BIN_EXE_triage");
    let command = format!(
        "TRIAGE_DEMO_DIR={} TRIAGE_STATE_DIR={} TRIAGE_CACHE_DIR={} TRIAGE_CONFIG={} EDITOR=true {} --demo --today 2026-11-23",
        quote(&demo),
        quote(&state),
        quote(&tmp.path().join("cache")),
        quote(&config),
        quote(Path::new(bin))
    );
    let session = Session {
        name: format!("triage-e2e-{}", std::process::id()),
    };
    let out = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session.name,
            "-x",
            "120",
            "-y",
            "35",
            &command,
        ])
        .output()
        .expect("tmux new-session");
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // What a person sees first: the vault, the counts, today's date, the tabs and the due buckets.
    let first = session.wait_for("the first screen with the index read", |s| {
        s.contains("Overdue") && s.contains("open")
    });
    assert!(first.contains("Mon 2026-11-23"), "{first}");
    for tab in ["Due", "Owner", "Account"] {
        assert!(first.contains(tab), "tab {tab} missing:\n{first}");
    }
    assert!(first.contains("demo vault copied to"), "{first}");

    // Help is one key away and closes again.
    session.send(&["?"]);
    session.wait_for("help", |s| {
        s.contains("toggle done") && s.contains("Review mode")
    });
    session.send(&["Escape"]);
    // Once the demo message is read away, the status line shows the key hints.
    session.wait_for("help closed, key hints shown", |s| {
        !s.contains("Review mode") && s.contains("? help")
    });

    // Owner tab: people as groups.
    session.send(&["Tab"]);
    session.wait_for("owner groups", |s| s.contains("Unassigned"));
    session.send(&["BTab"]);

    // Find one task with the filter and tick it off.
    let inbox_path = demo.join("Inbox.md");
    let inbox = std::fs::read_to_string(&inbox_path).expect("demo Inbox.md");
    let (line_no, words) = pick_task(&inbox);
    session.send(&["/"]);
    session.type_text(&words);
    session.wait_for("the filtered task", |s| {
        s.contains(&words) && s.contains("1 tasks")
    });
    session.send(&["Enter"]);
    session.send(&["x"]);
    session.wait_for("the toggle message", |s| s.contains("✓ done — Inbox.md"));
    let after = std::fs::read_to_string(&inbox_path).expect("Inbox.md after");
    let changed = after.lines().nth(line_no - 1).unwrap_or_default();
    assert!(
        changed.starts_with("- [x] "),
        "line {line_no} not ticked: {changed}"
    );
    assert!(changed.ends_with("✅ 2026-11-23"), "{changed}");
    // Only that line changed.
    let before_lines: Vec<&str> = inbox.lines().collect();
    let after_lines: Vec<&str> = after.lines().collect();
    assert_eq!(before_lines.len(), after_lines.len());
    let diffs = before_lines
        .iter()
        .zip(&after_lines)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(diffs, 1);

    // The repository's demo vault is untouched.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-vault/Inbox.md");
    let original = std::fs::read_to_string(source).expect("source Inbox.md");
    assert!(
        !original
            .lines()
            .nth(line_no - 1)
            .unwrap_or_default()
            .contains("✅ 2026-11-23")
    );

    // Undo puts it back.
    session.send(&["u"]);
    session.wait_for("the undo message", |s| {
        s.contains("✓ undone: toggle — Inbox.md")
    });
    assert_eq!(
        std::fs::read_to_string(&inbox_path).expect("Inbox.md after undo"),
        inbox
    );

    session.send(&["q"]);
    let start = Instant::now();
    while session.alive() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
    }
    // The shell command ends with the program, so the session closes: the terminal was given back.
    assert!(
        !session.alive(),
        "triage did not quit on q:\n{}",
        session.capture()
    );
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pid_file = tmp.path().join("pid");
    let script = tmp.path().join("run.sh");
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").expect("empty config");
    // The UI runs as its own process (its pid written first); the shell reports how it ended and
    // whether the terminal is back in cooked mode (`icanon`, not raw mode's `-icanon`).
    std::fs::write(
        &script,
        format!(
            "sh -c 'echo $$ > \"$0\"; exec \"$@\"' {pid} {bin} --demo --today 2026-11-23\n\
             echo \"triage exited with $?\"\n\
             stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon\n\
             sleep 30\n",
            pid = quote(&pid_file),
            bin = quote(Path::new(env!("CARGO_BIN_EXE_triage"))),
        ),
    )
    .expect("write script");
    let command = format!(
        "TRIAGE_DEMO_DIR={} TRIAGE_STATE_DIR={} TRIAGE_CACHE_DIR={} TRIAGE_CONFIG={} sh {}",
        quote(&tmp.path().join("demo")),
        quote(&tmp.path().join("state")),
        quote(&tmp.path().join("cache")),
        quote(&config),
        quote(&script)
    );
    let session = Session {
        name: format!("triage-e2e-term-{}", std::process::id()),
    };
    let out = Command::new("tmux")
        .args(["new-session", "-d", "-s", &session.name])
        .args(["-x", "100", "-y", "30", &command])
        .output()
        .expect("tmux new-session");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    session.wait_for("the first screen", |s| {
        s.contains("Overdue") && s.contains("open")
    });
    let pid = std::fs::read_to_string(&pid_file).expect("pid file");
    let kill = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    assert!(kill.success());
    // The shell prints the exit status and then the terminal mode: wait for both lines.
    let screen = session.wait_for("the shell after SIGTERM", |s| {
        s.contains("triage exited") && s.lines().any(|l| matches!(l.trim(), "icanon" | "-icanon"))
    });
    assert!(screen.contains("triage exited with 143"), "{screen}");
    assert!(
        screen.lines().any(|l| l.trim() == "icanon"),
        "the terminal is still in raw mode:\n{screen}"
    );
    assert!(
        !screen.contains("Overdue"),
        "the UI is still drawn (alternate screen not left):\n{screen}"
    );
}

/// `triage --vault Work` opens the vault Obsidian's list calls "Work", from a folder outside it;
/// and plain `triage` in a subfolder of that vault opens the same vault.
#[test]
fn the_ui_opens_a_vault_by_its_obsidian_name_and_from_a_subfolder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let vault = tmp.path().join("Work");
    std::fs::create_dir_all(vault.join(".obsidian")).expect("vault");
    std::fs::create_dir_all(vault.join("Projects")).expect("subfolder");
    std::fs::create_dir_all(tmp.path().join("elsewhere")).expect("elsewhere");
    std::fs::write(
        vault.join("Projects/Plan.md"),
        "- [ ] Ring the harbour master @Sam 📅 2026-11-20\n",
    )
    .expect("note");
    let list = tmp.path().join("obsidian.json");
    let json = serde_json::json!({"vaults": {"5a6b": {"path": vault, "ts": 1, "open": true}}});
    std::fs::write(&list, json.to_string()).expect("obsidian.json");
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").expect("empty config");
    let bin = env!("CARGO_BIN_EXE_triage");
    for (n, (cwd, args)) in [
        (tmp.path().join("elsewhere"), "--vault Work"),
        (vault.join("Projects"), ""),
    ]
    .into_iter()
    .enumerate()
    {
        let command = format!(
            "cd {} && TRIAGE_OBSIDIAN_CONFIG={} TRIAGE_STATE_DIR={} TRIAGE_CACHE_DIR={} TRIAGE_CONFIG={} TRIAGE_VAULT= {} {args} --today 2026-11-23",
            quote(&cwd),
            quote(&list),
            quote(&tmp.path().join("state")),
            quote(&tmp.path().join("cache")),
            quote(&config),
            quote(Path::new(bin))
        );
        let session = Session {
            name: format!("triage-e2e-vault-{}-{n}", std::process::id()),
        };
        let out = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session.name,
                "-x",
                "120",
                "-y",
                "20",
            ])
            .arg(&command)
            .output()
            .expect("tmux new-session");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let screen = session.wait_for("the vault's task", |s| s.contains("Ring the harbour"));
        assert!(
            screen.lines().next().is_some_and(|l| l.contains(" Work ")),
            "{screen}"
        );
        session.send(&["q"]);
    }
}
