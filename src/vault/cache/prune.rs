//! Removing what earlier runs left in the cache folder: index files of vaults not written for a
//! month, temporary files of writers that died. Never touches a file whose name and bytes are not ours.

use super::file::MAGIC;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// An index file not rewritten for this long belongs to a vault that is gone, moved, or rarely
/// opened: removing it costs at most one full read of that vault.
const STALE_INDEX: Duration = Duration::from_secs(30 * 24 * 3600);
/// A writer rewrites its temporary file within seconds; one this old lost its writer.
const STALE_TEMP: Duration = Duration::from_secs(24 * 3600);

/// Removes stale files of ours from `dir`, except `own` (the file just written). Best effort:
/// every failure only leaves a file where it was.
pub(super) fn prune(dir: &Path, own: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let age = if is_index_name(name) {
            STALE_INDEX
        } else if is_temp_name(name) {
            STALE_TEMP
        } else {
            continue;
        };
        let path = entry.path();
        if path == own {
            continue;
        }
        // Not followed: a symlink or anything but a plain file is left alone.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|d| d > age);
        if !meta.is_file() || !old {
            continue;
        }
        if age == STALE_INDEX && !starts_with_magic(&path) {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::debug!(file = %path.display(), "stale index cache file removed"),
            Err(e) => tracing::debug!(file = %path.display(), "stale cache file kept: {e}"),
        }
    }
}

/// `vault-` and sixteen lower-case hex digits, `.idx`: the names [`super::Cache::in_dir`] gives.
fn is_index_name(name: &str) -> bool {
    name.strip_prefix("vault-")
        .and_then(|rest| rest.strip_suffix(".idx"))
        .is_some_and(is_hash)
}

/// `.` + an index name + `.{pid}.{nanos}.{seq}.tmp`: the names the writer gives its temporary files.
fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((index, numbers)) = rest.split_once(".idx.") else {
        return false;
    };
    let numbers: Vec<&str> = numbers.split('.').collect();
    is_index_name(&format!("{index}.idx"))
        && numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_hash(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn starts_with_magic(path: &Path) -> bool {
    let mut head = [0u8; MAGIC.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_exact_names_match() {
        assert!(is_index_name("vault-0123456789abcdef.idx"));
        for other in [
            "vault-0123456789ABCDEF.idx",
            "vault-0123456789abcde.idx",
            "vault-0123456789abcdef.idx.bak",
            "xvault-0123456789abcdef.idx",
            "vault-0123456789abcdeg.idx",
        ] {
            assert!(!is_index_name(other), "{other}");
        }
        assert!(is_temp_name(".vault-0123456789abcdef.idx.12.345.6.tmp"));
        for other in [
            "vault-0123456789abcdef.idx.12.345.6.tmp",
            ".vault-0123456789abcdef.idx.12.345.tmp",
            ".vault-0123456789abcdef.idx.12.x.6.tmp",
            ".vault-0123456789abcdef.idx.12..6.tmp",
            ".vault-01234.idx.12.345.6.tmp",
            ".notes.idx.1.2.3.tmp",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }
}
