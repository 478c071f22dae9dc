//! The hidden temp file an edit writes beside its note, and the clean-up of ones left behind by
//! an edit that was killed. Only ever removes files named as this program names its temp files.

use cap_std::fs::{Dir, OpenOptions};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The part of a temp file's name after the note's name: `.triage-PID-N.tmp`.
const MARK: &str = ".triage-";

/// A temp file beside the note; removed on drop unless it was put in the note's place.
pub(crate) struct TempFile<'d> {
    dir: &'d Dir,
    name: Option<OsString>,
    /// The temp file's own metadata, to know it again after an exchange.
    pub meta: std::fs::Metadata,
}

impl<'d> TempFile<'d> {
    /// Writes `bytes` to a new temp file in `dir`, with the note's permissions (and owner, where
    /// allowed), synced to disk.
    pub fn create(
        dir: &'d Dir,
        note: &OsStr,
        bytes: &[u8],
        meta: &std::fs::Metadata,
    ) -> std::io::Result<TempFile<'d>> {
        let note = note.to_string_lossy();
        // A folder entry holds at most 255 bytes: a note with a long name still gets a temp file.
        let note = prefix_within(&note, 100);
        let mut tries = 0;
        let (name, file) = loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            // Hidden and not ending in `.md`, so no vault reader takes it for a note.
            let name = OsString::from(format!(".{note}{MARK}{}-{n}.tmp", std::process::id()));
            match dir.open_with(&name, OpenOptions::new().write(true).create_new(true)) {
                Ok(f) => break (name, f.into_std()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => {
                    tries += 1
                }
                Err(e) => return Err(e),
            }
        };
        let mut temp = TempFile {
            dir,
            name: Some(name),
            meta: file.metadata()?,
        };
        let mut file = file;
        file.write_all(bytes)?;
        keep_owner(&file, meta);
        file.set_permissions(meta.permissions())?;
        file.sync_all()?;
        temp.meta = file.metadata()?;
        Ok(temp)
    }

    pub fn name(&self) -> &OsStr {
        self.name.as_deref().unwrap_or_default()
    }

    /// The temp file is now the note: nothing to remove.
    pub fn keep(mut self) {
        self.name = None;
    }
}

impl Drop for TempFile<'_> {
    fn drop(&mut self) {
        if let Some(n) = self.name.take() {
            let _ = self.dir.remove_file(n);
        }
    }
}

/// Removes temp files in `dir` that an edit of this program left when it was killed: named
/// `.NOTE.triage-PID-N.tmp` for a process that no longer runs. Never fails the edit.
pub(crate) fn remove_stale(dir: &Dir) {
    let Ok(entries) = dir.entries() else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        if pid != std::process::id() && !alive(pid) {
            let _ = dir.remove_file(&name);
        }
    }
}

/// The process id in a name made by [`TempFile::create`], if it is one.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(MARK)?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Elsewhere there is no cheap way to ask; the files stay (they are hidden and not notes).
#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

/// The longest start of `s` that fits in `max` bytes without splitting a char.
fn prefix_within(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only root (or the owner, for the group) may do this; otherwise the new file is ours, as
    // with any editor saving the note.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_names_are_temp_files() {
        assert_eq!(temp_pid(".n.md.triage-123-4.tmp"), Some(123));
        assert_eq!(temp_pid(".a.triage-b.md.triage-9-0.tmp"), Some(9));
        assert_eq!(temp_pid("n.md.triage-123-4.tmp"), None);
        assert_eq!(temp_pid(".n.md.triage-123.tmp"), None);
        assert_eq!(temp_pid(".n.md.triage-x-4.tmp"), None);
        assert_eq!(temp_pid(".n.md.other-123-4.tmp"), None);
    }
}
