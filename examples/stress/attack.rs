//! One trial: a vault with one note, a writer playing another program, triage editors, and the
//! mode's extra attacker; then the counts of what went wrong, each checked on the file itself.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TASKS: usize = 120;
const FILLER: usize = 2500;
const NOTE: &str = "sub/n.md";

#[derive(Default, Debug)]
pub struct Counts {
    pub saves: u64,
    pub ok: u64,
    pub refused: u64,
    pub wrong_task: u64,
    pub lost: u64,
    pub truncated: u64,
    pub outside: u64,
    pub temps_left: u64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.saves += o.saves;
        self.ok += o.ok;
        self.refused += o.refused;
        self.wrong_task += o.wrong_task;
        self.lost += o.lost;
        self.truncated += o.truncated;
        self.outside += o.outside;
        self.temps_left += o.temps_left;
    }
}

#[derive(Default)]
struct Shared {
    saves: AtomicU64,
    ok: AtomicU64,
    refused: AtomicU64,
    wrong: AtomicU64,
    lost: AtomicU64,
    truncated: AtomicU64,
}

pub struct Trial {
    mode: String,
    /// Address tasks as PATH:LINE instead of by ref (to see what a plain line number risks).
    pub by_line: bool,
    triage: PathBuf,
    vault: tempfile::TempDir,
    outside: tempfile::TempDir,
    state: tempfile::TempDir,
}

#[derive(Clone, Copy, PartialEq)]
enum Save {
    InPlace,
    Rename,
    Mixed,
}

impl Trial {
    pub fn new(mode: &str, triage: &Path) -> Trial {
        let t = Trial {
            mode: mode.to_string(),
            by_line: false,
            triage: triage.to_path_buf(),
            vault: tempfile::tempdir().expect("vault"),
            outside: tempfile::tempdir().expect("outside"),
            state: tempfile::tempdir().expect("state"),
        };
        fs::create_dir_all(t.vault.path().join("sub")).unwrap();
        fs::create_dir_all(t.vault.path().join(".obsidian")).unwrap();
        fs::write(t.vault.path().join(NOTE), initial(0)).unwrap();
        // The decoy: a note of the same name outside the vault, which must never change.
        fs::write(t.outside.path().join("n.md"), initial(0)).unwrap();
        t
    }

    pub fn run(&self, length: Duration) -> Counts {
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared::default());
        let swapping = Arc::new(Mutex::new(()));
        let save = match self.mode.as_str() {
            "inplace" => Save::InPlace,
            "mixed" => Save::Mixed,
            _ => Save::Rename,
        };
        let mut threads = Vec::new();
        {
            let (stop, shared, lock) = (stop.clone(), shared.clone(), swapping.clone());
            let path = self.vault.path().join(NOTE);
            threads.push(std::thread::spawn(move || {
                writer(&path, save, &stop, &shared, &lock)
            }));
        }
        let editors = if self.mode == "two-triage" { 2 } else { 1 };
        for e in 0..editors {
            let (stop, shared) = (stop.clone(), shared.clone());
            let run = self.runner();
            let by_line = self.by_line;
            threads.push(std::thread::spawn(move || {
                editor(e, by_line, &run, &stop, &shared)
            }));
        }
        if self.mode == "swap" {
            let (stop, lock) = (stop.clone(), swapping.clone());
            let (vault, outside) = (
                self.vault.path().to_path_buf(),
                self.outside.path().to_path_buf(),
            );
            threads.push(std::thread::spawn(move || {
                swapper(&vault, &outside, &stop, &lock)
            }));
        }
        if self.mode == "kill9" {
            let stop = stop.clone();
            let run = self.runner();
            threads.push(std::thread::spawn(move || killer(&run, &stop)));
        }
        std::thread::sleep(length);
        stop.store(true, Ordering::SeqCst);
        for t in threads {
            t.join().expect("a trial thread panicked");
        }
        // One more edit after the attack: it cleans up temp files that killed edits left behind.
        let run = self.runner();
        let _ = run.edit(&["priority", &format!("{NOTE}:1"), "high"]);
        let note = fs::read_to_string(self.vault.path().join(NOTE)).unwrap_or_default();
        let s = &shared;
        Counts {
            saves: s.saves.load(Ordering::SeqCst),
            ok: s.ok.load(Ordering::SeqCst),
            refused: s.refused.load(Ordering::SeqCst),
            wrong_task: s.wrong.load(Ordering::SeqCst),
            lost: s.lost.load(Ordering::SeqCst),
            truncated: s.truncated.load(Ordering::SeqCst) + u64::from(!whole(&note)),
            outside: outside_touched(self.outside.path()),
            temps_left: temp_files(self.vault.path()),
        }
    }

    fn runner(&self) -> Runner {
        Runner {
            triage: self.triage.clone(),
            vault: self.vault.path().to_path_buf(),
            state: self.state.path().to_path_buf(),
        }
    }
}

#[derive(Clone)]
struct Runner {
    triage: PathBuf,
    vault: PathBuf,
    state: PathBuf,
}

impl Runner {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.triage);
        c.args(args)
            .arg("--vault")
            .arg(&self.vault)
            .env("TRIAGE_STATE_DIR", &self.state)
            .env("TRIAGE_TODAY", "2026-12-08")
            .stdin(Stdio::null());
        c
    }

    /// Runs an edit; its printed line on success.
    fn edit(&self, args: &[&str]) -> Option<String> {
        let out = self.command(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// The note: a revision line the writer counts up, prose, the tasks, and an end marker.
fn initial(rev: u64) -> String {
    let mut s = format!("rev: {rev}\n");
    for i in 0..FILLER {
        s.push_str(&format!(
            "Filler paragraph {i}: notes taken during the meeting, kept long.\n"
        ));
    }
    s.push_str("## Tasks\n");
    for k in 0..TASKS {
        s.push_str(&format!("- [ ] Task {k:03} to do #t{k:03}\n"));
    }
    s.push_str("END\n");
    s
}

/// Whether a note's text is a whole note: its revision line, every task, and its end.
fn whole(text: &str) -> bool {
    text.starts_with("rev: ")
        && text.ends_with("END\n")
        && text.lines().filter(|l| l.starts_with("- [")).count() == TASKS
}

fn rev_of(text: &str) -> u64 {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("rev: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Another program: reads the note, bumps its revision, inserts or removes a line above the tasks
/// (so that line numbers move), and saves. A revision lower than its own last save means a save
/// of its was lost; a note that is not whole means a torn save was committed.
fn writer(path: &Path, save: Save, stop: &AtomicBool, s: &Shared, lock: &Mutex<()>) {
    let mut last = 0;
    let mut model = initial(0);
    let mut n = 0u64;
    while !stop.load(Ordering::SeqCst) {
        {
            let _g = lock.lock().unwrap();
            let mut cur = fs::read_to_string(path).unwrap_or_default();
            if !whole(&cur) {
                s.truncated.fetch_add(1, Ordering::SeqCst);
                cur = model.clone();
            } else if rev_of(&cur) < last {
                s.lost.fetch_add(1, Ordering::SeqCst);
            }
            n += 1;
            let rev = rev_of(&cur).max(last) + 1;
            let body = cur.split_once('\n').map_or("", |(_, b)| b);
            let body = if n % 8 < 4 {
                format!("Inserted line {n}\n{body}")
            } else if body.starts_with("Inserted line") {
                body.split_once('\n').map_or("", |(_, b)| b).to_string()
            } else {
                body.to_string()
            };
            let new = format!("rev: {rev}\n{body}");
            let how = match save {
                Save::Mixed if n.is_multiple_of(2) => Save::InPlace,
                Save::Mixed => Save::Rename,
                other => other,
            };
            if write(path, new.as_bytes(), how).is_ok() {
                last = rev;
                model = new;
                s.saves.fetch_add(1, Ordering::SeqCst);
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn write(path: &Path, bytes: &[u8], how: Save) -> std::io::Result<()> {
    if how == Save::InPlace {
        // Truncate, then write in 64 KB chunks, as sync clients and editors save large files.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        for chunk in bytes.chunks(64 << 10) {
            f.write_all(chunk)?;
            std::thread::yield_now();
        }
        return Ok(());
    }
    let tmp = path.with_file_name(".n.md.writer-tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

/// A triage user: sets a unique due date on a random task, addressed by its ref as last listed
/// (lines move under it), and checks that the task it named is the one that changed.
fn editor(id: u64, by_line: bool, run: &Runner, stop: &AtomicBool, s: &Shared) {
    let path = run.vault.join(NOTE);
    let mut listed = list(&path);
    let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ (id + 1);
    let mut n = 0u64;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        if n.is_multiple_of(5) || listed.is_empty() {
            listed = list(&path);
        }
        if listed.is_empty() {
            continue;
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let (k, line, text) = listed[(rng % listed.len() as u64) as usize].clone();
        let date =
            chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap() + chrono::Days::new(n * 2 + id);
        let date = date.format("%Y-%m-%d").to_string();
        let r = if by_line {
            format!("{NOTE}:{line}")
        } else {
            triage::task::reference::reference(NOTE, line, &text)
        };
        match run.edit(&["due", &r, &date]) {
            Some(out) => {
                s.ok.fetch_add(1, Ordering::SeqCst);
                let said = out.lines().last().unwrap_or("");
                let on_disk = fs::read_to_string(&path).unwrap_or_default();
                let landed = on_disk.lines().find(|l| l.contains(&date));
                let mine = format!("Task {k:03} ");
                if !said.contains(&mine) || landed.is_some_and(|l| !l.contains(&mine)) {
                    s.wrong.fetch_add(1, Ordering::SeqCst);
                }
            }
            None => {
                s.refused.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

/// The tasks as `triage list` would list them: id, line and text.
fn list(path: &Path) -> Vec<(usize, u32, String)> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let k = l.strip_prefix("- [")?.get(8..11)?.parse().ok()?;
            Some((k, i as u32 + 1, l.to_string()))
        })
        .collect()
}

/// Swaps the note's folder for a link to a folder outside the vault, again and again.
fn swapper(vault: &Path, outside: &Path, stop: &AtomicBool, lock: &Mutex<()>) {
    let (sub, real) = (vault.join("sub"), vault.join("sub.real"));
    while !stop.load(Ordering::SeqCst) {
        {
            let _g = lock.lock().unwrap();
            if fs::rename(&sub, &real).is_ok() {
                let _ = std::os::unix::fs::symlink(outside, &sub);
                std::thread::sleep(Duration::from_millis(2));
                let _ = fs::remove_file(&sub);
                let _ = fs::rename(&real, &sub);
            }
        }
        std::thread::sleep(Duration::from_millis(3));
    }
}

/// Starts edits and kills them with SIGKILL at a random moment.
fn killer(run: &Runner, stop: &AtomicBool) {
    let path = run.vault.join(NOTE);
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    while !stop.load(Ordering::SeqCst) {
        let listed = list(&path);
        let Some((_, line, text)) = listed.get((rng % TASKS as u64) as usize).cloned() else {
            continue;
        };
        let r = triage::task::reference::reference(NOTE, line, &text);
        let level = if rng.is_multiple_of(2) { "high" } else { "low" };
        let Ok(mut child) = run
            .command(&["priority", &r, level])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            continue;
        };
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_micros(rng % 15_000));
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Files outside the vault that changed or appeared: the decoy must read as it was written.
fn outside_touched(dir: &Path) -> u64 {
    let mut n = 0;
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.file_name() != "n.md" || fs::read_to_string(e.path()).unwrap_or_default() != initial(0)
        {
            n += 1;
        }
    }
    n
}

/// This program's temp files anywhere in the vault.
fn temp_files(dir: &Path) -> u64 {
    let mut n = 0;
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() && !e.path().is_symlink() {
            n += temp_files(&e.path());
        } else if name.contains(".triage-") && name.ends_with(".tmp") {
            n += 1;
        }
    }
    n
}
