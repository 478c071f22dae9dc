//! Save-to-update latency of the live vault on a generated vault, and how it absorbs a burst of
//! changed notes (as after `git checkout`). Prints numbers; asserts nothing about time.
//!
//! `cargo bench --bench watch_latency [-- --notes N --saves S --burst B]`

#[path = "../examples/gen_vault/main.rs"]
#[allow(dead_code)]
mod gen_vault;

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use triage::Config;
use triage::vault::{Index, LiveMsg, LiveVault, Mode, scan};

const PATIENCE: Duration = Duration::from_secs(120);

struct Args {
    notes: usize,
    saves: usize,
    burst: usize,
    poll: bool,
}

fn args() -> Args {
    let mut a = Args {
        notes: 20_000,
        saves: 200,
        burst: 5_000,
        poll: false,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let mut num = |slot: &mut usize| {
            if let Some(n) = it.next().and_then(|v| v.replace('_', "").parse().ok()) {
                *slot = n;
            }
        };
        match flag.as_str() {
            "--notes" => num(&mut a.notes),
            "--saves" => num(&mut a.saves),
            "--burst" => num(&mut a.burst),
            "--poll" => a.poll = true,
            _ => {} // `cargo bench` passes `--bench`
        }
    }
    a.burst = a.burst.min(a.notes);
    a
}

/// A small xorshift: the same random notes on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Saves like an editor: the new text goes to a hidden temp file renamed over the note.
fn save(root: &Path, rel: &str, stamp: &str) {
    let path = root.join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str(&format!("- [ ] Follow up on {stamp} @Dana #task\n"));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).expect("write the temp file");
    std::fs::rename(&tmp, &path).expect("rename over the note");
}

struct Consumer {
    rx: Receiver<LiveMsg>,
    index: Index,
    messages: usize,
    updates: usize,
}

impl Consumer {
    /// Applies one message if it comes within `wait`; returns the paths it named.
    fn step(&mut self, wait: Duration) -> Vec<String> {
        match self.rx.recv_timeout(wait) {
            Ok(LiveMsg::Changed(updates)) => {
                self.messages += 1;
                self.updates += updates.len();
                let paths = updates.iter().map(|u| u.path().to_string()).collect();
                self.index.apply_all(updates);
                paths
            }
            Ok(LiveMsg::Warning(w)) => {
                eprintln!("warning: {w}");
                Vec::new()
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => panic!("the live worker stopped"),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let a = args();
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("vault");
    let started = Instant::now();
    let stats = gen_vault::generate(&root, a.notes, 1).expect("generate the vault");
    println!(
        "vault: {} notes, {} task lines, {:.1} MB, generated in {:.2?}",
        stats.notes,
        stats.tasks,
        stats.bytes as f64 / 1e6,
        started.elapsed()
    );
    let cfg = Config::default();
    let mode = if a.poll { Mode::Poll } else { Mode::Auto };

    let started = Instant::now();
    let (live, rx) = LiveVault::start(&root, &cfg, mode).expect("start the live vault");
    let mut progress = 0;
    let index = loop {
        match rx.recv_timeout(PATIENCE) {
            Ok(LiveMsg::Ready(index)) => break index,
            Ok(LiveMsg::Progress { .. }) => progress += 1,
            Ok(LiveMsg::Warning(w)) => eprintln!("warning: {w}"),
            Ok(LiveMsg::Changed(_)) => {}
            Err(e) => panic!("no ready index: {e}"),
        }
    };
    println!(
        "first read: {} notes, {} tasks in {:.2?} ({progress} progress messages); {}",
        index.note_count(),
        index.task_count(),
        started.elapsed(),
        if live.is_polling() {
            "polling"
        } else {
            "OS events"
        }
    );
    let paths: Vec<String> = index.paths().map(|p| p.to_string()).collect();
    let mut c = Consumer {
        rx,
        index,
        messages: 0,
        updates: 0,
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);

    // One save at a time: time from the rename to the message naming the note.
    let mut latencies = Vec::with_capacity(a.saves);
    for i in 0..a.saves {
        let rel = &paths[rng.below(paths.len())];
        std::thread::sleep(Duration::from_millis(5 + rng.below(40) as u64));
        let t0 = Instant::now();
        save(&root, rel, &format!("save {i}"));
        loop {
            if c.step(PATIENCE).iter().any(|p| p == rel) {
                latencies.push(t0.elapsed());
                break;
            }
            assert!(t0.elapsed() < PATIENCE, "no update for {rel}");
        }
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "save → update over {} rename-over saves: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (debounce {} ms)",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.95)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        triage::vault::LiveOptions::default().debounce.as_millis(),
    );

    // A burst: many distinct notes saved as fast as possible, as a checkout or a sync would.
    std::thread::sleep(Duration::from_millis(300));
    while !c.step(Duration::from_millis(50)).is_empty() {}
    let mut chosen = HashSet::new();
    while chosen.len() < a.burst {
        chosen.insert(rng.below(paths.len()));
    }
    let (m0, u0, s0) = (c.messages, c.updates, live.stats());
    let t0 = Instant::now();
    for &i in &chosen {
        save(&root, &paths[i], "the burst");
    }
    let written = t0.elapsed();
    let mut pending: HashSet<&str> = chosen.iter().map(|&i| paths[i].as_str()).collect();
    while !pending.is_empty() {
        for p in c.step(Duration::from_millis(200)) {
            pending.remove(p.as_str());
        }
        assert!(
            t0.elapsed() < PATIENCE,
            "{} notes never updated",
            pending.len()
        );
    }
    let absorbed = t0.elapsed();
    // Anything still arriving after every note is in is an echo: count it too.
    let quiet = Instant::now();
    while quiet.elapsed() < Duration::from_secs(1) {
        c.step(Duration::from_millis(100));
    }
    let scanned = Instant::now();
    let fresh = scan(&root, &cfg).expect("scan");
    println!(
        "a fresh full scan, for comparison: {:.2?}",
        scanned.elapsed()
    );
    let diff = c.index.differences(&fresh, 5);
    let s1 = live.stats();
    println!(
        "burst of {} saved notes: written in {:.2?}, all in the index after {:.2?}; \
         {} messages carrying {} note updates; {} reads, {} parses, {} walks; index {} a fresh scan",
        a.burst,
        written,
        absorbed,
        c.messages - m0,
        c.updates - u0,
        s1.reads - s0.reads,
        s1.parses - s0.parses,
        s1.walks - s0.walks,
        if diff.is_empty() {
            "equals"
        } else {
            "DIFFERS from"
        },
    );
    if !diff.is_empty() {
        println!("differences: {diff:?}");
        std::process::exit(1);
    }
}
