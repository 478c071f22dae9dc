//! The safe writer: resolve a note inside the vault, splice new bytes, write a temp file, sync, rename.
//! Never writes outside the vault root and never overwrites a change another program made after our read.

use super::EditError;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Called after the temp file is written and before the final check and rename; tests use it to
/// play "another program saved the note just now".
pub type Hook = dyn Fn(&Path) + Send + Sync;

/// The canonical vault root.
pub(crate) fn canonical_root(root: &Path) -> Result<PathBuf, EditError> {
    fs::canonicalize(root).map_err(|source| EditError::Io {
        path: root.display().to_string(),
        action: "open the vault",
        source,
    })
}

/// Turns a vault-relative `/` path into the real file it names, refusing anything that is not a
/// note inside the vault: `..`, absolute paths, and symlinks whose target lies outside.
pub(crate) fn resolve(root: &Path, rel: &str) -> Result<PathBuf, EditError> {
    let bad = |why: &str| EditError::BadPath {
        path: rel.to_string(),
        why: why.to_string(),
    };
    if rel.is_empty() {
        return Err(bad("the path is empty"));
    }
    if rel.contains('\0') {
        return Err(bad("the path holds a NUL byte"));
    }
    if rel.starts_with('/') || rel.starts_with('\\') || Path::new(rel).is_absolute() {
        return Err(bad("the path must be relative to the vault, not absolute"));
    }
    if rel.contains('\\') {
        return Err(bad(
            "the path holds a backslash; separate folders with / (PATH as `triage list` prints it)",
        ));
    }
    let mut joined = root.to_path_buf();
    for part in rel.split('/') {
        match Path::new(part).components().next() {
            None => {}
            Some(Component::CurDir) => {}
            Some(Component::Normal(_)) => joined.push(part),
            Some(Component::ParentDir) => return Err(bad("the path must not contain \"..\"")),
            Some(_) => return Err(bad("the path has a part that is not a plain name")),
        }
    }
    if !crate::vault::is_note_path(&joined) {
        return Err(bad("only notes (*.md) are edited"));
    }
    let real = fs::canonicalize(&joined).map_err(|source| EditError::Io {
        path: rel.to_string(),
        action: "find the note",
        source,
    })?;
    if !real.starts_with(root) {
        return Err(bad("it leads outside the vault (through a symlink)"));
    }
    if !real.is_file() {
        return Err(bad("it is not a file"));
    }
    Ok(real)
}

/// One line of a file: `start..end` is its content (no BOM, no line ending), `next` the start of the next line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// Splits bytes into lines the way the parser numbers them: `\n` ends a line, a `\r` before it
/// belongs to the ending, a BOM belongs to no line, and a final newline starts no extra line.
pub(crate) fn split_lines(bytes: &[u8]) -> Vec<LineSpan> {
    let mut out = Vec::new();
    let mut start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while start < bytes.len() {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => {
                let nl = start + i;
                let end = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                out.push(LineSpan {
                    start,
                    end,
                    next: nl + 1,
                });
                start = nl + 1;
            }
            None => {
                out.push(LineSpan {
                    start,
                    end: bytes.len(),
                    next: bytes.len(),
                });
                start = bytes.len();
            }
        }
    }
    out
}

/// The line ending to give a new line inserted before `at`: that line's own ending, else the
/// file's first ending, else `\n`.
pub(crate) fn ending_for(bytes: &[u8], lines: &[LineSpan], at: usize) -> Vec<u8> {
    let own = &bytes[lines[at].end..lines[at].next];
    if !own.is_empty() {
        return own.to_vec();
    }
    lines
        .iter()
        .map(|l| &bytes[l.end..l.next])
        .find(|e| !e.is_empty())
        .unwrap_or(b"\n")
        .to_vec()
}

/// An advisory lock on a note's folder, held while an edit reads, checks, renames and journals.
/// Without it two triage processes can both pass the changed-since check and the later rename
/// silently drops the earlier edit. Programs that do not take it (an editor) are still caught by
/// the changed-since check; where a folder cannot be locked the edit goes on without the lock.
pub(crate) struct FolderLock {
    _held: Option<File>,
}

/// How long an edit waits for another triage process editing the same folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Takes the lock on `real`'s folder, waiting up to [`LOCK_WAIT`] for another edit to finish.
pub(crate) fn lock_folder(real: &Path, shown: &str) -> Result<FolderLock, EditError> {
    let Some(dir) = real.parent() else {
        return Ok(FolderLock { _held: None });
    };
    // Windows cannot open a folder as a file; locking is a Unix courtesy between triage processes.
    let Ok(file) = File::open(dir) else {
        return Ok(FolderLock { _held: None });
    };
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(FolderLock { _held: Some(file) }),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(EditError::Busy {
                    path: shown.to_string(),
                });
            }
            // A filesystem without locks (some network shares): the changed-since check remains.
            Err(std::fs::TryLockError::Error(_)) => return Ok(FolderLock { _held: None }),
        }
    }
}

/// Reads `real`, lets `build` turn its bytes into new bytes, and saves them safely. If the file
/// changed between the read and the rename, `build` runs once more on the fresh content; a second
/// change is a refusal. `build` returning the same bytes writes nothing.
pub(crate) fn commit<T>(
    real: &Path,
    shown: &str,
    hook: Option<&Hook>,
    mut build: impl FnMut(&[u8]) -> Result<(Vec<u8>, T), EditError>,
) -> Result<T, EditError> {
    let io = |action: &'static str| {
        move |source| EditError::Io {
            path: shown.to_string(),
            action,
            source,
        }
    };
    for attempt in 0..2 {
        let before = fs::read(real).map_err(io("read the note"))?;
        let (new, value) = build(&before)?;
        if new == before {
            return Ok(value);
        }
        let meta = fs::metadata(real).map_err(io("read the note's metadata"))?;
        if meta.permissions().readonly() || !may_write(real) {
            return Err(EditError::ReadOnly {
                path: shown.to_string(),
            });
        }
        let temp = TempFile::create(real, &new, &meta)
            .map_err(io("write a temporary file next to the note"))?;
        if let Some(hook) = hook {
            hook(real);
        }
        let now = fs::read(real).map_err(io("re-read the note"))?;
        if now != before {
            drop(temp);
            if attempt == 0 {
                continue;
            }
            return Err(EditError::Changed {
                path: shown.to_string(),
            });
        }
        temp.rename_over(real).map_err(io("replace the note"))?;
        return Ok(value);
    }
    Err(EditError::Changed {
        path: shown.to_string(),
    })
}

/// Whether this user may write the note itself. Renaming over it needs only the folder's write
/// permission, so without this check a user could replace (and take over) a note they may not
/// write. Opening for writing changes no byte; only a refusal counts, not other errors.
fn may_write(real: &Path) -> bool {
    match OpenOptions::new().write(true).open(real) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::PermissionDenied,
    }
}

/// A temp file beside the note; removed on drop unless it was renamed over the note.
struct TempFile {
    path: Option<PathBuf>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TempFile {
    fn create(real: &Path, bytes: &[u8], meta: &fs::Metadata) -> std::io::Result<TempFile> {
        let dir = real.parent().unwrap_or(Path::new("."));
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A folder entry holds at most 255 bytes: a note with a long name still gets a temp file.
        let name = prefix_within(&name, 100);
        let mut tries = 0;
        let (path, mut file) = loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            // Hidden and not ending in `.md`, so no vault reader takes it for a note.
            let path = dir.join(format!(".{name}.triage-{}-{n}.tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => break (path, f),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => {
                    tries += 1
                }
                Err(e) => return Err(e),
            }
        };
        let temp = TempFile { path: Some(path) };
        file.write_all(bytes)?;
        keep_owner(&file, meta);
        file.set_permissions(meta.permissions())?;
        file.sync_all()?;
        Ok(temp)
    }

    fn rename_over(mut self, real: &Path) -> std::io::Result<()> {
        let Some(path) = self.path.take() else {
            return Ok(());
        };
        if let Err(e) = fs::rename(&path, real) {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        // The rename is durable only once the folder entry is on disk; some filesystems cannot
        // sync a folder, which leaves the data itself no less safe.
        if let Some(dir) = real.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The longest start of `s` that fits in `max` bytes without splitting a char.
fn prefix_within(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = fs::remove_file(p);
        }
    }
}

#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only root (or the owner, for the group) may do this; otherwise the new file is ours, as
    // with any editor saving the note.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_endings_and_bom_apart() {
        let b = b"\xEF\xBB\xBFa\r\nb\nc";
        let l = split_lines(b);
        assert_eq!(l.len(), 3);
        assert_eq!(&b[l[0].start..l[0].end], b"a");
        assert_eq!(&b[l[0].end..l[0].next], b"\r\n");
        assert_eq!(&b[l[1].start..l[1].end], b"b");
        assert_eq!(&b[l[2].start..l[2].end], b"c");
        assert_eq!(l[2].next, b.len());
        assert_eq!(split_lines(b"x\n").len(), 1);
        assert!(split_lines(b"").is_empty());
        assert_eq!(split_lines(b"\n\n").len(), 2);
        assert_eq!(ending_for(b, &l, 2), b"\r\n");
        assert_eq!(ending_for(b, &l, 1), b"\n");
    }
}
