//! The full scan: a parallel walk (the `ignore` crate) that reads and parses every note.
//! Skips dot-folders and the config's ignore globs, follows symlinks with loop detection, never writes.

use super::index::{Entry, Index, Stamp};
use crate::config::Config;
use crate::parse::parse_note;
use crate::task::{Finding, FindingKind};
use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};
use std::io::Read;
use std::path::{Component, Path};
use std::sync::{Arc, mpsc};

/// `*.md`, any case.
pub fn is_note_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The vault-relative, `/`-separated form of `path`, or `None` if it is not below `root`.
pub fn relative_path(root: &Path, path: &Path) -> Option<Arc<str>> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = String::new();
    for c in rel.components() {
        match c {
            Component::Normal(part) => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(&part.to_string_lossy());
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.is_empty()).then(|| Arc::from(out))
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
    let mut file = std::fs::File::open(root.join(&*rel))?;
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes)?;
    let stamp = Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    Ok(Entry {
        note: parse_note(rel, &bytes, cfg),
        stamp,
    })
}

/// Reads every note below `root` in parallel. Problems with single files become findings;
/// only a vault that cannot be walked at all is an error.
pub fn scan(root: &Path, cfg: &Config) -> Result<Index, ignore::Error> {
    let walk = walker(root, cfg)?.build_parallel();
    let (tx, rx) = mpsc::channel::<Result<Entry, Finding>>();
    walk.run(|| {
        let tx = tx.clone();
        Box::new(move |item| {
            let found = match item {
                Ok(entry) => {
                    let path = entry.path();
                    if !entry.file_type().is_some_and(|t| t.is_file()) || !is_note_path(path) {
                        return WalkState::Continue;
                    }
                    let Some(rel) = relative_path(root, path) else {
                        return WalkState::Continue;
                    };
                    read_note(root, rel.clone(), cfg).map_err(|e| Finding {
                        path: rel,
                        line: 0,
                        kind: FindingKind::Unreadable,
                        message: format!("cannot read the note: {e}"),
                    })
                }
                Err(err) => Err(walk_finding(root, &err)),
            };
            if tx.send(found).is_err() {
                return WalkState::Quit;
            }
            WalkState::Continue
        })
    });
    drop(tx);
    let mut entries = Vec::new();
    let mut findings = Vec::new();
    for item in rx {
        match item {
            Ok(e) => entries.push(e),
            Err(f) => findings.push(f),
        }
    }
    let mut index = Index::from_notes(entries);
    findings.sort_by(|a, b| a.path.cmp(&b.path));
    index.scan_findings = findings;
    Ok(index)
}

fn walk_finding(root: &Path, err: &ignore::Error) -> Finding {
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
