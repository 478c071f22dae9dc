//! How long one edit takes on a normal note: toggles through the library (`Editor::apply`) and
//! through the command line, against `cp` of the same note as the reference in the same run.
//! Prints medians; asserts nothing. `cargo bench --bench edit` (TRIAGE_BENCH_RUNS edits, default 200).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use triage::Config;
use triage::edit::{Editor, Journal, Op, Target};

fn main() {
    let runs: usize = std::env::var("TRIAGE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let vault = tempfile::tempdir().expect("temp vault");
    let state = tempfile::tempdir().expect("temp state");
    let note = vault.path().join("note.md");
    // A normal meeting note: frontmatter, prose, a dozen tasks, about 4 KB.
    let mut body = String::from("---\ntype: meeting\naccount: Example Co\n---\n# Weekly sync\n\n");
    for i in 0..40 {
        body.push_str(&format!(
            "Paragraph {i} of notes taken in the meeting, a line of prose.\n"
        ));
    }
    body.push_str("## Action Items\n");
    for i in 0..12 {
        body.push_str(&format!(
            "- [ ] Follow up item {i} @Dana Reyes 📅 2026-12-1{} ⏫ #task\n",
            i % 10
        ));
    }
    std::fs::write(&note, &body).expect("write note");
    let line = body.lines().position(|l| l.starts_with("- [ ]")).unwrap() as u32 + 1;
    let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).expect("editor");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
    let cfg = Config::default();
    let target = Target {
        path: "note.md".into(),
        line,
        text: None,
        digest: None,
    };

    let lib = median(runs, || {
        ed.apply(&target, &Op::ToggleDone, today, &cfg)
            .expect("toggle");
    });
    let copy = median(runs, || {
        std::fs::copy(&note, vault.path().join("copy.txt")).expect("copy");
    });
    let exe = env!("CARGO_BIN_EXE_triage");
    let cli_runs = runs.min(50);
    let cli = median(cli_runs, || {
        toggle_with(exe, vault.path(), state.path(), line)
    });
    let start = median(cli_runs, || {
        Command::new(exe)
            .arg("--version")
            .output()
            .expect("run triage");
    });
    println!(
        "edit latency on a {} byte note, median of {runs} (CLI: {cli_runs})",
        body.len()
    );
    println!(
        "  library toggle        {:>8.3} ms   ({:.1}x a copy of the note: {:.3} ms)",
        ms(lib),
        ratio(lib, copy),
        ms(copy)
    );
    println!(
        "  triage toggle (CLI)   {:>8.3} ms   (`triage --version`: {:.3} ms)",
        ms(cli),
        ms(start)
    );
    // Another build of the program (an older release, say), timed in the same run.
    if let Some(other) = std::env::var_os("TRIAGE_BENCH_OTHER") {
        let other = std::path::PathBuf::from(other);
        let theirs = median(cli_runs, || {
            toggle_with(&other, vault.path(), state.path(), line)
        });
        println!(
            "  other build's toggle  {:>8.3} ms   (this build: {:.2}x)",
            ms(theirs),
            ratio(cli, theirs)
        );
    }
}

fn toggle_with(exe: impl AsRef<std::ffi::OsStr>, vault: &Path, state: &Path, line: u32) {
    let out = Command::new(exe)
        .arg("toggle")
        .arg(format!("note.md:{line}"))
        .arg("--vault")
        .arg(vault)
        .env("TRIAGE_STATE_DIR", state)
        .env("TRIAGE_TODAY", "2026-12-08")
        .output()
        .expect("run triage");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}
