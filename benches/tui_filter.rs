//! Keystroke-to-frame time of the terminal UI while typing a filter over 500,000 generated tasks:
//! each key goes through the app and a full frame is drawn on a TestBackend. Prints p50/p95/max.
//! Run with `cargo bench --bench tui_filter`.

// The UI is binary-only, so the bench compiles its modules in directly; not all of them are used here.
#![allow(dead_code, unused_imports)]

#[path = "../src/cli/mod.rs"]
mod cli;
#[path = "../src/tui/mod.rs"]
mod tui;

mod common;

use chrono::{Days, NaiveDate};
use common::Rng;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};
use triage::task::{NoteMeta, ParsedNote, Priority, StatusType, Task, TaskText};
use triage::vault::{Entry, Index, Stamp};

const TASKS: usize = 500_000;
const PER_NOTE: usize = 8;
const TARGET_P95_MS: f64 = 16.0;

const VERBS: [&str; 10] = [
    "Send", "Draft", "Review", "Book", "Confirm", "Share", "Prepare", "Schedule", "Update", "Check",
];
const THINGS: [&str; 10] = [
    "the pricing proposal",
    "the integration brief",
    "the onsite workshop",
    "the renewal terms",
    "the security questionnaire",
    "the kickoff agenda",
    "the quarterly review deck",
    "the contract redlines",
    "the support escalation",
    "the roadmap summary",
];

fn index(today: NaiveDate) -> Index {
    let mut rng = Rng(0x7E57);
    let owners: Vec<Arc<str>> = (0..80)
        .map(|i| Arc::from(format!("Person {i:02} Example")))
        .collect();
    let accounts: Vec<Arc<str>> = (0..500)
        .map(|i| Arc::from(format!("Account {i:03}")))
        .collect();
    let mut entries = Vec::with_capacity(TASKS / PER_NOTE);
    for n in 0..TASKS / PER_NOTE {
        let account = (rng.below(10) < 7).then(|| accounts[rng.below(accounts.len())].clone());
        let meta = Arc::new(NoteMeta {
            path: Arc::from(format!("Meetings/{:03}/{n:06} call notes.md", n % 997)),
            title: format!("Call notes {n}"),
            account: account.clone(),
            ..NoteMeta::default()
        });
        let mut tasks = Vec::with_capacity(PER_NOTE);
        for k in 0..PER_NOTE {
            let (status, status_type) = match rng.below(10) {
                0..=6 => (' ', StatusType::Todo),
                7 => ('?', StatusType::Todo),
                8 => ('x', StatusType::Done),
                _ => ('/', StatusType::InProgress),
            };
            let mut dates = triage::task::Dates::default();
            if rng.below(10) < 7 {
                dates.due = today
                    .checked_sub_days(Days::new(60))
                    .and_then(|d| d.checked_add_days(Days::new(rng.below(120) as u64)));
            }
            let description = format!(
                "{} {} #{}",
                VERBS[rng.below(10)],
                THINGS[rng.below(10)],
                rng.below(100_000)
            );
            tasks.push(Task {
                note: meta.clone(),
                line: 10 + k as u32,
                words: TaskText::new(&format!("- [{status}] {description}"), &description),
                status,
                status_type,
                owner: (rng.below(10) < 8).then(|| owners[rng.below(owners.len())].clone()),
                account: account.clone(),
                priority: Priority::ALL[rng.below(Priority::ALL.len())],
                dates,
                tags: Vec::new(),
                proposed: status == '?',
                heading: None,
                extras: None,
            });
        }
        entries.push(Entry {
            note: ParsedNote {
                meta,
                tasks,
                ..ParsedNote::default()
            },
            stamp: Stamp {
                len: 0,
                modified: None,
            },
        });
    }
    Index::from_notes(entries)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let t0 = Instant::now();
    let index = index(today);
    let generated = t0.elapsed();
    let dir = std::env::temp_dir();
    let ctx = cli::Ctx {
        config: triage::Config::default(),
        today,
        no_cache: true,
        ..Default::default()
    };
    let mut app = match tui::build_app(&ctx, dir) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cannot build the app: {e:#}");
            std::process::exit(1);
        }
    };
    app.on_resize(160, 48);
    let t1 = Instant::now();
    app.on_feed(tui::live::Feed::Ready(Box::new(index)));
    let loaded = t1.elapsed();
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("test terminal");
    let mut frame = |app: &tui::App| {
        term.draw(|f| tui::ui::draw(app, f)).expect("draw");
    };
    frame(&app);

    // A person types a query word, fixes a typo, types another, clears, and types again.
    let mut script: Vec<KeyEvent> = vec![key('/')];
    let typed = |s: &str| s.chars().map(key).collect::<Vec<_>>();
    script.extend(typed("pricing propsal"));
    script.extend(std::iter::repeat_n(
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        3,
    ));
    script.extend(typed("osal person 1"));
    script.push(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    script.extend(typed("review deck account 04"));
    script.push(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    script.extend(typed("workshop"));

    let verbose = std::env::var_os("TUI_BENCH_VERBOSE").is_some();
    let mut times = Vec::new();
    for round in 0..3 {
        for k in &script {
            let start = Instant::now();
            app.on_key(*k);
            let keyed = start.elapsed();
            frame(&app);
            if round > 0 {
                times.push(start.elapsed());
            }
            if verbose && round == 1 {
                println!(
                    "  {:?} {:>24} rows {:>7}  key {:>6.2} ms  total {:>6.2} ms",
                    k.code,
                    app.filter_input,
                    app.listing.rows.len(),
                    keyed.as_secs_f64() * 1000.0,
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
        app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        frame(&app);
    }
    // A note changes on disk (the watcher's news, or our own edit read back): time until the next frame.
    let mut updates = Vec::new();
    for n in 0..5 {
        let path = format!("Meetings/{:03}/{n:06} call notes.md", n % 997);
        let Some(entry) = app.index.get(&path).cloned() else {
            continue;
        };
        let mut entry = entry;
        if let Some(t) = entry.note.tasks.first_mut() {
            t.words = TaskText::new(t.text(), &format!("{} (edited)", t.description()));
        }
        let start = Instant::now();
        app.on_feed(tui::live::Feed::Updates(vec![
            triage::vault::NoteUpdate::Upsert(entry),
        ]));
        frame(&app);
        updates.push(start.elapsed());
    }
    updates.sort();
    times.sort();
    let p50 = percentile(&times, 0.50);
    let p95 = percentile(&times, 0.95);
    let max = times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "tui_filter: {TASKS} tasks ({} open), 160x48 frame",
        app.store.counts.open
    );
    println!(
        "  generate {:.0} ms, load into the UI {:.0} ms",
        generated.as_secs_f64() * 1000.0,
        loaded.as_secs_f64() * 1000.0
    );
    println!(
        "  keystroke → frame over {} keys: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms",
        times.len()
    );
    if let Some(mid) = updates.get(updates.len() / 2) {
        println!(
            "  one note changed → frame: median {:.1} ms over {} changes",
            mid.as_secs_f64() * 1000.0,
            updates.len()
        );
    }
    // The figures are wall time: on a machine shared with other work they include waiting for a core.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "  machine: {cores} cores, load average {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!(
        "  target p95 < {TARGET_P95_MS} ms: {}",
        if p95 < TARGET_P95_MS {
            "met"
        } else {
            "NOT met"
        }
    );
}
