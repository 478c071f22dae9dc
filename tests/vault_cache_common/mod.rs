//! Shared by the index cache tests: scratch copies of the fixture vaults, and a strict
//! comparison of two indexes. Writes only below the temp folders it creates.

use std::path::{Path, PathBuf};
use triage::Config;
use triage::vault::{Cache, Index};

/// Copies `from` (files and folders; symlinks are not in the fixtures) below a new temp dir.
pub fn copy_vault(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    copy_dir(from, &root);
    (dir, root)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Strict equality: every note, stamp, task field (account spellings included), finding and view.
pub fn assert_same(got: &Index, want: &Index, what: &str) {
    let g: Vec<_> = got.entries().collect();
    let w: Vec<_> = want.entries().collect();
    assert_eq!(g.len(), w.len(), "{what}: note count");
    for (a, b) in g.iter().zip(&w) {
        assert_eq!(a.note, b.note, "{what}: {}", b.note.meta.path);
        assert_eq!(a.stamp, b.stamp, "{what}: stamp of {}", b.note.meta.path);
    }
    assert_eq!(got.task_count(), want.task_count(), "{what}: task count");
    let findings = |i: &Index| {
        let mut v: Vec<_> = i.scan_findings.clone();
        v.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        v
    };
    assert_eq!(findings(got), findings(want), "{what}: scan findings");
}

pub fn fixtures() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "tests/fixtures/vault-hard",
        "tests/fixtures/vault-query",
        "tests/fixtures/vault-names",
        "assets/demo-vault",
    ]
    .iter()
    .map(|v| here.join(v))
    .collect()
}

/// The cache for `root` in a `cache` folder below `dir`.
pub fn cache_in(dir: &Path, root: &Path, cfg: &Config) -> Cache {
    Cache::in_dir(&dir.join("cache"), root, cfg)
}
