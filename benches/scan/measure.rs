//! Process and scan measurements for the scale benchmark: wall and CPU time, peak RSS via wait4.
//! Runs the commands it is given and reads /proc; never writes outside the temporary folder.

use super::{CHILD_CACHE_ENV, CHILD_ENV, SPAWN_ENV, median};
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use triage::Config;

/// Median wall time and CPU time (user + system, all threads) over the runs, and peak RSS.
/// CPU time is reported too because other work on a shared machine disturbs wall time most.
#[derive(Clone, Copy)]
pub struct Measured {
    pub time: Duration,
    pub cpu: Duration,
    pub rss_kb: u64,
}

/// One process's or one scan's numbers.
#[derive(Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Duration,
    pub rss_kb: u64,
}

pub fn summarize(samples: &[Sample]) -> Measured {
    Measured {
        time: median(samples.iter().map(|s| s.wall).collect()),
        cpu: median(samples.iter().map(|s| s.cpu).collect()),
        rss_kb: samples.iter().map(|s| s.rss_kb).max().unwrap_or(0),
    }
}

/// CPU time this process has used so far, all threads.
pub fn cpu_self() -> Duration {
    // SAFETY: `rusage` is plain data that getrusage fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    cpu_of(&usage)
}

pub fn cpu_of(u: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Runs the command once to warm up, then `runs` times; returns the medians, the largest
/// peak RSS seen, and the last run's standard output.
pub fn whole_process(
    cmd: impl Fn() -> Command,
    runs: usize,
) -> Result<(Measured, Vec<u8>), String> {
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
pub fn spawn_measured(cmd: Command) -> Result<(Sample, Vec<u8>), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let name = format!("{:?}", cmd.get_program());
    let envs = cmd
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())));
    let out = Command::new(exe)
        .env(SPAWN_ENV, "1")
        .envs(envs)
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
pub fn spawner() -> ExitCode {
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

pub fn spawn_and_wait() -> Result<(Sample, Vec<u8>), String> {
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

/// Peak RSS of a process that does nothing but one library scan (or, given a cache folder, one
/// load through that cache), read back from the child.
pub fn child_rss(vault: &Path, cache_dir: Option<&Path>) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(exe);
    cmd.env(CHILD_ENV, vault);
    if let Some(dir) = cache_dir {
        cmd.env(CHILD_CACHE_ENV, dir);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot re-run the benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .map_err(|_| format!("child reported {text:?}, not a VmHWM in KB"))
}

pub fn child(vault: &Path) -> ExitCode {
    let cfg = Config::default();
    let index = match std::env::var_os(CHILD_CACHE_ENV) {
        Some(dir) => {
            let cache = triage::vault::Cache::in_dir(Path::new(&dir), vault, &cfg);
            triage::vault::load(vault, &cfg, Some(&cache))
        }
        None => triage::vault::scan(vault, &cfg),
    };
    let index = match index {
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

pub fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
