//! Scale benchmark: full-index time and peak memory on generated vaults of 1k–100k notes, next to `rg -c`.
//! Prints numbers and a markdown table; asserts nothing and writes only below its vault folder.
//!
//! `cargo bench --bench scan` (all sizes) or `cargo bench --bench scan -- 1k 20k`;
//! `TRIAGE_BENCH_RUNS=N` sets the timed runs per row, `TRIAGE_BENCH_DIR` where vaults are kept.

#[path = "../../examples/gen_vault/main.rs"]
#[allow(dead_code)]
mod gen_vault;
mod measure;
mod report;

use measure::{Measured, Sample, child, child_rss, cpu_self, spawner, summarize, whole_process};
use report::{machine, print_row, print_tables, print_targets};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use triage::Config;
use triage::vault::Cache;

const SEED: u64 = 1;
const DEFAULT_SIZES: [usize; 4] = [1_000, 5_000, 20_000, 100_000];
/// The reference: what a plain text search for task lines costs on the same files.
const RG_PATTERN: &str = r"^\s*[-*+] \[.\]";
/// Set in the re-executed child that measures one library scan's peak memory alone.
const CHILD_ENV: &str = "TRIAGE_BENCH_CHILD_VAULT";
/// Set with [`CHILD_ENV`] when the child loads through the index cache in this folder.
const CHILD_CACHE_ENV: &str = "TRIAGE_BENCH_CHILD_CACHE";
/// Set in the re-executed child that runs one command and reports its time and peak memory.
const SPAWN_ENV: &str = "TRIAGE_BENCH_SPAWN";

fn main() -> ExitCode {
    if let Ok(vault) = std::env::var(CHILD_ENV) {
        return child(Path::new(&vault));
    }
    if std::env::var_os(SPAWN_ENV).is_some() {
        return spawner();
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench scan: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One size's measurements.
struct Row {
    notes: usize,
    tasks: usize,
    vault_bytes: u64,
    /// The library scan in this process: median wall and CPU time; peak RSS from a child.
    index: Measured,
    /// `triage::vault::load` with an empty index cache: the scan plus writing the cache.
    cold: Measured,
    /// `triage::vault::load` with the cache of an unchanged vault: a stat per note, no parse.
    warm: Measured,
    cache_bytes: u64,
    rg: Option<Measured>,
    rg_matches: Option<u64>,
    list: Measured,
    list_count: String,
    /// `list --count -q 'not done' --no-cache`: a query needs the full index, so this is the
    /// whole pipeline.
    query: Measured,
    /// The same command with a warm index cache.
    query_warm: Measured,
}

fn run() -> Result<(), String> {
    let sizes = sizes()?;
    let runs: usize = std::env::var("TRIAGE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let dir = std::env::var_os("TRIAGE_BENCH_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-vaults"),
        PathBuf::from,
    );
    let has_rg = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let machine = machine();
    println!(
        "# triage scan benchmark\n\n{machine}\nruns per row: {runs} (median, warm page cache)\n"
    );
    // Inline sizes: most of the index's memory is one Task per task line plus its strings.
    println!(
        "size_of: Task {} B, NoteMeta {} B, Entry {} B\n",
        std::mem::size_of::<triage::Task>(),
        std::mem::size_of::<triage::NoteMeta>(),
        std::mem::size_of::<triage::vault::Entry>(),
    );
    let mut rows = Vec::new();
    for n in sizes {
        let vault = dir.join(format!("n{n}-s{SEED}"));
        let made = Instant::now();
        let stats = gen_vault::generate(&vault, n, SEED)
            .map_err(|e| format!("cannot generate {}: {e}", vault.display()))?;
        if !stats.reused {
            println!("generated {} in {:.1?}", vault.display(), made.elapsed());
        }
        let row = measure(&vault, n, runs, has_rg)?;
        print_row(&row);
        rows.push(row);
    }
    println!();
    if !has_rg {
        println!("note: `rg` is not installed, so the reference columns are empty.\n");
    }
    print_tables(&rows, &machine);
    print_targets(&rows);
    Ok(())
}

/// Sizes from the command line (`1k`, `20000`, `100k`), else all four.
fn sizes() -> Result<Vec<usize>, String> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.is_empty() {
        return Ok(DEFAULT_SIZES.to_vec());
    }
    args.iter()
        .map(|a| {
            let (digits, mult) = match a.strip_suffix(['k', 'K']) {
                Some(d) => (d, 1000),
                None => (a.as_str(), 1),
            };
            digits
                .parse::<usize>()
                .map(|d| d * mult)
                .map_err(|_| format!("not a vault size: {a:?} (try 1k, 5000, 100k)"))
        })
        .collect()
}

fn measure(vault: &Path, n: usize, runs: usize, has_rg: bool) -> Result<Row, String> {
    let cfg = Config::default();
    // Warm-up: fills the page cache and the allocator, as a second start of the program would.
    let warm = triage::vault::scan(vault, &cfg).map_err(|e| e.to_string())?;
    let tasks = warm.task_count();
    let notes = warm.note_count();
    drop(warm);
    let index = timed(runs, child_rss(vault, None)?, || {
        triage::vault::scan(vault, &cfg)
    })?;

    let cache_dir = std::env::temp_dir().join(format!("triage-bench-cache-{}", std::process::id()));
    let cache = Cache::in_dir(&cache_dir, vault, &cfg);
    let cold = timed(runs, 0, || {
        let _ = std::fs::remove_file(cache.file());
        triage::vault::load(vault, &cfg, Some(&cache))
    })?;
    let cache_bytes = std::fs::metadata(cache.file()).map_or(0, |m| m.len());
    let warm = timed(runs, child_rss(vault, Some(&cache_dir))?, || {
        triage::vault::load(vault, &cfg, Some(&cache))
    })?;

    let rg = has_rg
        .then(|| {
            let cmd = || {
                let mut c = Command::new("rg");
                c.arg("-c").arg(RG_PATTERN).arg(vault);
                c
            };
            whole_process(cmd, runs).map(|(m, out)| (m, rg_total(&out)))
        })
        .transpose()?;
    let triage_bin = env!("CARGO_BIN_EXE_triage");
    let list_cmd = |query: bool, cached: bool| {
        let cache_dir = cache_dir.clone();
        move || {
            let mut c = Command::new(triage_bin);
            c.env("TRIAGE_CACHE_DIR", &cache_dir)
                .arg("list")
                .arg("--count");
            if query {
                c.arg("-q").arg("not done");
            }
            if !cached {
                c.arg("--no-cache");
            }
            c.arg(vault);
            c
        }
    };
    let (list, out) = whole_process(list_cmd(false, false), runs)?;
    let (query, _) = whole_process(list_cmd(true, false), runs)?;
    // The warm-up run of whole_process fills the cache the timed runs then read.
    let (query_warm, _) = whole_process(list_cmd(true, true), runs)?;
    let _ = std::fs::remove_dir_all(&cache_dir);
    Ok(Row {
        notes: n.max(notes),
        tasks,
        vault_bytes: dir_bytes(vault),
        index,
        cold,
        warm,
        cache_bytes,
        rg: rg.map(|(m, _)| m),
        rg_matches: rg.map(|(_, c)| c),
        list,
        list_count: String::from_utf8_lossy(&out).trim().to_string(),
        query,
        query_warm,
    })
}

/// Median wall and CPU time of `runs` calls of `f` in this process, with the peak RSS given.
/// Times `f` until the index is built; dropping it is left out of the sample, as a command
/// that exits with the index still in memory never pays for it.
fn timed<T>(
    runs: usize,
    rss_kb: u64,
    mut f: impl FnMut() -> Result<T, ignore::Error>,
) -> Result<Measured, String> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_self());
        let built = f().map_err(|e| e.to_string())?;
        samples.push(Sample {
            wall: t.elapsed(),
            cpu: cpu_self().saturating_sub(c),
            rss_kb,
        });
        drop(built);
    }
    Ok(summarize(&samples))
}

fn rg_total(out: &[u8]) -> u64 {
    String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| l.rsplit(':').next()?.parse::<u64>().ok())
        .sum()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map_or(0, |m| m.len()),
                _ => {}
            }
        }
    }
    total
}
