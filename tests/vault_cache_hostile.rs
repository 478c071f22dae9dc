//! The index cache against what can stand at its path or in its folder: a FIFO, a folder, a
//! huge sparse file, and the files of vaults gone long ago. Writes only below its temp folders.

mod vault_cache_common;

use std::path::Path;
use std::time::{Duration, SystemTime};
use triage::Config;
use triage::vault::{Cache, Index, LoadStats, load_as_of, scan};
use vault_cache_common::{assert_same, cache_in, copy_vault, fixtures, write};

fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3)
}

/// A load through `cache` on another thread, which must finish within `limit`.
fn load_within(root: &Path, cache: &Cache, limit: Duration) -> (Index, LoadStats) {
    let (tx, rx) = std::sync::mpsc::channel();
    let (root, cache) = (root.to_path_buf(), cache.clone());
    std::thread::spawn(move || {
        let _ = tx.send(load_as_of(&root, &Config::default(), Some(&cache), later()).unwrap());
    });
    rx.recv_timeout(limit).expect("the load finished in time")
}

/// A FIFO where the cache file belongs would block a plain open until some writer came.
#[cfg(unix)]
#[test]
fn a_fifo_at_the_cache_path_is_not_waited_on() {
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &Config::default());
    std::fs::create_dir_all(cache.file().parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(cache.file())
        .status()
        .unwrap();
    assert!(made.success());
    let (got, stats) = load_within(&root, &cache, Duration::from_secs(20));
    assert_same(&got, &scan(&root, &Config::default()).unwrap(), "fifo");
    assert_eq!(stats.reused, 0);
    // The FIFO was replaced by a real cache file.
    let (_, stats) = load_within(&root, &cache, Duration::from_secs(20));
    assert_eq!(stats.parsed, 0, "{stats:?}");
}

#[test]
fn a_folder_at_the_cache_path_means_no_cache() {
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &Config::default());
    std::fs::create_dir_all(cache.file()).unwrap();
    write(cache.file(), "inside.md", "kept");
    for _ in 0..2 {
        let (got, stats) = load_within(&root, &cache, Duration::from_secs(20));
        assert_same(&got, &scan(&root, &Config::default()).unwrap(), "folder");
        assert_eq!((stats.reused, stats.written), (0, false));
    }
    assert!(cache.file().join("inside.md").is_file());
}

/// The peak resident memory of this process, in KiB.
#[cfg(target_os = "linux")]
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A sparse file costs no disk, but lengths inside it that claim gigabytes must not be believed
/// (read into memory) before anything else is checked.
#[cfg(target_os = "linux")]
#[test]
fn lengths_claiming_gigabytes_in_a_sparse_file_are_refused_unread() {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &cfg);
    load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    let real = std::fs::read(cache.file()).unwrap();
    let before = peak_kib();
    // A header of 4 GiB, inside a 5 GiB file of holes.
    let mut bytes = real[..24].to_vec();
    bytes[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    let file = std::fs::File::create(cache.file()).unwrap();
    std::io::Write::write_all(&mut &file, &bytes).unwrap();
    file.set_len(5 << 30).unwrap();
    drop(file);
    let (got, _) = load_within(&root, &cache, Duration::from_secs(60));
    assert_same(&got, &scan(&root, &cfg).unwrap(), "sparse");
    let grown = peak_kib().saturating_sub(before);
    assert!(grown < 512 * 1024, "peak memory grew by {grown} KiB");
}

fn set_age(path: &Path, days: u64) {
    let when = SystemTime::now() - Duration::from_secs(days * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// Cache files of vaults not opened for a month, and temporary files of writers that died, are
/// removed when a cache is written; nothing else in the folder is touched.
#[test]
fn old_cache_files_of_other_vaults_are_pruned_and_nothing_else() {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &cfg);
    let folder = cache.file().parent().unwrap().to_path_buf();
    let (other, _) = copy_vault(&fixtures()[2]);
    let other_cache = Cache::in_dir(&folder, other.path(), &cfg);
    load_as_of(other.path(), &cfg, Some(&other_cache), later()).unwrap();
    let real = std::fs::read(other_cache.file()).unwrap();
    std::fs::remove_file(other_cache.file()).unwrap();
    let put = |name: &str, bytes: &[u8], days: u64| {
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        set_age(&path, days);
    };
    put("vault-0123456789abcdef.idx", &real, 40);
    put("vault-00000000000000ff.idx", &real, 10);
    put("vault-1111111111111111.idx", b"not a cache file at all", 40);
    put("vault-2222.idx", &real, 40);
    put("notes.md", &real, 40);
    put(".vault-3333333333333333.idx.77.123.0.tmp", &real[..30], 3);
    put(".vault-4444444444444444.idx.77.123.0.tmp", &real[..30], 0);
    #[cfg(unix)]
    {
        let target = dir.path().join("target.idx");
        std::fs::write(&target, &real).unwrap();
        set_age(&target, 40);
        std::os::unix::fs::symlink(&target, folder.join("vault-5555555555555555.idx")).unwrap();
    }
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    assert!(stats.written);
    let mut left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let own = cache.file().file_name().unwrap().to_string_lossy();
    let mut want = vec![
        ".vault-4444444444444444.idx.77.123.0.tmp",
        "notes.md",
        "vault-00000000000000ff.idx",
        "vault-1111111111111111.idx",
        "vault-2222.idx",
        &own,
    ];
    #[cfg(unix)]
    want.push("vault-5555555555555555.idx");
    want.sort();
    assert_eq!(left, want);
    // Its own file, however old, is the one just written.
    set_age(cache.file(), 60);
    write(&root, "new.md", "- [ ] a change to write\n");
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    assert!(stats.written && cache.file().is_file());
}

/// A vault opened every day but never changed writes no new cache file; its file is still in
/// use, and must not look a month old to the pruning of another vault's write.
#[test]
fn a_cache_file_in_use_is_kept_fresh_for_pruning() {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &cfg);
    load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    set_age(cache.file(), 40);
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    assert!(!stats.written && stats.parsed == 0, "{stats:?}");
    let age = SystemTime::now()
        .duration_since(std::fs::metadata(cache.file()).unwrap().modified().unwrap())
        .unwrap_or_default();
    assert!(age < Duration::from_secs(3600), "{age:?}");
    let (other, _) = copy_vault(&fixtures()[2]);
    let other_cache = Cache::in_dir(cache.file().parent().unwrap(), other.path(), &cfg);
    load_as_of(other.path(), &cfg, Some(&other_cache), later()).unwrap();
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), later()).unwrap();
    assert_eq!(stats.parsed, 0, "{stats:?}");
}
