//! The full scan: a parallel walk (the `ignore` crate) that reads and parses every note.
//! Skips dot-folders and the config's ignore globs, follows symlinks with loop detection, never writes.

use super::index::{Entry, Index, Stamp};
use crate::config::Config;
use crate::parse::parse_note;
use crate::task::{Finding, FindingKind};
use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};
use std::io::Read;
use std::path::{Component, Path};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `*.md`, any case.
pub fn is_note_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The vault-relative, `/`-separated form of `path`, or `None` if it is not below `root`.
pub fn relative_path(root: &Path, path: &Path) -> Option<Arc<str>> {
    let mut out = String::new();
    relative_path_into(root, path, &mut out).then(|| Arc::from(out))
}

/// [`relative_path`] into `out`, for a caller that looks most paths up and keeps few of them;
/// false (and `out` unspecified) if `path` is not below `root`.
pub(crate) fn relative_path_into(root: &Path, path: &Path, out: &mut String) -> bool {
    out.clear();
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    for c in rel.components() {
        match c {
            Component::Normal(part) => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(&part.to_string_lossy());
            }
            Component::CurDir => {}
            _ => return false,
        }
    }
    !out.is_empty()
}

/// A walker over the vault's notes with the skip rules of SPEC §1.
pub fn walker(root: &Path, cfg: &Config) -> Result<WalkBuilder, ignore::Error> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in &cfg.ignore {
        overrides.add(&format!("!{}", glob.trim_start_matches('!')))?;
    }
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .overrides(overrides.build()?)
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));
    Ok(builder)
}

/// Reads and parses one note, `rel` being its vault-relative path.
pub fn read_note(root: &Path, rel: Arc<str>, cfg: &Config) -> std::io::Result<Entry> {
    let mut bytes = Vec::new();
    let (stamp, len) = read_file(&root.join(&*rel), &mut bytes)?;
    Ok(Entry {
        note: parse_note(rel, &bytes[..len], cfg),
        stamp,
    })
}

/// Reads a whole file into the front of `buf` and returns its stamp and length: the note is
/// `buf[..len]`. The buffer is only ever grown, never cleared, so reusing it for the next note
/// costs no zeroing.
fn read_file(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<(Stamp, usize)> {
    let (meta, len) = read_with_meta(path, buf)?;
    let stamp = Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    Ok((stamp, len))
}

/// Opens a note to read without ever waiting on it: a link to a FIFO, a device or a file that
/// blocks its readers (`/proc/kmsg`) is refused or fails at once instead of hanging the scan.
pub fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok((file, meta))
}

/// [`read_file`] with the whole metadata of the open file, taken before the first byte is read:
/// a write after it leaves a newer stamp on the file, so a cache keyed by it reads the note again.
pub(crate) fn read_with_meta(
    path: &Path,
    buf: &mut Vec<u8>,
) -> std::io::Result<(std::fs::Metadata, usize)> {
    let (mut file, meta) = open_regular(path)?;
    // Not `read_to_end`: std's version asks the file for its size and position again (a statx
    // and an lseek per note, a third of the scan's system calls); we already know the size.
    // The spare byte lets a file that grew since the fstat show itself.
    let expected = usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
    if buf.len() < expected {
        buf.resize(expected, 0);
    }
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len().saturating_mul(2).max(4096), 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        // A regular file reads short only at its end: having got no more than the size fstat
        // gave, the file is whole, and the extra read that would return 0 is one system call
        // per note saved. A file that grew fills the spare byte and is read on.
        if filled < expected && filled as u64 == meta.len() {
            break;
        }
    }
    Ok((meta, filled))
}

/// Reads every note below `root` in parallel. Problems with single files become findings;
/// only a vault that cannot be walked at all is an error. The cached load's walk without a
/// cache: one walker for both, so a cached and a fresh read can never differ in what they visit.
pub fn scan(root: &Path, cfg: &Config) -> Result<Index, ignore::Error> {
    super::load::load(root, cfg, None)
}

/// The number of tasks below `root`, as [`scan`] would index them, without building the index:
/// each note is read and its task lines are found, but no task is built. Unreadable notes count
/// nothing here; [`scan`] reports them.
pub fn count_tasks(root: &Path, cfg: &Config) -> Result<usize, ignore::Error> {
    let total = AtomicUsize::new(0);
    walker(root, cfg)?.build_parallel().run(|| {
        let mut counted = Counted {
            total: &total,
            count: 0,
        };
        let mut buf = Vec::new();
        Box::new(move |item| {
            // The whole guard lives in the closure, so its Drop adds the count when the thread ends.
            let counted = &mut counted;
            if let Ok(entry) = item
                && entry.file_type().is_some_and(|t| t.is_file())
                && is_note_path(entry.path())
                && let Ok((_, len)) = read_file(entry.path(), &mut buf)
            {
                counted.count += crate::parse::count_tasks(&buf[..len], cfg);
                if buf.len() > KEEP_BUFFER {
                    buf = Vec::new();
                }
            }
            WalkState::Continue
        })
    });
    Ok(total.into_inner())
}

/// One walker thread's count, added to the total once, when the thread ends.
struct Counted<'a> {
    total: &'a AtomicUsize,
    count: usize,
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.total.fetch_add(self.count, Ordering::Relaxed);
    }
}

/// A thread keeps its read buffer between notes unless one note made it bigger than this.
pub(crate) const KEEP_BUFFER: usize = 4 << 20;

pub(crate) fn walk_finding(root: &Path, err: &ignore::Error) -> Finding {
    let path = walk_error_path(err)
        .and_then(|p| relative_path(root, p))
        .unwrap_or_else(|| Arc::from(""));
    let message = if is_loop(err) {
        format!("symlink loop skipped: {err}")
    } else {
        format!("cannot read: {err}")
    };
    Finding {
        path,
        line: 0,
        kind: FindingKind::Unreadable,
        message,
    }
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn walk_error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::Task;

    fn vault(notes: &[(&str, String)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in notes {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write note");
        }
        dir
    }

    /// The one-pass index of a parallel scan is the index `from_notes` builds from the same notes
    /// read one by one: same notes, same tasks in the same order, same account spellings.
    #[test]
    fn scan_equals_from_notes_of_the_same_notes() {
        let mut notes = vec![
            (
                "a/one.md",
                "---\naccount: ACME\n---\n- [ ] first #account/acme @Dana\n- [x] done\n"
                    .to_string(),
            ),
            (
                "b/two.md",
                "---\naccount: Acme\n---\n- [ ] second\n".to_string(),
            ),
            (
                "c/three.md",
                "- [ ] tagged #account/Globex\n- [ ] other #account/GLOBEX\n".to_string(),
            ),
            ("c/d/four.md", "no tasks here\n".to_string()),
            ("five.md", "- [?] proposed #account/acme\n".to_string()),
        ];
        let many: Vec<(String, String)> = (0..60)
            .map(|i| {
                (
                    format!("m{}/n{i}.md", i % 7),
                    format!("# N{i}\n- [ ] task {i} @Sam\n"),
                )
            })
            .collect();
        notes.extend(many.iter().map(|(p, t)| (p.as_str(), t.clone())));
        let dir = vault(&notes);
        let cfg = Config::default();
        let scanned = scan(dir.path(), &cfg).expect("scan");
        let fresh: Vec<Entry> = scanned
            .paths()
            .map(|p| read_note(dir.path(), p.clone(), &cfg).expect("read"))
            .collect();
        let expected = Index::from_notes(fresh);
        assert_eq!(scanned.note_count(), notes.len());
        assert_eq!(scanned.task_count(), expected.task_count());
        let got: Vec<&Task> = scanned.tasks().collect();
        let want: Vec<&Task> = expected.tasks().collect();
        assert_eq!(got, want);
        let accounts: Vec<&str> = scanned
            .tasks()
            .filter_map(|t| t.account.as_deref())
            .collect();
        // The first frontmatter spelling in path order names the account everywhere.
        assert!(accounts.contains(&"ACME") && !accounts.contains(&"Acme"));
        assert!(accounts.contains(&"Globex") && !accounts.contains(&"GLOBEX"));
    }

    /// The count without building tasks is the scan's count, note by note, on the hard-case,
    /// query and names fixtures and the demo vault.
    #[test]
    fn count_tasks_equals_the_parsed_task_count() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let cfg = Config::default();
        for vault in [
            "tests/fixtures/vault-hard",
            "tests/fixtures/vault-query",
            "tests/fixtures/vault-names",
            "assets/demo-vault",
        ] {
            let root = here.join(vault);
            let index = scan(&root, &cfg).expect("scan");
            assert!(index.task_count() > 0, "{vault}");
            assert_eq!(
                count_tasks(&root, &cfg).expect("count"),
                index.task_count(),
                "{vault}"
            );
            for e in index.entries() {
                let bytes = std::fs::read(root.join(&*e.note.meta.path)).expect("read");
                let counted = crate::parse::count_tasks(&bytes, &cfg);
                assert_eq!(counted, e.note.tasks.len(), "{vault}/{}", e.note.meta.path);
            }
        }
    }

    #[test]
    fn read_file_reuses_the_buffer_and_sees_the_whole_file() {
        let dir = vault(&[
            ("big.md", "x".repeat(70_000)),
            ("small.md", "- [ ] a\n".into()),
        ]);
        let mut buf = Vec::new();
        let (stamp, len) = read_file(&dir.path().join("big.md"), &mut buf).expect("read big");
        assert_eq!((len, stamp.len), (70_000, 70_000));
        assert!(buf[..len].iter().all(|b| *b == b'x'));
        let (stamp, len) = read_file(&dir.path().join("small.md"), &mut buf).expect("read small");
        assert_eq!((&buf[..len], stamp.len), (&b"- [ ] a\n"[..], 8));
        // The buffer keeps its size: the next big note needs no new zeroing.
        assert!(buf.len() > 70_000);
    }
}
