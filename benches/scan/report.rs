//! The scale benchmark's output: the machine line, one line per size, markdown tables, targets.
//! Formatting only; every number comes from the caller.

use super::measure::Measured;
use super::{RG_PATTERN, Row};
use std::process::Command;
use std::time::Duration;

pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_string();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| {
            l["MemTotal:".len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let rg = Command::new("rg")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "rg: not installed".into());
    format!("machine: {cpus} CPUs ({model}), {mem_gb:.1} GB RAM, Linux; reference: {rg}")
}

pub fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

pub fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

pub fn div(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// "wall (cpu)" of one measurement, or a dash when it was skipped.
pub fn times(m: Option<Measured>) -> String {
    m.map_or("–".into(), |m| format!("{} ({})", ms(m.time), ms(m.cpu)))
}

/// "wall ratio (cpu ratio)".
pub fn ratios(a: Measured, b: Option<Measured>) -> String {
    b.map_or("–".into(), |b| {
        format!("{:.2}× ({:.2}×)", div(a.time, b.time), div(a.cpu, b.cpu))
    })
}

pub fn print_row(r: &Row) {
    println!(
        "{:>7} notes {:>8} tasks: index {} {}, rg -c {} [{} matches], list --count {} → {}, with a query {}",
        r.notes,
        r.tasks,
        times(Some(r.index)),
        mb(r.index.rss_kb),
        times(r.rg),
        r.rg_matches.map_or("–".into(), |c| c.to_string()),
        times(Some(r.list)),
        r.list_count,
        times(Some(r.query)),
    );
}

pub fn print_tables(rows: &[Row], machine: &str) {
    println!(
        "## Full index without a cache (library `triage::vault::scan`) vs `rg -c '{RG_PATTERN}'`\n"
    );
    println!(
        "{machine}. Release build, warm page cache, medians; wall time with CPU time (user + system) in brackets.\n"
    );
    println!(
        "| notes | tasks | vault | index | rg -c | index / rg | peak RSS | tasks/s | µs/note | KB RSS/note |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let secs = r.index.time.as_secs_f64();
        println!(
            "| {} | {} | {:.0} MB | {} | {} | {} | {} | {:.2} M | {:.1} | {:.1} |",
            r.notes,
            r.tasks,
            r.vault_bytes as f64 / 1e6,
            times(Some(r.index)),
            times(r.rg),
            ratios(r.index, r.rg),
            mb(r.index.rss_kb),
            r.tasks as f64 / secs / 1e6,
            secs * 1e6 / r.notes as f64,
            r.index.rss_kb as f64 / r.notes as f64,
        );
    }
    println!("\n## With the index cache (`triage::vault::load`)\n");
    println!(
        "First load: an empty cache, so every note is parsed and the cache is written. Warm load: the vault is unchanged since the cache was written, so each note costs one `stat` and a decode.\n"
    );
    println!(
        "| notes | first load | warm load | rg -c | warm / rg | warm peak RSS | cache file | warm µs/note |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            r.notes,
            times(Some(r.cold)),
            times(Some(r.warm)),
            times(r.rg),
            ratios(r.warm, r.rg),
            mb(r.warm.rss_kb),
            mb(r.cache_bytes / 1024),
            r.warm.time.as_secs_f64() * 1e6 / r.notes as f64,
        );
    }
    println!("\n## Whole process: `triage list --count` vs `rg -c`\n");
    println!(
        "`list --count` with no query counts task lines without building tasks; with `-q 'not done'` it builds the full index (without, then with a warm index cache) and runs the query.\n"
    );
    println!(
        "| notes | triage list --count | its peak RSS | rg -c | rg peak RSS | triage / rg | list --count -q 'not done' --no-cache | its peak RSS | that / rg | the same, warm cache | its peak RSS | that / rg |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.notes,
            times(Some(r.list)),
            mb(r.list.rss_kb),
            times(r.rg),
            r.rg.map_or("–".into(), |m| mb(m.rss_kb)),
            ratios(r.list, r.rg),
            times(Some(r.query)),
            mb(r.query.rss_kb),
            ratios(r.query, r.rg),
            times(Some(r.query_warm)),
            mb(r.query_warm.rss_kb),
            ratios(r.query_warm, r.rg),
        );
    }
    println!("\n## Growth with N (×time and ×memory per ×notes; 1.00 is linear)\n");
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let n = b.notes as f64 / a.notes as f64;
        let (t, c) = (
            div(b.index.time, a.index.time),
            div(b.index.cpu, a.index.cpu),
        );
        let m = b.index.rss_kb as f64 / a.index.rss_kb as f64;
        let w = div(b.warm.time, a.warm.time);
        println!(
            "- {} → {} notes (×{n:.0}): wall ×{t:.2} ({:.2} of linear), CPU ×{c:.2} ({:.2}), peak RSS ×{m:.2} ({:.2}); warm-cache wall ×{w:.2} ({:.2})",
            a.notes,
            b.notes,
            t / n,
            c / n,
            m / n,
            w / n,
        );
    }
    println!();
}

pub fn print_targets(rows: &[Row]) {
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!("## Targets\n");
    if let Some(r) = rows.iter().find(|r| r.notes == 20_000) {
        if let Some(rg) = r.rg {
            for (what, m) in [("no cache", r.index), ("warm index cache", r.warm)] {
                let (q, c) = (div(m.time, rg.time), div(m.cpu, rg.cpu));
                println!(
                    "- 20k full index ≤ 1.5× rg, {what}: {q:.2}× wall ({c:.2}× CPU) — {}",
                    verdict(q <= 1.5)
                );
            }
            let (q, c) = (div(r.list.time, rg.time), div(r.list.cpu, rg.cpu));
            println!(
                "- 20k `list --count` ≤ 2× `rg -c`, whole process: {q:.2}× wall ({c:.2}× CPU) — {}",
                verdict(q <= 2.0)
            );
        }
        for (what, kb) in [("no cache", r.index.rss_kb), ("warm cache", r.warm.rss_kb)] {
            let m = kb as f64 / 1024.0;
            println!(
                "- 20k peak RSS ≤ 100 MB, {what}: {m:.0} MB — {}",
                verdict(m <= 100.0)
            );
        }
    }
    if let Some(r) = rows.iter().find(|r| r.notes == 100_000) {
        for (what, m) in [("no cache", r.index), ("warm cache", r.warm)] {
            let s = m.time.as_secs_f64();
            let mb = m.rss_kb as f64 / 1024.0;
            println!(
                "- 100k index ≤ 2 s, {what}: {s:.2} s — {}; peak RSS ≤ 400 MB: {mb:.0} MB — {}",
                verdict(s <= 2.0),
                verdict(mb <= 400.0)
            );
        }
    }
}
