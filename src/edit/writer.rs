//! The safe writer: read a note nobody is writing, splice new bytes, write a temp file beside it,
//! sync, and put it in the note's place. Never overwrites a save another program made after our
//! read, never commits a note read half-written, never touches anything outside the vault.

use super::EditError;
use super::confine::NoteAt;
use super::guard::{Guard, StillWriting};
use super::temp::{TempFile, remove_stale};
use cap_std::fs::{Dir, OpenOptions};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// Called after the temp file is written and before the final check; tests use it to play
/// "another program saved the note just now". While it runs the guard is let go, so that it can
/// write the note in place as another program would, and then taken again.
pub type Hook = dyn Fn(&Path) + Send + Sync;

/// How many times an edit starts again after losing a race with another program's save.
const TRIES: usize = 4;

/// How an edit saves: the test hook, and how long to wait for another program's save to finish.
#[derive(Clone, Copy)]
pub(crate) struct Save<'a> {
    pub hook: Option<&'a Hook>,
    pub wait: Duration,
}

/// How long an edit waits for another program to finish saving the note.
pub(crate) const WRITE_WAIT: Duration = Duration::from_secs(3);

/// An advisory lock on a note's folder, held while an edit reads, checks, renames and journals.
/// Without it two triage processes can both pass the changed-since check and the later rename
/// silently drops the earlier edit. Programs that do not take it (an editor) are caught by the
/// lease and the exchange check; where a folder cannot be locked the edit goes on without it.
pub(crate) struct FolderLock {
    _held: Option<File>,
}

/// How long an edit waits for another triage process editing the same folder.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Takes the lock on the note's folder, waiting up to [`LOCK_WAIT`] for another edit to finish.
pub(crate) fn lock_folder(note: &NoteAt, shown: &str) -> Result<FolderLock, EditError> {
    // Windows cannot lock a folder handle; locking is a Unix courtesy between triage processes.
    let Some(file) = folder_file(&note.dir) else {
        return Ok(FolderLock { _held: None });
    };
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(FolderLock { _held: Some(file) }),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(EditError::Busy {
                    path: shown.to_string(),
                });
            }
            // A filesystem without locks (some network shares): the other checks remain.
            Err(std::fs::TryLockError::Error(_)) => return Ok(FolderLock { _held: None }),
        }
    }
}

/// Reads the note, lets `build` turn its bytes into new bytes, and saves them safely. If another
/// program saved the note between the read and the save, `build` runs again on the fresh content
/// (a few times at most, then a refusal). `build` returning the same bytes writes nothing.
pub(crate) fn commit<T>(
    note: &NoteAt,
    real: &Path,
    shown: &str,
    save: Save,
    mut build: impl FnMut(&[u8]) -> Result<(Vec<u8>, T), EditError>,
) -> Result<T, EditError> {
    let io = |action: &'static str| {
        move |source| EditError::Io {
            path: shown.to_string(),
            action,
            source,
        }
    };
    remove_stale(&note.dir);
    for _ in 0..TRIES {
        let file = open_note(note, shown)?;
        if !may_write(note, &file) {
            return Err(EditError::ReadOnly {
                path: shown.to_string(),
            });
        }
        let mut guard =
            Guard::take(&file, save.wait).map_err(|StillWriting| EditError::BeingWritten {
                path: shown.to_string(),
            })?;
        let meta = file.metadata().map_err(io("read the note's metadata"))?;
        let before = read_all(&file).map_err(io("read the note"))?;
        let (new, value) = build(&before)?;
        if new == before {
            return Ok(value);
        }
        let temp = TempFile::create(&note.dir, &note.name, &new, &meta)
            .map_err(io("write a temporary file next to the note"))?;
        if let Some(hook) = save.hook {
            drop(guard);
            hook(real);
            guard =
                Guard::take(&file, save.wait).map_err(|StillWriting| EditError::BeingWritten {
                    path: shown.to_string(),
                })?;
            // The hook may have written in place within one tick of the clock: compare bytes.
            if !same_file(note, &file, &meta)
                || read_all(&file).map_err(io("re-read the note"))? != before
            {
                continue;
            }
        }
        if put_in_place(note, &file, &meta, &before, guard, temp).map_err(io("replace the note"))? {
            return Ok(value);
        }
    }
    Err(EditError::Changed {
        path: shown.to_string(),
    })
}

/// Opens the note to read, without blocking (a FIFO or a device never hangs an edit) and without
/// following a link that replaced it since it was found; refuses anything but a regular file.
fn open_note(note: &NoteAt, shown: &str) -> Result<File, EditError> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = note
        .dir
        .open_with(&note.name, &opts)
        .map_err(|source| EditError::Io {
            path: shown.to_string(),
            action: "open the note",
            source,
        })?
        .into_std();
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        _ => Err(EditError::BadPath {
            path: shown.to_string(),
            why: "it is not a regular file".into(),
        }),
    }
}

fn read_all(mut file: &File) -> std::io::Result<Vec<u8>> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    let mut out = Vec::new();
    file.read_to_end(&mut out)?;
    Ok(out)
}

/// Whether this user may write the note itself. Replacing it needs only the folder's write
/// permission, so without this check a user could replace (and take over) a note they may not
/// write. Asks the kernel; opens nothing for writing (that would wake every watcher of the note).
fn may_write(note: &NoteAt, file: &File) -> bool {
    if file.metadata().is_ok_and(|m| m.permissions().readonly()) {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::ffi::OsStrExt;
        let Ok(name) = std::ffi::CString::new(note.name.as_bytes()) else {
            return false;
        };
        // SAFETY: a valid folder descriptor and a NUL-terminated name.
        let r = unsafe {
            libc::faccessat(
                note.dir.as_raw_fd(),
                name.as_ptr(),
                libc::W_OK,
                libc::AT_EACCESS | libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        r == 0
            || std::io::Error::last_os_error().raw_os_error() != Some(libc::EACCES)
                && std::io::Error::last_os_error().raw_os_error() != Some(libc::EROFS)
    }
    #[cfg(not(unix))]
    {
        let _ = note;
        true
    }
}

/// Whether the note's name still leads to the file we read, unchanged since.
fn same_file(note: &NoteAt, file: &File, read: &std::fs::Metadata) -> bool {
    let Ok(now) = file.metadata() else {
        return false;
    };
    identity_at(&note.dir, &note.name) == Some(identity(&now)) && unchanged(read, &now)
}

/// Puts the temp file in the note's place. Returns false, with the note as the other program left
/// it, when another save came in between (the edit then starts again).
fn put_in_place(
    note: &NoteAt,
    file: &File,
    meta: &std::fs::Metadata,
    before: &[u8],
    guard: Guard,
    temp: TempFile,
) -> std::io::Result<bool> {
    // Before anything is swapped, the cheap checks: the name still leads to the file we read,
    // and no writer waits on it. A swap that has to be undone would show our edit to readers for
    // a moment, and a program that saved meanwhile could read it back and build on it.
    if identity_at(&note.dir, &note.name) != Some(identity(meta)) || !guard.intact() {
        return Ok(false);
    }
    #[cfg(target_os = "linux")]
    match exchange(&note.dir, temp.name(), &note.name) {
        Ok(()) => return Ok(after_exchange(note, file, meta, guard, temp)),
        // A filesystem that cannot exchange: the plain rename below.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {}
        Err(e) => return Err(e),
    }
    let _ = (file, meta);
    // Without an exchange, the narrowest window there is: compare once more, then rename.
    let current = open_note(note, "")
        .ok()
        .and_then(|f| read_all(&f).ok())
        .unwrap_or_default();
    if current != before {
        return Ok(false);
    }
    note.dir.rename(temp.name(), &note.dir, &note.name)?;
    temp.keep();
    drop(guard);
    sync_dir(&note.dir);
    Ok(true)
}

/// After the exchange the temp name holds what was in the note's place. It must be the file we
/// read, unchanged, with no writer waiting on it or coming in as the lease is let go; else the
/// exchange is undone and the other program's save stays.
#[cfg(target_os = "linux")]
fn after_exchange(
    note: &NoteAt,
    file: &File,
    meta: &std::fs::Metadata,
    guard: Guard,
    temp: TempFile,
) -> bool {
    let still = || file.metadata().is_ok_and(|now| unchanged(meta, &now));
    let kept =
        identity_at(&note.dir, temp.name()) == Some(identity(meta)) && still() && guard.intact();
    if kept {
        // Let go, then see whether a writer that was on its way to the old file came in.
        drop(guard);
        if !Guard::writer_came_in(file) && still() {
            // The temp name now holds the old note: removing it ends the edit.
            drop(temp);
            sync_dir(&note.dir);
            return true;
        }
        swap_back(note, &temp);
    } else {
        swap_back(note, &temp);
        drop(guard);
    }
    // The temp name now holds our edit (or a save superseded since): removed on drop.
    false
}

/// Undoes an exchange: the other program's file goes back in the note's place, unless somebody
/// has replaced ours there since (then theirs is the newest save and stays).
#[cfg(target_os = "linux")]
fn swap_back(note: &NoteAt, temp: &TempFile) {
    if identity_at(&note.dir, &note.name) == Some(identity(&temp.meta)) {
        let _ = exchange(&note.dir, temp.name(), &note.name);
    }
}

#[cfg(target_os = "linux")]
fn exchange(dir: &Dir, a: &std::ffi::OsStr, b: &std::ffi::OsStr) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_bytes())?;
    let b = std::ffi::CString::new(b.as_bytes())?;
    let fd = dir.as_raw_fd();
    // SAFETY: renameat2 with valid descriptors and NUL-terminated names; RENAME_EXCHANGE swaps the
    // two entries atomically (Linux 3.15+, most local filesystems).
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            fd,
            a.as_ptr(),
            fd,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == -1 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The rename is durable only once the folder entry is on disk; some filesystems cannot sync a
/// folder, which leaves the data itself no less safe.
fn sync_dir(dir: &Dir) {
    if let Some(d) = folder_file(dir) {
        let _ = d.sync_all();
    }
}

/// The folder opened for reading (a folder handle may be a bare path handle, which can be
/// neither locked nor synced).
fn folder_file(dir: &Dir) -> Option<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_DIRECTORY | libc::O_NONBLOCK);
    }
    dir.open_with(".", &opts).ok().map(|f| f.into_std())
}

/// A file's identity: its device and inode (its length and time where there are none).
fn identity(m: &std::fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (m.dev(), m.ino())
    }
    #[cfg(not(unix))]
    {
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        (m.len(), t.map_or(0, |d| d.as_nanos() as u64))
    }
}

/// The identity of what `name` in `dir` is now (a link itself, not what it names).
fn identity_at(dir: &Dir, name: &std::ffi::OsStr) -> Option<(u64, u64)> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        // A handle to ask about, never to wait on (a FIFO would); O_PATH opens nothing at all.
        #[cfg(target_os = "linux")]
        opts.custom_flags(libc::O_PATH | libc::O_NOFOLLOW);
        #[cfg(not(target_os = "linux"))]
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let f = dir.open_with(name, &opts).ok()?.into_std();
    f.metadata().ok().map(|m| identity(&m))
}

/// Whether nothing was written to the file between two looks at it.
fn unchanged(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    // Not the change time: renaming a file changes it, and the exchange renames the note.
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}
