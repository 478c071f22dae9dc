//! `triage watch` through the real binary: the ready line, one flushed line per note whose tasks
//! changed, `--poll`, readable output, and a quiet exit when its reader goes away.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use triage::Config;

const PATIENCE: Duration = Duration::from_secs(20);

struct Vault {
    dir: TempDir,
}

impl Vault {
    fn new() -> Vault {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("vault/people")).unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        let v = Vault { dir };
        v.write("a.md", "# A\n- [ ] one @Dana\n- [ ] two\n");
        v.write("people/b.md", "# B\n- [x] done thing\n");
        v
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).unwrap();
    }

    fn spawn(&self, extra: &[&str]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_triage"))
            .arg("watch")
            .arg(self.root())
            .args(extra)
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .env("TRIAGE_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("TRIAGE_VAULT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn tasks(&self) -> usize {
        triage::vault::scan(&self.root(), &Config::default())
            .unwrap()
            .task_count()
    }
}

/// Lines of the child's stdout, read on a thread so a missing line times out instead of hanging.
fn lines(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn next(rx: &Receiver<String>, child: &mut Child) -> String {
    match rx.recv_timeout(PATIENCE) {
        Ok(line) => line,
        Err(e) => {
            let _ = child.kill();
            panic!("no line from triage watch: {e}");
        }
    }
}

fn json(line: &str) -> serde_json::Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON: {line:?}: {e}"))
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("triage watch did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn check_stream(v: &Vault, extra: &[&str]) {
    let mut child = v.spawn(extra);
    let rx = lines(child.stdout.take().unwrap());
    let ready = json(&next(&rx, &mut child));
    assert_eq!(
        ready,
        serde_json::json!({"event": "ready", "notes": 2, "tasks": v.tasks()})
    );

    v.write("a.md", "# A\n- [ ] one @Dana\n- [x] two\n- [ ] three\n");
    let update = json(&next(&rx, &mut child));
    assert_eq!(
        update,
        serde_json::json!({"event": "update", "path": "a.md", "tasks": 3})
    );

    // Prose only: the tasks did not change, so no line; the next line is the removal.
    v.write(
        "a.md",
        "# A\n- [ ] one @Dana\n- [x] two\n- [ ] three\n\nSome prose.\n",
    );
    std::thread::sleep(Duration::from_millis(300));
    std::fs::remove_file(v.root().join("people/b.md")).unwrap();
    let remove = json(&next(&rx, &mut child));
    assert_eq!(
        remove,
        serde_json::json!({"event": "remove", "path": "people/b.md"})
    );

    std::fs::create_dir_all(v.root().join("new/deep")).unwrap();
    v.write("new/deep/c.md", "- [ ] fresh\n");
    let added = json(&next(&rx, &mut child));
    assert_eq!(
        added,
        serde_json::json!({"event": "update", "path": "new/deep/c.md", "tasks": 1})
    );
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn json_lines_for_ready_update_and_remove() {
    check_stream(&Vault::new(), &["--json"]);
}

#[test]
fn json_lines_when_polling() {
    check_stream(&Vault::new(), &["--json", "--poll"]);
}

#[test]
fn readable_lines_without_json() {
    let v = Vault::new();
    let mut child = v.spawn(&[]);
    let rx = lines(child.stdout.take().unwrap());
    let ready = next(&rx, &mut child);
    assert!(ready.starts_with("ready: 2 notes, 3 tasks"), "{ready}");
    v.write("people/b.md", "# B\n");
    assert_eq!(next(&rx, &mut child), "updated people/b.md: 0 tasks");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn exits_quietly_when_stdout_closes() {
    let v = Vault::new();
    let mut child = v.spawn(&["--json"]);
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut ready = String::new();
    reader.read_line(&mut ready).unwrap();
    assert!(ready.contains("\"ready\""), "{ready}");
    drop(reader);
    v.write("a.md", "- [ ] changed\n");
    let status = wait_exit(&mut child);
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn refuses_a_vault_that_is_not_a_folder() {
    let v = Vault::new();
    let out = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["watch", "--json", "--config"])
        .arg(v.dir.path().join("config.toml"))
        .arg(v.root().join("a.md"))
        .env("TRIAGE_CACHE_DIR", v.dir.path().join("cache"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("a.md") && err.contains("not a folder"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
