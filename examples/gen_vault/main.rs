//! Writes a deterministic, realistic Obsidian vault of N notes (SPEC §0 style) for benchmarks and demos.
//! Only ever writes below the given folder, and refuses a non-empty folder it did not generate itself.
//!
//! `cargo run --release --example gen_vault -- DIR N [--seed S]`

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use task_line::{TaskCtx, task_line};
use words::*;

mod task_line;
mod words;

/// Bump when the output changes, so benchmarks regenerate instead of reusing an old vault.
const FORMAT_VERSION: u32 = 1;
/// Written last: its presence with matching contents means the vault is complete and reusable.
pub const STAMP_FILE: &str = ".gen-vault-stamp";

#[allow(dead_code)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_vault DIR N [--seed S]";
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seed" {
            match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => {
                    eprintln!("gen_vault: --seed needs a number\n{usage}");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            positional.push(a.clone());
        }
    }
    let [dir, n] = positional.as_slice() else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let Ok(n) = n.replace('_', "").parse::<usize>() else {
        eprintln!("gen_vault: N must be a number, got {n:?}\n{usage}");
        return ExitCode::FAILURE;
    };
    let started = std::time::Instant::now();
    match generate(Path::new(dir), n, seed) {
        Ok(s) if s.reused => {
            println!("{dir}: already holds the vault for N={n} seed={seed}; left as is");
            ExitCode::SUCCESS
        }
        Ok(s) => {
            println!(
                "{dir}: {} notes, {} task lines, {:.1} MB in {:.2?}",
                s.notes,
                s.tasks,
                s.bytes as f64 / 1e6,
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_vault: {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What one generation wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct GenStats {
    pub notes: u64,
    /// Real task lines (outside fences and comments), as the parser should count them.
    pub tasks: u64,
    pub bytes: u64,
    /// The folder already held this exact vault; nothing was written.
    pub reused: bool,
}

/// Writes `n` notes below `dir`; the same `n` and `seed` give the same bytes on every machine.
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<GenStats> {
    let stamp = format!("gen_vault v{FORMAT_VERSION} n={n} seed={seed}\n");
    let stamp_path = dir.join(STAMP_FILE);
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(GenStats {
            reused: true,
            ..Default::default()
        });
    }
    if dir.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(io::Error::other(
            "folder is not empty and holds no matching generated vault; pick an empty folder",
        ));
    }
    std::fs::create_dir_all(dir)?;
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .min(8);
    let results: Vec<io::Result<GenStats>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || write_share(dir, n, seed, t, threads)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
            })
            .collect()
    });
    let mut total = GenStats::default();
    for r in results {
        let r = r?;
        total.notes += r.notes;
        total.tasks += r.tasks;
        total.bytes += r.bytes;
    }
    std::fs::write(stamp_path, stamp)?;
    Ok(total)
}

fn write_share(dir: &Path, n: usize, seed: u64, part: usize, parts: usize) -> io::Result<GenStats> {
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut stats = GenStats::default();
    let mut buf = String::with_capacity(16 * 1024);
    for i in (part..n).step_by(parts) {
        buf.clear();
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (rel, tasks) = note(&mut rng, i, &mut buf);
        let path = dir.join(&rel);
        if let Some(parent) = path.parent()
            && !made.contains(parent)
        {
            std::fs::create_dir_all(parent)?;
            made.insert(parent.to_path_buf());
        }
        let bytes = finish_bytes(&mut rng, &buf);
        std::fs::write(&path, &bytes)?;
        stats.notes += 1;
        stats.tasks += tasks;
        stats.bytes += bytes.len() as u64;
    }
    Ok(stats)
}

/// A few notes carry a BOM or CRLF line endings, as files from other tools do.
fn finish_bytes(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 128);
    if rng.chance(1, 100) {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    if rng.chance(2, 100) {
        for line in text.split_inclusive('\n') {
            match line.strip_suffix('\n') {
                Some(l) => {
                    out.extend_from_slice(l.as_bytes());
                    out.extend_from_slice(b"\r\n");
                }
                None => out.extend_from_slice(line.as_bytes()),
            }
        }
    } else {
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// splitmix64: tiny, fast, and identical everywhere — all the randomness a generator needs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0xD1B5_4A32_D192_ED03);
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's civil_from_days).
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date between 2025-01-01 and 2026-12-31.
fn some_date(rng: &mut Rng) -> String {
    date(20_089 + rng.below(730) as i64)
}

/// Writes one note into `out`; returns its vault-relative path and how many real tasks it holds.
fn note(rng: &mut Rng, i: usize, out: &mut String) -> (String, u64) {
    let account = rng.pick(ACCOUNTS);
    let kind = rng.below(100);
    let day = some_date(rng);
    let (rel, note_type, title) = match kind {
        0..40 => {
            let topic = rng.pick(TOPICS);
            let title = format!("{account} {topic}");
            (
                format!("Meetings/{}/{} {} {i}.md", &day[..7], day, title),
                "meeting",
                title,
            )
        }
        40..70 => {
            let topic = rng.pick(TOPICS);
            let title = format!("{account} {topic}");
            (
                format!("Customers/{account}/{title} {i}.md"),
                "customer",
                title,
            )
        }
        70..82 => {
            let p = rng.pick(PEOPLE);
            (format!("People/{p} {i}.md"), "person", p.to_string())
        }
        82..88 => (
            format!("Accounts/{account} {i}.md"),
            "account",
            account.to_string(),
        ),
        88..95 => {
            let title = format!(
                "Project {} {}",
                rng.pick(OBJECTS).trim_start_matches("the "),
                i
            );
            (format!("Projects/{title}.md"), "project", title)
        }
        _ => (format!("Daily/{day} {i}.md"), "daily", day.clone()),
    };
    let participants = [rng.pick(PEOPLE), rng.pick(PEOPLE), rng.pick(PEOPLE)];
    let has_frontmatter = note_type != "daily" || rng.chance(1, 2);
    if has_frontmatter {
        frontmatter(rng, out, note_type, &title, &day, account, &participants);
    } else {
        let _ = writeln!(out, "# {title}\n");
    }

    // Prose up to the target size less what the action items will add, so notes land in 2–8 KB.
    let target = 2300 + rng.below(5200);
    // Mean five tasks, spread over 0..=12, so 100k notes hold about 500k tasks.
    let n_tasks = if rng.chance(1, 2) {
        rng.below(13)
    } else {
        rng.below(9)
    };
    let in_body = if n_tasks > 2 {
        rng.below(n_tasks / 2 + 1)
    } else {
        0
    };
    let mut tasks = 0u64;
    let tctx = TaskCtx {
        account,
        participants: &participants,
    };
    let mut sections = 0;
    let goal = target.saturating_sub(130 * n_tasks).max(2048);
    while out.len() < goal || sections == 0 {
        sections += 1;
        let _ = writeln!(out, "## {}\n", rng.pick(HEADINGS));
        for _ in 0..1 + rng.below(3) {
            paragraph(rng, out);
            if out.len() >= goal {
                break;
            }
        }
        if rng.chance(1, 2) {
            for _ in 0..2 + rng.below(4) {
                let _ = writeln!(out, "- {}", rng.pick(PROSE));
            }
            out.push('\n');
        }
        match rng.below(40) {
            0 | 1 => {
                // A fenced example: task-like lines in it are not tasks.
                let fence = if rng.chance(1, 4) { "~~~~" } else { "```" };
                let _ = writeln!(
                    out,
                    "{fence}markdown\n- [ ] Example task in a template @Someone 📅 2025-01-01\n* [x] Another sample line\n{fence}\n"
                );
            }
            2 => {
                let _ = writeln!(
                    out,
                    "%%\n- [ ] Hidden draft item @{} ⏫\n%%\n",
                    rng.pick(PEOPLE)
                );
            }
            3 => {
                let _ = writeln!(out, "<!--\n- [ ] Commented out follow-up\n-->\n");
            }
            4..8 if tasks < in_body as u64 => {
                let _ = writeln!(
                    out,
                    "> [!todo] Follow-ups\n> A few things came up during the call."
                );
                for _ in 0..1 + rng.below(2) {
                    out.push_str("> ");
                    task_line(rng, &tctx, out);
                    tasks += 1;
                }
                out.push('\n');
            }
            _ => {}
        }
        while tasks < in_body as u64 && rng.chance(1, 2) {
            task_line(rng, &tctx, out);
            tasks += 1;
        }
    }
    if n_tasks as u64 > tasks {
        out.push_str("\n## Action Items\n");
        while (tasks as usize) < n_tasks {
            if rng.chance(1, 12) {
                out.push_str(if rng.chance(1, 2) { "  " } else { "\t" });
            }
            task_line(rng, &tctx, out);
            tasks += 1;
        }
    }
    if rng.chance(1, 25) {
        let _ = writeln!(
            out,
            "\n```tasks\nnot done\ndue before tomorrow\ngroup by owner\n```"
        );
    }
    (rel, tasks)
}

fn frontmatter(
    rng: &mut Rng,
    out: &mut String,
    note_type: &str,
    title: &str,
    day: &str,
    account: &str,
    participants: &[&str; 3],
) {
    let _ = writeln!(out, "---\ntype: {note_type}\ntitle: {title}\ndate: '{day}'");
    match note_type {
        "person" => {
            let _ = writeln!(
                out,
                "person: {title}\naliases: [{}]",
                title.split(' ').next().unwrap_or(title)
            );
        }
        "account" => {
            let _ = writeln!(out, "name: {account}");
        }
        "daily" => {}
        _ if rng.chance(1, 8) => {
            let _ = writeln!(out, "account: \"[[{account}]]\"");
        }
        _ => {
            let _ = writeln!(out, "account: {account}");
        }
    }
    if rng.chance(1, 2) {
        let _ = writeln!(
            out,
            "participants: [{}, {}]",
            participants[0], participants[1]
        );
    } else {
        let _ = writeln!(
            out,
            "participants:\n  - {}\n  - {}\n  - {}",
            participants[0], participants[1], participants[2]
        );
    }
    let _ = writeln!(
        out,
        "tags: [type/{note_type}, account/{}, generated]",
        slug(account)
    );
    if rng.chance(1, 5) {
        let _ = writeln!(
            out,
            "source: transcript\nduration_minutes: {}",
            15 + rng.below(60)
        );
    }
    out.push_str("---\n");
}

fn paragraph(rng: &mut Rng, out: &mut String) {
    for s in 0..2 + rng.below(4) {
        if s > 0 {
            out.push(' ');
        }
        if rng.chance(1, 150) {
            out.push_str(rng.pick(MOJIBAKE_PROSE));
        } else {
            out.push_str(rng.pick(PROSE));
        }
    }
    out.push_str("\n\n");
}
