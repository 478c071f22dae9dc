//! The index cache when files change under it in ways a size and a time alone would miss:
//! symlinks retargeted, folders swapped, notes turned into folders, roots reached two ways.

#![cfg(unix)]

// This file builds its vaults by hand: the fixture copying helpers go unused here.
#[allow(dead_code)]
mod vault_cache_common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, SystemTime};
use triage::Config;
use triage::vault::{Cache, Index, LoadStats, load_as_of, scan};
use vault_cache_common::{assert_same, cache_in, write};

fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3)
}

fn load_later(root: &Path, cfg: &Config, cache: &Cache) -> (Index, LoadStats) {
    load_as_of(root, cfg, Some(cache), later()).unwrap()
}

/// Loads through the cache twice (cold, then warm) and checks both against the scan.
fn settle(root: &Path, cfg: &Config, cache: &Cache, what: &str) {
    for _ in 0..2 {
        let (got, _) = load_later(root, cfg, cache);
        assert_same(&got, &scan(root, cfg).unwrap(), what);
    }
}

fn descriptions(index: &Index) -> Vec<String> {
    index.tasks().map(|t| t.description().to_string()).collect()
}

/// Same size, same name, same times copied over: only the inode tells the files apart.
fn twin(path: &Path, text: &str, like: &Path) {
    std::fs::write(path, text).unwrap();
    let m = std::fs::metadata(like).unwrap().modified().unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(m).unwrap();
}

#[test]
fn a_retargeted_note_symlink_is_read_again() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let (root, outside) = (dir.path().join("v"), dir.path().join("out"));
    write(&outside, "x.md", "- [ ] from x\n");
    twin(
        &outside.join("y.md"),
        "- [ ] from y\n",
        &outside.join("x.md"),
    );
    write(&root, "plain.md", "- [ ] plain\n");
    symlink(outside.join("x.md"), root.join("a.md")).unwrap();
    let cache = cache_in(dir.path(), &root, &cfg);
    settle(&root, &cfg, &cache, "link to x");
    std::fs::remove_file(root.join("a.md")).unwrap();
    symlink(outside.join("y.md"), root.join("a.md")).unwrap();
    let (got, stats) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "link to y");
    assert!(descriptions(&got).contains(&"from y".to_string()));
    assert_eq!(stats.parsed, 1, "{stats:?}");
    // The note's file replaced by a symlink to another, and back to a plain file.
    std::fs::remove_file(root.join("plain.md")).unwrap();
    symlink(outside.join("x.md"), root.join("plain.md")).unwrap();
    settle(&root, &cfg, &cache, "plain now a link");
    std::fs::remove_file(root.join("plain.md")).unwrap();
    write(&root, "plain.md", "- [ ] plain\n");
    settle(&root, &cfg, &cache, "a file again");
    // A link whose target goes away is a walk problem, reported every time.
    std::fs::remove_file(outside.join("y.md")).unwrap();
    settle(&root, &cfg, &cache, "dangling link");
    let (got, _) = load_later(&root, &cfg, &cache);
    assert!(got.scan_findings.iter().any(|f| &*f.path == "a.md"));
    twin(
        &outside.join("y.md"),
        "- [ ] from z\n",
        &outside.join("x.md"),
    );
    let (got, _) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "target back");
    assert!(got.scan_findings.is_empty());
}

#[test]
fn a_symlinked_folder_pointed_elsewhere_is_read_again() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let (root, one, two) = (
        dir.path().join("v"),
        dir.path().join("one"),
        dir.path().join("two"),
    );
    write(&one, "n.md", "- [ ] one\n");
    std::fs::create_dir_all(&two).unwrap();
    twin(&two.join("n.md"), "- [ ] two\n", &one.join("n.md"));
    std::fs::create_dir_all(&root).unwrap();
    symlink(&one, root.join("linked")).unwrap();
    let cache = cache_in(dir.path(), &root, &cfg);
    settle(&root, &cfg, &cache, "one");
    std::fs::remove_file(root.join("linked")).unwrap();
    symlink(&two, root.join("linked")).unwrap();
    let (got, _) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "two");
    assert_eq!(descriptions(&got), ["two"]);
    // A loop below the link is a problem reported on every load, cached or not.
    symlink(&two, two.join("again")).unwrap();
    settle(&root, &cfg, &cache, "loop");
    let (got, _) = load_later(&root, &cfg, &cache);
    assert!(got.scan_findings.iter().any(|f| f.message.contains("loop")));
}

#[test]
fn a_note_become_a_folder_and_a_note_recreated_are_read_again() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "x.md", "- [ ] a note\n");
    write(&root, "keep.md", "- [ ] kept\n");
    let cache = cache_in(dir.path(), &root, &cfg);
    settle(&root, &cfg, &cache, "before");
    std::fs::remove_file(root.join("x.md")).unwrap();
    write(&root, "x.md/inner.md", "- [ ] inside\n");
    settle(&root, &cfg, &cache, "x.md is a folder");
    std::fs::remove_dir_all(root.join("x.md")).unwrap();
    let old = root.join("keep.md");
    std::fs::remove_file(&old).unwrap();
    write(&root, "keep.md", "- [ ] other\n");
    let (got, _) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "recreated");
    assert_eq!(descriptions(&got), ["other"]);
}

/// One vault reached through a symlinked root and through its own path shares one cache file,
/// and both loads equal the scan of the path they were given.
#[test]
fn a_root_reached_through_a_symlink_shares_the_cache() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "a/n.md", "- [ ] n\n");
    write(&root, "m.md", "- [ ] m\n");
    let alias = dir.path().join("alias");
    symlink(&root, &alias).unwrap();
    let (direct, linked) = (
        cache_in(dir.path(), &root, &cfg),
        cache_in(dir.path(), &alias, &cfg),
    );
    assert_eq!(direct.file(), linked.file());
    settle(&root, &cfg, &direct, "direct");
    let (got, stats) = load_later(&alias, &cfg, &linked);
    assert_same(&got, &scan(&alias, &cfg).unwrap(), "through the link");
    assert_eq!(stats.parsed, 0, "{stats:?}");
}

/// A new ignore glob drops notes the cache holds; removing it brings them back.
#[test]
fn an_ignore_glob_drops_cached_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "Archive/old.md", "- [ ] archived\n");
    write(&root, "now.md", "- [ ] current\n");
    let plain = Config::default();
    let cache = cache_in(dir.path(), &root, &plain);
    settle(&root, &plain, &cache, "plain");
    let mut ignoring = plain.clone();
    ignoring.ignore.push("Archive/".into());
    ignoring.reindex();
    let cache2 = cache_in(dir.path(), &root, &ignoring);
    let (got, _) = load_later(&root, &ignoring, &cache2);
    assert_same(&got, &scan(&root, &ignoring).unwrap(), "ignoring");
    assert_eq!(descriptions(&got), ["current"]);
    settle(&root, &plain, &cache, "plain again");
}
