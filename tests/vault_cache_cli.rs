//! The index cache seen from outside the library: the command line prints the same with and
//! without it, and the live vault starts from it and still follows edits.

mod vault_cache_common;

use std::path::Path;
use std::time::{Duration, SystemTime};
use triage::Config;
use triage::vault::{load_as_of, scan};
use vault_cache_common::{assert_same, cache_in, copy_vault, fixtures, write};

/// `triage` on `vault` with the cache in `cache` and no user config, vault or date.
fn triage_cli(cache: &Path, args: &[&str]) -> Vec<u8> {
    triage_cli_of(&assert_cmd::cargo::cargo_bin("triage"), cache, args)
}

/// [`triage_cli`] with the program at `program`.
fn triage_cli_of(program: &Path, cache: &Path, args: &[&str]) -> Vec<u8> {
    let out = assert_cmd::Command::new(program)
        .env("TRIAGE_CACHE_DIR", cache)
        .env(
            "TRIAGE_CONFIG",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/empty-config.toml"
            ),
        )
        .env_remove("TRIAGE_VAULT")
        .env("TRIAGE_TODAY", "2026-11-23")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    out.stdout
}

/// The command line reads through the cache and prints exactly what it prints without it,
/// including after `check --fix` rewrote notes the cache held.
#[test]
fn the_command_line_prints_the_same_with_and_without_the_cache() {
    let (dir, root) = copy_vault(&fixtures()[0]);
    let cache = dir.path().join("cache");
    let vault = root.to_str().unwrap();
    // Outputs are compared with `==`, not assert_eq!, which would print megabytes of bytes.
    // Notes younger than two seconds are never cached; let them settle.
    std::thread::sleep(Duration::from_millis(2100));
    let plain = triage_cli(&cache, &["list", "--json", "--no-cache", vault]);
    assert!(!cache.exists(), "--no-cache writes nothing");
    let cold = triage_cli(&cache, &["list", "--json", vault]);
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let written = std::fs::metadata(&file).unwrap().modified().unwrap();
    let warm = triage_cli(&cache, &["list", "--json", vault]);
    assert!(plain.len() > 1000);
    assert!(plain == cold, "cold");
    assert!(plain == warm, "warm");
    let unchanged = std::fs::metadata(&file).unwrap().modified().unwrap();
    assert_eq!(
        written, unchanged,
        "a warm run with nothing changed rewrites nothing"
    );
    for args in [&["views", "--json"][..], &["check", "--json"][..]] {
        let with = triage_cli(&cache, &[args, &[vault]].concat());
        let without = triage_cli(&cache, &[args, &["--no-cache", vault]].concat());
        assert!(with == without, "{args:?}");
    }
    let before = triage_cli(&cache, &["check", "--json", vault]);
    let fixed = triage_cli(&cache, &["check", "--fix", "--json", vault]);
    let fresh = triage_cli(&cache, &["check", "--json", "--no-cache", vault]);
    assert!(before != fresh, "the fix removed findings");
    // `--fix` prints what it fixed, then the findings left: those a fresh read finds.
    let json_of = |out: &[u8]| {
        let text = String::from_utf8_lossy(out).into_owned();
        text.lines()
            .find(|l| l.starts_with('['))
            .map(str::to_string)
    };
    assert!(String::from_utf8_lossy(&fixed).contains("fixed "));
    assert!(json_of(&fixed) == json_of(&fresh), "findings after --fix");
    let cached = triage_cli(&cache, &["check", "--json", vault]);
    assert!(
        cached == fresh,
        "findings read through the cache after --fix"
    );
    let after = triage_cli(&cache, &["list", "--json", vault]);
    let uncached = triage_cli(&cache, &["list", "--json", "--no-cache", vault]);
    assert!(after == uncached, "tasks after --fix");
}

/// The cache holds what one build's parser made of the notes: another build of the program, even
/// with the same version number (a development build, a reinstall from source), may parse them
/// differently, so it reads every note again and writes its own cache.
#[test]
fn another_build_of_the_program_does_not_trust_the_cache() {
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = dir.path().join("cache");
    let vault = root.to_str().unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    let this = assert_cmd::cargo::cargo_bin("triage");
    let other = dir.path().join("triage-other");
    std::fs::copy(&this, &other).unwrap();
    let stamp = || {
        let file = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap();
        std::fs::metadata(file.path()).unwrap().modified().unwrap()
    };
    let first = triage_cli_of(&this, &cache, &["list", "--json", vault]);
    let written = stamp();
    assert!(triage_cli_of(&this, &cache, &["list", "--json", vault]) == first);
    assert_eq!(stamp(), written, "the same build reuses its cache");
    assert!(triage_cli_of(&other, &cache, &["list", "--json", vault]) == first);
    let rewritten = stamp();
    assert_ne!(
        rewritten, written,
        "another build read every note and wrote its own cache"
    );
    assert!(triage_cli_of(&other, &cache, &["list", "--json", vault]) == first);
    assert_eq!(stamp(), rewritten);
}

/// The live vault's first read comes from the cache, equals a scan, and later edits still arrive.
#[test]
fn the_live_vault_starts_from_the_cache_and_follows_edits() {
    use triage::vault::{LiveMsg, LiveOptions, LiveVault, Mode};
    let cfg = Config::default();
    let (dir, root) = copy_vault(&fixtures()[1]);
    let cache = cache_in(dir.path(), &root, &cfg);
    std::thread::sleep(Duration::from_millis(2100));
    let (_, stats) = load_as_of(&root, &cfg, Some(&cache), SystemTime::now()).unwrap();
    assert!(stats.written && stats.parsed > 0);
    let opts = LiveOptions {
        mode: Mode::Poll,
        poll_interval: Duration::from_millis(100),
        cache: Some(cache),
        ..LiveOptions::default()
    };
    let (live, rx) = LiveVault::start_with(&root, &cfg, opts).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let next = || rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()));
    let mut progress = Vec::new();
    let mut index = loop {
        match next() {
            Ok(LiveMsg::Ready(index)) => break index,
            Ok(LiveMsg::Progress { notes }) => progress.push(notes),
            other => panic!("expected the first read, got {other:?}"),
        }
    };
    assert_eq!(progress.last(), Some(&index.note_count()), "{progress:?}");
    assert!(progress.is_sorted(), "{progress:?}");
    assert_eq!(live.stats().parses, 0, "every note came from the cache");
    assert_same(&index, &scan(&root, &cfg).unwrap(), "first read");
    let first = index.paths().next().unwrap().to_string();
    write(&root, &first, "- [ ] edited after the start @Zed\n");
    write(&root, "added.md", "- [ ] added after the start\n");
    std::fs::remove_file(root.join(index.paths().nth(1).unwrap().as_ref())).unwrap();
    while !index.same_as(&scan(&root, &cfg).unwrap()) {
        match next() {
            Ok(LiveMsg::Changed(updates)) => {
                index.apply_all(updates);
            }
            Ok(_) => {}
            Err(e) => panic!("the live index did not follow the edits: {e}"),
        }
    }
    assert_same(&index, &scan(&root, &cfg).unwrap(), "after edits");
    assert!(live.stats().parses >= 2);
}
