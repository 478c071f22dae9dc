//! `triage --demo`: writes the embedded demo vault into a fresh folder, with every date moved so the
//! demo's "today" (2026-11-23) lands on the real today. Never writes into the source tree.

use super::demo_files::FILES;
use anyhow::Context;
use chrono::{Duration, NaiveDate};
use regex::bytes::{Captures, Regex};
use std::path::{Path, PathBuf};

/// The day the demo vault was written for.
pub const ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
    Some(d) => d,
    None => panic!("the demo anchor is a real date"),
};

/// Copies the demo vault for `today` and returns its folder: `TRIAGE_DEMO_DIR` if set (created if
/// needed), else a new folder under the state (or temporary) folder.
pub fn prepare(today: NaiveDate) -> anyhow::Result<PathBuf> {
    let dir = match std::env::var_os("TRIAGE_DEMO_DIR").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => {
            // Copies live in a folder of their own, so pruning them can never touch anything else.
            let base = super::state_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("demo");
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let dir = base.join(format!("{PREFIX}{stamp}-{}", std::process::id()));
            write_demo(&dir, today)?;
            for gone in prune(&base, KEEP) {
                tracing::info!("removed old demo copy {}", gone.display());
            }
            return Ok(dir);
        }
    };
    write_demo(&dir, today)?;
    Ok(dir)
}

/// How a demo copy's folder name starts; nothing else is ever pruned.
const PREFIX: &str = "demo-vault-";
/// How many demo copies are kept (the newest, including the one just written).
const KEEP: usize = 3;

/// Deletes all but the `keep` newest demo copies directly inside `base` (folders named
/// `demo-vault-<stamp>-<pid>`, never links); returns what was removed. Failures are only logged.
pub fn prune(base: &Path, keep: usize) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(base) else {
        return Vec::new();
    };
    let mut copies: Vec<(std::time::SystemTime, String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            (name.starts_with(PREFIX) && meta.is_dir()).then(|| {
                let made = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                (made, name, e.path())
            })
        })
        .collect();
    // Newest first: by time written, then by the stamp in the name.
    copies.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let mut removed = Vec::new();
    for (_, _, path) in copies.into_iter().skip(keep) {
        match std::fs::remove_dir_all(&path) {
            Ok(()) => removed.push(path),
            Err(e) => tracing::warn!("cannot remove old demo copy {}: {e}", path.display()),
        }
    }
    removed
}

/// Writes every demo file below `dir`, dates shifted by `today − ANCHOR` days.
pub fn write_demo(dir: &Path, today: NaiveDate) -> anyhow::Result<()> {
    let shift = (today - ANCHOR).num_days();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create demo folder {}", dir.display()))?;
    for (rel, bytes) in FILES {
        let name = shift_dates(rel.as_bytes(), shift);
        let name = String::from_utf8_lossy(&name).into_owned();
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, shift_dates(bytes, shift))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Moves every real `YYYY-MM-DD` date by `days`; text that is not a real date stays as it is.
pub fn shift_dates(text: &[u8], days: i64) -> Vec<u8> {
    if days == 0 {
        return text.to_vec();
    }
    static DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = DATE.get_or_init(|| {
        Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("the date pattern is valid")
    });
    re.replace_all(text, |c: &Captures| {
        let whole = &c[0];
        let shifted = std::str::from_utf8(whole)
            .ok()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .and_then(|d| d.checked_add_signed(Duration::days(days)));
        match shifted {
            Some(d) => d.format("%Y-%m-%d").to_string().into_bytes(),
            None => whole.to_vec(),
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_keeps_the_newest_demo_copies_and_nothing_else() {
        let base = tempfile::tempdir().unwrap();
        for i in 0..5 {
            let d = base.path().join(format!("{PREFIX}2026112{i}-000000-1"));
            std::fs::create_dir_all(d.join("Inbox")).unwrap();
            std::fs::write(d.join("Inbox/a.md"), "- [ ] x").unwrap();
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 * (i + 1));
            std::fs::File::open(&d).unwrap().set_modified(t).unwrap();
        }
        std::fs::create_dir(base.path().join("my-notes")).unwrap();
        std::fs::write(base.path().join(format!("{PREFIX}file")), "keep").unwrap();
        let removed = prune(base.path(), 3);
        assert_eq!(removed.len(), 2);
        let mut left: Vec<String> = std::fs::read_dir(base.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "demo-vault-20261122-000000-1",
                "demo-vault-20261123-000000-1",
                "demo-vault-20261124-000000-1",
                "demo-vault-file",
                "my-notes",
            ]
        );
    }

    #[test]
    fn dates_move_and_non_dates_stay() {
        let text =
            "due 📅 2026-11-23, bad 2026-02-30, id 12026-11-230, [[2026-11-20 1-1]]".as_bytes();
        let out = String::from_utf8(shift_dates(text, 2)).unwrap();
        assert_eq!(
            out,
            "due 📅 2026-11-25, bad 2026-02-30, id 12026-11-230, [[2026-11-22 1-1]]"
        );
        assert_eq!(shift_dates(text, 0), text);
    }

    #[test]
    fn the_embedded_list_matches_the_demo_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-vault");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    on_disk.push(
                        p.strip_prefix(&root)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
            }
        }
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "src/tui/demo_files.rs is out of date with assets/demo-vault"
        );
    }

    #[test]
    fn a_copy_on_the_anchor_day_is_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        write_demo(dir.path(), ANCHOR).unwrap();
        for (rel, bytes) in FILES {
            assert_eq!(
                &std::fs::read(dir.path().join(rel)).unwrap(),
                bytes,
                "{rel}"
            );
        }
        let later = tempfile::tempdir().unwrap();
        write_demo(later.path(), ANCHOR + Duration::days(3)).unwrap();
        assert!(later.path().join("Daily/2026-11-26.md").exists());
    }
}
