//! The watcher side of the live vault: OS file events (notify, debounced) turned into path hints,
//! the skip rules for event paths, and the test for folders the OS cannot watch. Never reads a note.

use super::scan::{is_note_path, relative_path};
use crate::config::Config;
use ignore::Match;
use ignore::overrides::{Override, OverrideBuilder};
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub(crate) type EventWatcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Starts OS events on `root` (recursively: one watch per folder, never per file) and hands
/// every debounced batch to `sink`.
pub(crate) fn watch_events(
    root: &Path,
    debounce: Duration,
    sink: impl FnMut(DebounceEventResult) + Send + 'static,
) -> Result<EventWatcher, notify::Error> {
    let mut debouncer = new_debouncer(debounce, None, sink)?;
    debouncer.watch(root, notify::RecursiveMode::Recursive)?;
    Ok(debouncer)
}

/// What an event says about one path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hint {
    /// The path may be a folder that appeared, vanished or moved: look below it too.
    pub deep: bool,
    /// Only metadata changed (permissions, owner): the stamp stays the same, yet the note may
    /// have become readable or unreadable, so read it even if the stamp says unchanged.
    pub reread: bool,
}

/// Paths some event touched, vault-relative.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    pub paths: HashMap<Arc<str>, Hint>,
    /// An event said the OS lost track (queue overflow) or the vault folder itself changed.
    pub rescan: bool,
}

impl Hints {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// Adds the paths of one debounced batch, dropping ignored ones on the spot (no stat, no read).
    pub fn add_events(&mut self, events: &[DebouncedEvent], roots: &Roots, filter: &Filter) {
        for event in events {
            if event.need_rescan() {
                self.rescan = true;
                continue;
            }
            let (deep, reread) = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => (false, false),
                // Opens and reads (ours included) change nothing.
                EventKind::Access(_) => continue,
                EventKind::Modify(ModifyKind::Name(_)) => (true, false),
                EventKind::Modify(ModifyKind::Metadata(
                    MetadataKind::Permissions | MetadataKind::Ownership | MetadataKind::Any,
                )) => (false, true),
                EventKind::Modify(_) => (false, false),
                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other => {
                    (true, false)
                }
            };
            for path in &event.paths {
                match roots.relative(path) {
                    Some(rel) => {
                        if filter.ignores(&rel, deep) {
                            continue;
                        }
                        let slot = self.paths.entry(rel).or_default();
                        slot.deep |= deep;
                        slot.reread |= reread;
                    }
                    None if roots.is_root(path) => self.rescan = true,
                    None => {}
                }
            }
        }
    }
}

/// The vault folder as events may name it: as given (made absolute) and with symlinks resolved.
#[derive(Clone, Debug)]
pub(crate) struct Roots {
    pub root: PathBuf,
    canonical: Option<PathBuf>,
}

impl Roots {
    pub fn new(root: PathBuf) -> Roots {
        let canonical = std::fs::canonicalize(&root).ok().filter(|c| *c != root);
        Roots { root, canonical }
    }

    pub fn relative(&self, path: &Path) -> Option<Arc<str>> {
        relative_path(&self.root, path).or_else(|| {
            let canonical = self.canonical.as_ref()?;
            relative_path(canonical, path)
        })
    }

    fn is_root(&self, path: &Path) -> bool {
        path == self.root || self.canonical.as_deref() == Some(path)
    }
}

/// The skip rules of SPEC §1 applied to one vault-relative path, without touching the disk:
/// the same rules the scan's walker applies, plus editors' temp and swap files.
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    overrides: Override,
}

impl Filter {
    pub fn new(root: &Path, cfg: &Config) -> Result<Filter, ignore::Error> {
        let mut builder = OverrideBuilder::new(root);
        for glob in &cfg.ignore {
            builder.add(&format!("!{}", glob.trim_start_matches('!')))?;
        }
        Ok(Filter {
            overrides: builder.build()?,
        })
    }

    /// Whether a hint for `rel` can be dropped. A shallow hint (content changed) matters only for
    /// a note; a deep one may name a folder, so only names no note can live under are dropped.
    pub fn ignores(&self, rel: &str, deep: bool) -> bool {
        let Some(name) = rel.rsplit('/').next() else {
            return true;
        };
        if rel.split('/').any(|part| part.starts_with('.')) || is_temp_name(name) {
            return true;
        }
        let is_note = is_note_path(Path::new(name));
        if !deep && !is_note {
            return true;
        }
        let mut end = 0;
        while let Some(slash) = rel[end..].find('/') {
            end += slash;
            if self.skipped(&rel[..end], true) {
                return true;
            }
            end += 1;
        }
        self.skipped(rel, !is_note)
    }

    fn skipped(&self, rel: &str, is_dir: bool) -> bool {
        matches!(self.overrides.matched(rel, is_dir), Match::Ignore(_))
    }
}

/// Editors' swap, backup and probe files (vim, emacs, sync tools): never notes, never folders of notes.
fn is_temp_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == "4913"
        || name.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".swx")
        || lower.ends_with(".tmp")
}

/// File systems whose changes made elsewhere never reach this machine's file events.
const REMOTE_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "9p",
    "drvfs",
    "virtiofs",
    "vboxsf",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.glusterfs",
    "fuse.vmhgfs-fuse",
];

/// A folder's device and inode.
pub(crate) fn folder_id(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = meta
            .created()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some((0, created.as_nanos() as u64))
    }
}

/// The type of the file system holding `root` when it is one OS events cannot follow.
pub(crate) fn remote_fs(root: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).ok()?;
    let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    remote_fs_in(&table, &root)
}

/// Reads a `/proc/self/mountinfo` table: the longest mount point above `root` decides.
fn remote_fs_in(table: &str, root: &Path) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for line in table.lines() {
        let mut fields = line.split(' ');
        let Some(mount_point) = fields.nth(4) else {
            continue;
        };
        let Some(fs_type) = line.split(" - ").nth(1).and_then(|s| s.split(' ').next()) else {
            continue;
        };
        let mount_point = unescape_mount(mount_point);
        if root.starts_with(&mount_point) && best.is_none_or(|(len, _)| mount_point.len() >= len) {
            best = Some((mount_point.len(), fs_type));
        }
    }
    let (_, fs_type) = best?;
    REMOTE_FS.contains(&fs_type).then(|| fs_type.to_string())
}

/// Mount points escape space, tab, newline and backslash as `\ooo` octal.
fn unescape_mount(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).and_then(|d| {
            let d = std::str::from_utf8(d).ok()?;
            u8::from_str_radix(d, 8).ok()
        });
        match (bytes[i], octal) {
            (b'\\', Some(b)) => {
                out.push(b);
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_dot_folders_temp_files_and_globs() {
        let cfg = Config {
            ignore: vec!["Archive/".into(), "*.draft.md".into()],
            ..Config::default()
        };
        let f = Filter::new(Path::new("/v"), &cfg).unwrap();
        for rel in [
            ".obsidian/workspace.json",
            ".trash/old.md",
            ".git/index",
            "notes/.hidden/x.md",
            "notes/.#x.md",
            "x.md.swp",
            "x.md~",
            "4913",
            "x.md.tmp",
            "Archive/x.md",
            "Archive",
            "a/b.draft.md",
            "notes.txt",
        ] {
            assert!(
                f.ignores(rel, rel != "notes.txt"),
                "{rel} should be ignored"
            );
        }
        for (rel, deep) in [
            ("x.md", false),
            ("X.MD", false),
            ("a/b/c.md", false),
            ("new folder", true),
            ("Archive2/x.md", false),
        ] {
            assert!(!f.ignores(rel, deep), "{rel} should be looked at");
        }
        assert!(f.ignores("notes.txt", false));
    }

    #[test]
    fn finds_remote_mounts() {
        let table = "\
22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/share rw shared:20 - nfs4 server:/export rw
41 22 0:36 / /mnt/my\\040drive rw shared:21 - cifs //srv/d rw
42 40 0:37 / /mnt/share/local rw shared:22 - ext4 /dev/sdb1 rw";
        let at = |p: &str| remote_fs_in(table, Path::new(p));
        assert_eq!(at("/home/me/vault"), None);
        assert_eq!(at("/mnt/share/vault").as_deref(), Some("nfs4"));
        assert_eq!(at("/mnt/my drive/vault").as_deref(), Some("cifs"));
        assert_eq!(at("/mnt/share/local/vault"), None);
    }
}
