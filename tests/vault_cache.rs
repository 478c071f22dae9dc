//! The index cache: a load through it equals a plain scan of the same files, cold or warm, after
//! edits, renames, config changes and any damage to the cache file; an unchanged note is never parsed.

mod vault_cache_common;

use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use triage::Config;
use triage::vault::{Cache, Index, LoadStats, load, load_as_of, scan};
use vault_cache_common::{assert_same, cache_in, copy_vault, fixtures, write};

/// A moment late enough that every file written so far counts as settled.
fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3)
}

fn load_later(root: &Path, cfg: &Config, cache: &Cache) -> (Index, LoadStats) {
    load_as_of(root, cfg, Some(cache), later()).unwrap()
}

#[test]
fn cold_and_warm_loads_equal_the_scan_on_every_fixture() {
    let cfg = Config::default();
    for fixture in fixtures() {
        let (dir, root) = copy_vault(&fixture);
        let cache = cache_in(dir.path(), &root, &cfg);
        let want = scan(&root, &cfg).unwrap();
        assert!(want.task_count() > 0, "{}", fixture.display());
        let (cold, stats) = load_later(&root, &cfg, &cache);
        assert_same(&cold, &want, "cold");
        assert_eq!(stats.parsed, want.note_count());
        assert!(stats.written && cache.file().is_file());
        let (warm, stats) = load_later(&root, &cfg, &cache);
        assert_same(&warm, &want, "warm");
        let expected = LoadStats {
            reused: want.note_count(),
            parsed: 0,
            removed: 0,
            written: false,
        };
        assert_eq!(stats, expected, "{}", fixture.display());
    }
}

/// Account spellings that differ only in case are unified by the index over the whole vault:
/// the cache must hold the parser's spelling, or a note that leaves would still respell others.
#[test]
fn account_spellings_are_unified_on_cached_notes_as_on_parsed_ones() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(
        &root,
        "a.md",
        "---\naccount: ACME\n---\n- [ ] one #account/acme\n",
    );
    write(
        &root,
        "b.md",
        "- [ ] two #account/Acme\n- [ ] three #account/GLOBEX\n",
    );
    write(&root, "c.md", "- [ ] four #account/globex\n");
    let cache = cache_in(dir.path(), &root, &cfg);
    load_later(&root, &cfg, &cache);
    let (warm, stats) = load_later(&root, &cfg, &cache);
    assert_eq!(stats.reused, 3);
    assert_same(&warm, &scan(&root, &cfg).unwrap(), "warm");
    // The note that chose ACME goes away: the tasks left must show their own spelling again.
    std::fs::remove_file(root.join("a.md")).unwrap();
    let (after, stats) = load_later(&root, &cfg, &cache);
    assert_eq!((stats.reused, stats.parsed, stats.removed), (2, 0, 1));
    assert_same(&after, &scan(&root, &cfg).unwrap(), "after removal");
    let accounts: Vec<_> = after.tasks().filter_map(|t| t.account.as_deref()).collect();
    assert_eq!(accounts, ["Acme", "GLOBEX", "GLOBEX"]);
}

/// Decoding rebuilds the sharing a scan has: one `NoteMeta` per note, one `Arc` per name.
#[test]
fn cached_notes_share_their_metadata_and_names() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    for i in 0..40 {
        let text = format!("# N{i}\n## Work\n- [ ] a @Sam #x\n- [ ] b @Sam #x\n- [ ] c @Ann #y\n");
        write(&root, &format!("n{i}.md"), &text);
    }
    let cache = cache_in(dir.path(), &root, &cfg);
    load_later(&root, &cfg, &cache);
    let (warm, stats) = load_later(&root, &cfg, &cache);
    assert_eq!(stats.reused, 40);
    let mut owners = std::collections::HashSet::new();
    for e in warm.entries() {
        let tasks = &e.note.tasks;
        assert!(tasks.iter().all(|t| Arc::ptr_eq(&t.note, &e.note.meta)));
        let heading = |i: usize| tasks[i].heading.as_ref().unwrap();
        assert!(Arc::ptr_eq(heading(0), heading(1)));
        for t in tasks {
            owners.insert(Arc::as_ptr(t.owner.as_ref().unwrap()) as *const u8 as usize);
        }
    }
    // Two names; at most one copy of each per decoding thread.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    assert!(owners.len() <= 2 * threads, "{} owner Arcs", owners.len());
}

#[test]
fn added_changed_removed_and_renamed_notes_are_seen() {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &cfg);
    let (first, _) = load_later(&root, &cfg, &cache);
    let n = first.note_count();
    let some: Vec<String> = first.paths().take(3).map(|p| p.to_string()).collect();
    write(&root, "new/added.md", "- [ ] added task 📅 2026-01-02\n");
    write(&root, &some[0], "- [x] rewritten ✅ 2026-01-01\n");
    std::fs::remove_file(root.join(&some[1])).unwrap();
    std::fs::rename(root.join(&some[2]), root.join("renamed.md")).unwrap();
    let (got, stats) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "after changes");
    // The rename is one note gone and one parsed; the rewrite one more of each.
    assert_eq!(stats.parsed, 3, "{stats:?}");
    assert_eq!(stats.removed, 3, "{stats:?}");
    assert_eq!(stats.reused, n - 3, "{stats:?}");
    assert!(stats.written);
    let (again, stats) = load_later(&root, &cfg, &cache);
    assert_same(&again, &got, "warm after changes");
    assert_eq!((stats.parsed, stats.written), (0, false));
}

/// Same size, mtime set back to what it was: only the inode change time (or a new inode) tells.
#[cfg(unix)]
#[test]
fn a_same_size_rewrite_with_the_old_mtime_is_read_again() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "a.md", "- [ ] alpha @Sam\n");
    write(&root, "b.md", "- [ ] other\n");
    let path = root.join("a.md");
    let old = std::fs::metadata(&path).unwrap().modified().unwrap();
    let cache = cache_in(dir.path(), &root, &cfg);
    load_later(&root, &cfg, &cache);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, "- [x] omega @Ann\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), old);
    let (got, stats) = load_later(&root, &cfg, &cache);
    assert_eq!((stats.reused, stats.parsed), (1, 1), "{stats:?}");
    assert_same(&got, &scan(&root, &cfg).unwrap(), "after the rewrite");
    assert_eq!(got.tasks().next().unwrap().owner.as_deref(), Some("Ann"));
}

#[test]
fn a_note_written_just_before_the_run_is_parsed_again_next_time() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "settled.md", "- [ ] old\n");
    let cache = cache_in(dir.path(), &root, &cfg);
    load_later(&root, &cfg, &cache);
    std::thread::sleep(Duration::from_millis(100));
    write(&root, "racy.md", "- [ ] new\n");
    // The run starts just under two seconds after racy.md was written, well after settled.md.
    let written = std::fs::metadata(root.join("racy.md"))
        .unwrap()
        .modified()
        .unwrap();
    let started = written + Duration::from_millis(1990);
    let (got, stats) = load_as_of(&root, &cfg, Some(&cache), started).unwrap();
    assert_eq!((stats.reused, stats.parsed), (1, 1));
    assert_same(&got, &scan(&root, &cfg).unwrap(), "racy run");
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), started).unwrap();
    assert_eq!(
        (stats.reused, stats.parsed),
        (1, 1),
        "a racy note is never cached"
    );
    let (_, stats) = load_later(&root, &cfg, &cache);
    assert_eq!((stats.reused, stats.parsed, stats.written), (1, 1, true));
    let (_, stats) = load_later(&root, &cfg, &cache);
    assert_eq!((stats.reused, stats.parsed), (2, 0), "settled, then cached");
    // A stamp in the future of the run is not trusted either.
    let past = SystemTime::now() - Duration::from_secs(60);
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), past).unwrap();
    assert_eq!((stats.reused, stats.parsed), (0, 2));
}

#[test]
fn another_config_invalidates_and_the_result_follows_it() {
    let (dir, root) = copy_vault(&fixtures()[2]);
    let plain = Config::default();
    let cache = cache_in(dir.path(), &root, &plain);
    load_later(&root, &plain, &cache);
    let mut aliased =
        triage::config::parse_str("[people.aliases]\nbob = \"Robert\"\n", Path::new("c.toml"))
            .unwrap();
    aliased.reindex();
    let cache2 = cache_in(dir.path(), &root, &aliased);
    assert_eq!(cache.file(), cache2.file(), "one file per vault");
    let (got, stats) = load_later(&root, &aliased, &cache2);
    assert_eq!(stats.reused, 0, "{stats:?}");
    assert_same(&got, &scan(&root, &aliased).unwrap(), "aliased");
    let (_, stats) = load_later(&root, &aliased, &cache2);
    assert_eq!(stats.parsed, 0);
    // Settings that do not change a parse (views, keys, theme) keep the cache.
    let mut themed = aliased.clone();
    themed.theme.monochrome = !themed.theme.monochrome;
    let (_, stats) = load_later(&root, &themed, &cache_in(dir.path(), &root, &themed));
    assert_eq!(stats.parsed, 0);
}

#[test]
fn a_cache_of_another_vault_or_format_is_refused() {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    write(&a, "same.md", "- [ ] from a\n");
    write(&b, "same.md", "- [ ] from b\n");
    let (ca, cb) = (
        cache_in(dir.path(), &a, &cfg),
        cache_in(dir.path(), &b, &cfg),
    );
    load_later(&a, &cfg, &ca);
    std::fs::copy(ca.file(), cb.file()).unwrap();
    let (got, stats) = load_later(&b, &cfg, &cb);
    assert_eq!(stats.reused, 0);
    assert_eq!(got.tasks().next().unwrap().description(), "from b");
    // Another format number: the whole file is ignored and rewritten.
    let mut bytes = std::fs::read(ca.file()).unwrap();
    bytes[8] ^= 0x7f;
    std::fs::write(ca.file(), &bytes).unwrap();
    let (_, stats) = load_later(&a, &cfg, &ca);
    assert_eq!((stats.reused, stats.written), (0, true));
    let (_, stats) = load_later(&a, &cfg, &ca);
    assert_eq!(stats.reused, 1);
}

#[test]
fn an_unwritable_cache_folder_means_no_cache() {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let cache = Cache::in_dir(&blocker.join("cache"), &root, &cfg);
    for _ in 0..2 {
        let (got, stats) = load_later(&root, &cfg, &cache);
        assert_same(&got, &scan(&root, &cfg).unwrap(), "no cache");
        assert_eq!((stats.reused, stats.written), (0, false));
    }
    assert_same(
        &load(&root, &cfg, None).unwrap(),
        &scan(&root, &cfg).unwrap(),
        "none",
    );
}

/// Damage of every kind to a real cache file: the load equals the scan and never panics.
fn damaged_load_equals_scan(bytes: &[u8]) {
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[0]);
    let cache = cache_in(dir.path(), &root, &cfg);
    load_later(&root, &cfg, &cache);
    std::fs::write(cache.file(), bytes).unwrap();
    let (got, _) = load_later(&root, &cfg, &cache);
    assert_same(&got, &scan(&root, &cfg).unwrap(), "damaged");
    let (again, stats) = load_later(&root, &cfg, &cache);
    assert_same(&again, &got, "rebuilt");
    assert_eq!(stats.parsed, 0, "the rebuilt cache is whole");
}

/// The cache file of the hard-cases fixture, built once.
fn real_cache() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let cfg = Config::default();
        let (dir, root) = copy_vault(&fixtures()[0]);
        let cache = cache_in(dir.path(), &root, &cfg);
        load_later(&root, &cfg, &cache);
        std::fs::read(cache.file()).unwrap()
    })
}

#[test]
fn truncated_flipped_random_and_oversized_caches_are_rebuilt() {
    let real = real_cache();
    assert!(real.len() > 1000);
    for cut in [0, 7, 24, real.len() / 2, real.len() - 1] {
        damaged_load_equals_scan(&real[..cut]);
    }
    let mut garbage = real.to_vec();
    garbage.extend_from_slice(b"trailing");
    damaged_load_equals_scan(&garbage);
    damaged_load_equals_scan(&[0xff; 4096]);
    for at in [
        10,
        30,
        100,
        real.len() / 3,
        real.len() - 30,
        real.len() - 10,
    ] {
        let mut flipped = real.to_vec();
        flipped[at] ^= 0x40;
        damaged_load_equals_scan(&flipped);
    }
    // Huge lengths where the header and table sizes stand.
    let mut huge = real.to_vec();
    huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    damaged_load_equals_scan(&huge);
    let mut rows = real.to_vec();
    let n = rows.len();
    rows[n - 20..n - 16].copy_from_slice(&u32::MAX.to_le_bytes());
    damaged_load_equals_scan(&rows);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_damage_never_panics_and_yields_the_scan(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = real_cache().to_vec();
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        damaged_load_equals_scan(&bytes);
    }
}
