//! The persistent index cache: one file per vault in the cache folder holding every note as it was
//! parsed, keyed by its file's size, times and inode. Never trusted over the files, never an error.

mod codec;
mod decode;
mod file;
mod prune;
mod write;

pub(crate) use codec::{Key, checksum, since_epoch};
pub(crate) use file::{Segment, Stored};
pub(crate) use write::{BucketNotes, Plan};

use crate::config::Config;
use file::{FORMAT, MAX_BUCKETS};
use std::path::{Path, PathBuf};

/// Notes per segment aimed for: small enough that one note's change rewrites little, large
/// enough that a 100k-note vault needs a few hundred reads.
const NOTES_PER_SEGMENT: usize = 256;

/// Where the index of one vault, read with one config, is kept between runs.
#[derive(Clone, Debug)]
pub struct Cache {
    file: PathBuf,
    /// The canonical vault folder, as recorded in the file: a cache of another folder is refused.
    root: String,
    /// Of the crate version, the running build and every config setting that changes what a
    /// note parses to.
    fingerprint: u64,
    /// Whether the running build is known ([`build_id`]); if not, the cache is never used.
    usable: bool,
}

impl Cache {
    /// The cache file for this vault and config in `dir` (created on first write).
    pub fn in_dir(dir: &Path, root: &Path, cfg: &Config) -> Cache {
        let root = std::fs::canonicalize(root)
            .or_else(|_| std::path::absolute(root))
            .unwrap_or_else(|_| root.to_path_buf());
        let root = root.to_string_lossy().into_owned();
        let file = dir.join(format!("vault-{:016x}.idx", checksum(root.as_bytes())));
        let build = build_id();
        Cache {
            file,
            root,
            fingerprint: fingerprint(cfg, build.unwrap_or(0)),
            usable: build.is_some(),
        }
    }

    /// In `$TRIAGE_CACHE_DIR`, else the platform cache folder; `None` if there is none.
    pub fn for_vault(root: &Path, cfg: &Config) -> Option<Cache> {
        let dir = match std::env::var_os("TRIAGE_CACHE_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "triage")?
                .cache_dir()
                .to_path_buf(),
        };
        Some(Cache::in_dir(&dir, root, cfg))
    }

    /// The cache file (it may not exist yet).
    pub fn file(&self) -> &Path {
        &self.file
    }
}

/// The settings that decide what a note parses to, destructured so that a new config field
/// does not compile until someone decides whether it belongs here; and the program that parses.
fn fingerprint(cfg: &Config, build: u64) -> u64 {
    let Config {
        vault: _,
        obsidian_dir: _,
        me,
        people,
        accounts,
        ignore,
        statuses,
        proposed,
        inbox: _,
        views: _,
        keys: _,
        theme: _,
        ui: _,
        // Read into `tasks` with the vault's file: that is what counts.
        obsidian_tasks: _,
        tasks,
        source: _,
        names_as_written: _,
        lookup: _,
    } = cfg;
    // Debug of Vecs and BTreeMaps is in a fixed order, so the text is stable for equal settings.
    let text = format!(
        "{} {FORMAT} {build:016x} {me:?} {people:?} {accounts:?} {ignore:?} {statuses:?} {proposed:?} {}",
        env!("CARGO_PKG_VERSION"),
        tasks.parse_key()
    );
    checksum(text.as_bytes())
}

/// Which build of the program is running: its executable's path, size, times and inode. The
/// version number alone does not say which parser made a cached note (every development build
/// and every install from source shares it), and a parser that changed must not be handed notes
/// the old one parsed. A rebuild or reinstall costs one full read. `None` when the executable
/// cannot be found: then no cache is read or written.
fn build_id() -> Option<u64> {
    static BUILD: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *BUILD.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let key = Key::of(&std::fs::metadata(&exe).ok()?);
        let text = format!("{} {key:?}", exe.display());
        Some(checksum(text.as_bytes()))
    })
}

/// A stable hash of a vault path: it picks the note's bucket, and finds the note in a load.
pub(crate) fn path_hash(path: &str) -> u64 {
    checksum(path.as_bytes())
}

/// The bucket a note's records live in.
pub(crate) fn bucket_of(path: &str, buckets: u32) -> u32 {
    bucket_in(path_hash(path), buckets)
}

fn bucket_in(hash: u64, buckets: u32) -> u32 {
    (hash % u64::from(buckets.max(1))) as u32
}

/// How many buckets a vault of `notes` notes should use, keeping `current` while it still fits
/// (a change of bucket count rewrites every segment).
pub(crate) fn bucket_count(notes: usize, current: Option<u32>) -> u32 {
    let ideal = (notes / NOTES_PER_SEGMENT).max(1).next_power_of_two();
    let ideal = u32::try_from(ideal).unwrap_or(MAX_BUCKETS).min(MAX_BUCKETS);
    match current {
        Some(c) if c / 8 <= ideal && ideal <= c.saturating_mul(8) => c,
        _ => ideal,
    }
}

#[cfg(test)]
mod tests;
