//! The edit promise under attack: another program saves the note (in place in chunks, by
//! temp-and-rename, or both), a second triage edits it, a folder is swapped for a link to outside
//! the vault, edits are killed with SIGKILL, while triage edits tasks by their refs. Prints counts.
//!
//! cargo build --release && cargo run --release --example stress -- [--seconds 20] [--by-line] [MODE…]
//! MODE: inplace, rename, mixed, two-triage, swap, kill9 (default: all). Linux or macOS.
//! --by-line addresses tasks as PATH:LINE (as last listed) instead of by ref; --triage PATH runs
//! another build (an older release, to see what it let through). Exits 1 on any damage.

mod attack;

use attack::{Counts, Trial};
use std::time::Duration;

const MODES: [&str; 6] = ["inplace", "rename", "mixed", "two-triage", "swap", "kill9"];

fn main() {
    let mut seconds = 20u64;
    let mut by_line = false;
    let mut triage: Option<std::path::PathBuf> = None;
    let mut modes: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(20),
            "--by-line" => by_line = true,
            "--triage" => triage = args.next().map(Into::into),
            m if MODES.contains(&m) => modes.push(m.to_string()),
            other => {
                eprintln!(
                    "stress: unknown argument {other:?}; modes: {}",
                    MODES.join(", ")
                );
                std::process::exit(2);
            }
        }
    }
    if modes.is_empty() {
        modes = MODES.iter().map(|m| m.to_string()).collect();
    }
    let exe = std::env::current_exe().expect("own path");
    let triage = triage
        .or_else(|| {
            exe.parent()
                .and_then(|p| p.parent())
                .map(|p| p.join("triage"))
        })
        .filter(|p| p.exists())
        .unwrap_or_else(|| {
            eprintln!("stress: build the program first: cargo build --release");
            std::process::exit(2);
        });
    println!(
        "{:<11} {:>4} {:>7} {:>6} {:>8} {:>7} {:>6} {:>10} {:>9} {:>8} {:>6}",
        "mode",
        "s",
        "saves",
        "save/s",
        "edits ok",
        "refused",
        "wrong",
        "saves lost",
        "truncated",
        "outside",
        "temps"
    );
    let mut total = Counts::default();
    for mode in &modes {
        let mut trial = Trial::new(mode, &triage);
        trial.by_line = by_line;
        let c = trial.run(Duration::from_secs(seconds));
        println!(
            "{:<11} {:>4} {:>7} {:>6.0} {:>8} {:>7} {:>6} {:>10} {:>9} {:>8} {:>6}",
            mode,
            seconds,
            c.saves,
            c.saves as f64 / seconds as f64,
            c.ok,
            c.refused,
            c.wrong_task,
            c.lost,
            c.truncated,
            c.outside,
            c.temps_left
        );
        total.add(&c);
    }
    let bad = total.wrong_task + total.lost + total.truncated + total.outside + total.temps_left;
    println!(
        "total: {} edits ok, {} refused, {} external saves; wrong task {}, saves lost {}, truncated {}, outside touched {}, temp files left {}",
        total.ok,
        total.refused,
        total.saves,
        total.wrong_task,
        total.lost,
        total.truncated,
        total.outside,
        total.temps_left
    );
    if bad > 0 {
        std::process::exit(1);
    }
}
