//! Finding a note beneath the vault root through directory handles, never by a path string.
//! Every lookup is confined by the kernel (openat2 `RESOLVE_BENEATH` where the system has it), so a
//! folder swapped for a symlink to somewhere else mid-edit cannot redirect a read, write or rename.

use super::EditError;
use cap_std::fs::Dir;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

/// How many symlinks one note may pass through before the lookup gives up (as the kernel's 40).
const MAX_LINKS: usize = 40;

/// The vault root, held open.
pub(crate) struct Root {
    /// The canonical path, for messages and for absolute symlinks that point back inside.
    pub path: PathBuf,
    pub dir: Dir,
}

/// A note as an open folder handle and a name in it (the real file, symlinks already followed).
pub(crate) struct NoteAt {
    pub dir: Dir,
    pub name: OsString,
    /// The note's real path, vault-relative, `/` separated.
    pub real: PathBuf,
}

impl Root {
    pub fn open(root: &Path) -> Result<Root, EditError> {
        let io = |source| EditError::Io {
            path: root.display().to_string(),
            action: "open the vault",
            source,
        };
        let path = std::fs::canonicalize(root).map_err(io)?;
        let dir = Dir::open_ambient_dir(&path, cap_std::ambient_authority()).map_err(io)?;
        Ok(Root { path, dir })
    }

    /// Turns a vault-relative `/` path into the note it names, refusing anything that is not a
    /// note inside the vault: `..`, absolute paths, links that lead outside, and non-files.
    pub fn note(&self, rel: &str) -> Result<NoteAt, EditError> {
        let bad = |why: &str| EditError::BadPath {
            path: rel.to_string(),
            why: why.to_string(),
        };
        let mut at = checked_relative(rel).map_err(bad)?;
        if !crate::vault::is_note_path(&at) {
            return Err(bad("only notes (*.md) are edited"));
        }
        let io = |action: &'static str| {
            move |source: std::io::Error| {
                if escapes(&source) {
                    bad("it leads outside the vault (through a symlink)")
                } else {
                    EditError::Io {
                        path: rel.to_string(),
                        action,
                        source,
                    }
                }
            }
        };
        for _ in 0..MAX_LINKS {
            let meta = self
                .dir
                .symlink_metadata(&at)
                .map_err(io("find the note"))?;
            if meta.is_file() {
                let name = at.file_name().ok_or_else(|| bad("it is not a file"))?;
                let name = name.to_os_string();
                let dir = match at.parent().filter(|p| !p.as_os_str().is_empty()) {
                    Some(parent) => self.dir.open_dir(parent),
                    // A handle of its own, not a copy of the root's: the folder lock is per handle.
                    None => self.dir.open_dir("."),
                }
                .map_err(io("open the note's folder"))?;
                return Ok(NoteAt {
                    dir,
                    name,
                    real: at,
                });
            }
            if !meta.file_type().is_symlink() {
                return Err(bad("it is not a file"));
            }
            // The note is a link: edits go to the file it names, so that the link stays a link.
            let target = self
                .dir
                .read_link_contents(&at)
                .map_err(io("read the note's link"))?;
            at = if target.is_absolute() {
                let inside = target
                    .strip_prefix(&self.path)
                    .map_err(|_| bad("it leads outside the vault (through a symlink)"))?;
                inside.to_path_buf()
            } else {
                at.parent().unwrap_or(Path::new("")).join(target)
            };
        }
        Err(bad("it passes through too many symlinks"))
    }
}

/// `rel` as a relative path of plain names, or why not.
pub(super) fn checked_relative(rel: &str) -> Result<PathBuf, &'static str> {
    if rel.is_empty() {
        return Err("the path is empty");
    }
    if rel.contains('\0') {
        return Err("the path holds a NUL byte");
    }
    if rel.starts_with('/') || rel.starts_with('\\') || Path::new(rel).is_absolute() {
        return Err("the path must be relative to the vault, not absolute");
    }
    if rel.contains('\\') {
        return Err(
            "the path holds a backslash; separate folders with / (PATH as `triage list` prints it)",
        );
    }
    let mut out = PathBuf::new();
    for part in rel.split('/') {
        match Path::new(part).components().next() {
            None | Some(Component::CurDir) => {}
            Some(Component::Normal(_)) => out.push(part),
            Some(Component::ParentDir) => return Err("the path must not contain \"..\""),
            Some(_) => return Err("the path has a part that is not a plain name"),
        }
    }
    if out.as_os_str().is_empty() {
        return Err("the path is empty");
    }
    Ok(out)
}

/// Whether a lookup failed because it would have left the vault (the sandbox's refusal).
pub(super) fn escapes(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::PermissionDenied
        && e.to_string().contains("outside of the filesystem")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_plain_names_only() {
        assert_eq!(
            checked_relative("a/./b.md").unwrap(),
            PathBuf::from("a/b.md")
        );
        assert!(checked_relative("../b.md").is_err());
        assert!(checked_relative("/b.md").is_err());
        assert!(checked_relative("a\\b.md").is_err());
        assert!(checked_relative("").is_err());
        assert!(checked_relative("./").is_err());
    }
}
