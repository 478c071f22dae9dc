//! Scale benchmark: full-index time and peak memory on generated vaults of 1k–100k notes, next to `rg -c`.
//! Prints numbers and a markdown table; asserts nothing and writes only below its vault folder.
//!
//! `cargo bench --bench scan` (all sizes) or `cargo bench --bench scan -- 1k 20k`;
//! `TRIAGE_BENCH_RUNS=N` sets the timed runs per row, `TRIAGE_BENCH_DIR` where vaults are kept.

#[path = "../examples/gen_vault/main.rs"]
#[allow(dead_code)]
mod gen_vault;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use triage::Config;

const SEED: u64 = 1;
const DEFAULT_SIZES: [usize; 4] = [1_000, 5_000, 20_000, 100_000];
/// The reference: what a plain text search for task lines costs on the same files.
const RG_PATTERN: &str = r"^\s*[-*+] \[.\]";
/// Set in the re-executed child that measures one library scan's peak memory alone.
const CHILD_ENV: &str = "TRIAGE_BENCH_CHILD_VAULT";
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
    rg: Option<Measured>,
    rg_matches: Option<u64>,
    list: Measured,
    list_count: String,
}

/// Median wall time and CPU time (user + system, all threads) over the runs, and peak RSS.
/// CPU time is reported too because other work on a shared machine disturbs wall time most.
#[derive(Clone, Copy)]
struct Measured {
    time: Duration,
    cpu: Duration,
    rss_kb: u64,
}

/// One process's or one scan's numbers.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
    rss_kb: u64,
}

fn summarize(samples: &[Sample]) -> Measured {
    Measured {
        time: median(samples.iter().map(|s| s.wall).collect()),
        cpu: median(samples.iter().map(|s| s.cpu).collect()),
        rss_kb: samples.iter().map(|s| s.rss_kb).max().unwrap_or(0),
    }
}

/// CPU time this process has used so far, all threads.
fn cpu_self() -> Duration {
    // SAFETY: `rusage` is plain data that getrusage fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    cpu_of(&usage)
}

fn cpu_of(u: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
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
    let mut samples = Vec::with_capacity(runs);
    let rss_kb = child_rss(vault)?;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_self());
        let index = triage::vault::scan(vault, &cfg).map_err(|e| e.to_string())?;
        samples.push(Sample {
            wall: t.elapsed(),
            cpu: cpu_self().saturating_sub(c),
            rss_kb,
        });
        drop(index);
    }

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
    let (list, out) = whole_process(
        || {
            let mut c = Command::new(triage_bin);
            c.arg("list").arg("--count").arg(vault);
            c
        },
        runs,
    )?;
    Ok(Row {
        notes: n.max(notes),
        tasks,
        vault_bytes: dir_bytes(vault),
        index: summarize(&samples),
        rg: rg.map(|(m, _)| m),
        rg_matches: rg.map(|(_, c)| c),
        list,
        list_count: String::from_utf8_lossy(&out).trim().to_string(),
    })
}

/// Runs the command once to warm up, then `runs` times; returns the medians, the largest
/// peak RSS seen, and the last run's standard output.
fn whole_process(cmd: impl Fn() -> Command, runs: usize) -> Result<(Measured, Vec<u8>), String> {
    let mut samples = Vec::with_capacity(runs);
    let mut out = Vec::new();
    for i in 0..=runs {
        let (sample, o) = spawn_measured(cmd())?;
        if i > 0 {
            samples.push(sample);
        }
        out = o;
    }
    Ok((summarize(&samples), out))
}

/// Time, peak RSS and standard output of one process, measured by a small re-executed copy of
/// this program: a child's peak RSS counts the memory of the process that spawned it, so
/// spawning straight from this (large) process would overstate small programs such as `rg`.
fn spawn_measured(cmd: Command) -> Result<(Sample, Vec<u8>), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let name = format!("{:?}", cmd.get_program());
    let out = Command::new(exe)
        .env(SPAWN_ENV, "1")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    let report = String::from_utf8_lossy(&out.stderr);
    let nums: Vec<u64> = report
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    match (out.status.success(), nums.as_slice()) {
        (true, [wall, cpu, kb]) => Ok((
            Sample {
                wall: Duration::from_nanos(*wall),
                cpu: Duration::from_nanos(*cpu),
                rss_kb: *kb,
            },
            out.stdout,
        )),
        _ => Err(format!("{name} failed: {}", report.trim())),
    }
}

/// The spawner: runs its arguments as a command with its output going to a temporary file, then
/// copies that output and reports "<wall ns> <cpu ns> <peak RSS KB>" on stderr, from `wait4`.
/// A file, not a pipe: `rg -c` writes once per note, and waking a pipe reader 100k times would
/// measure the pipe, not the search (and `/dev/null` makes rg stop at the first match).
fn spawner() -> ExitCode {
    match spawn_and_wait() {
        Ok((sample, out)) => {
            let _ = std::io::stdout().write_all(&out);
            eprintln!(
                "{} {} {}",
                sample.wall.as_nanos(),
                sample.cpu.as_nanos(),
                sample.rss_kb
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn spawn_and_wait() -> Result<(Sample, Vec<u8>), String> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let (program, rest) = args.split_first().ok_or("spawner: no command")?;
    let out_path = std::env::temp_dir().join(format!("triage-bench-{}.out", std::process::id()));
    let out_file = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .stdout(out_file)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program:?}: {e}"))?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    let out = std::fs::read(&out_path);
    let _ = std::fs::remove_file(&out_path);
    if got != pid || !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{program:?} failed (status {status})"));
    }
    let sample = Sample {
        wall,
        cpu: cpu_of(&usage),
        rss_kb: usage.ru_maxrss as u64,
    };
    Ok((sample, out.map_err(|e| e.to_string())?))
}

/// Peak RSS of a process that does nothing but one library scan, read back from the child.
fn child_rss(vault: &Path) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .env(CHILD_ENV, vault)
        .output()
        .map_err(|e| format!("cannot re-run the benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .map_err(|_| format!("child reported {text:?}, not a VmHWM in KB"))
}

fn child(vault: &Path) -> ExitCode {
    let index = match triage::vault::scan(vault, &Config::default()) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("bench child: {}: {e}", vault.display());
            return ExitCode::FAILURE;
        }
    };
    let hwm = proc_status_kb("VmHWM:");
    // Keep the index alive until the peak has been read.
    std::hint::black_box(&index);
    match hwm {
        Some(kb) => {
            println!("{kb}");
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}

fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
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

fn machine() -> String {
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

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn div(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// "wall (cpu)" of one measurement, or a dash when it was skipped.
fn times(m: Option<Measured>) -> String {
    m.map_or("–".into(), |m| format!("{} ({})", ms(m.time), ms(m.cpu)))
}

/// "wall ratio (cpu ratio)".
fn ratios(a: Measured, b: Option<Measured>) -> String {
    b.map_or("–".into(), |b| {
        format!("{:.2}× ({:.2}×)", div(a.time, b.time), div(a.cpu, b.cpu))
    })
}

fn print_row(r: &Row) {
    println!(
        "{:>7} notes {:>8} tasks: index {} {}, rg -c {} [{} matches], list --count {} → {}",
        r.notes,
        r.tasks,
        times(Some(r.index)),
        mb(r.index.rss_kb),
        times(r.rg),
        r.rg_matches.map_or("–".into(), |c| c.to_string()),
        times(Some(r.list)),
        r.list_count,
    );
}

fn print_tables(rows: &[Row], machine: &str) {
    println!("## Full index (library `triage::vault::scan`) vs `rg -c '{RG_PATTERN}'`\n");
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
    println!("\n## Whole process: `triage list --count` vs `rg -c`\n");
    println!("| notes | triage list --count | its peak RSS | rg -c | rg peak RSS | triage / rg |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.notes,
            times(Some(r.list)),
            mb(r.list.rss_kb),
            times(r.rg),
            r.rg.map_or("–".into(), |m| mb(m.rss_kb)),
            ratios(r.list, r.rg),
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
        println!(
            "- {} → {} notes (×{n:.0}): wall ×{t:.2} ({:.2} of linear), CPU ×{c:.2} ({:.2}), peak RSS ×{m:.2} ({:.2})",
            a.notes,
            b.notes,
            t / n,
            c / n,
            m / n,
        );
    }
    println!();
}

fn print_targets(rows: &[Row]) {
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!("## Targets\n");
    if let Some(r) = rows.iter().find(|r| r.notes == 20_000) {
        if let Some(rg) = r.rg {
            let (q, c) = (div(r.index.time, rg.time), div(r.index.cpu, rg.cpu));
            println!(
                "- 20k full index ≤ 1.5× rg: {q:.2}× wall ({c:.2}× CPU) — {}",
                verdict(q <= 1.5)
            );
            let (q, c) = (div(r.list.time, rg.time), div(r.list.cpu, rg.cpu));
            println!(
                "- 20k `list --count` ≤ 2× `rg -c`, whole process: {q:.2}× wall ({c:.2}× CPU) — {}",
                verdict(q <= 2.0)
            );
        }
        let m = r.index.rss_kb as f64 / 1024.0;
        println!(
            "- 20k peak RSS ≤ 100 MB: {m:.0} MB — {}",
            verdict(m <= 100.0)
        );
    }
    if let Some(r) = rows.iter().find(|r| r.notes == 100_000) {
        let s = r.index.time.as_secs_f64();
        println!("- 100k index ≤ 2 s: {s:.2} s — {}", verdict(s <= 2.0));
        let m = r.index.rss_kb as f64 / 1024.0;
        println!(
            "- 100k peak RSS ≤ 400 MB: {m:.0} MB — {}",
            verdict(m <= 400.0)
        );
    }
}
