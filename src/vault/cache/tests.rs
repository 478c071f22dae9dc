//! Unit tests of the cache's byte format and file checks: round trips of every note field, and
//! hostile bytes that must be refused without a panic.

use super::codec::{Corrupt, Key, SegmentWriter, checksum, put_var};
use super::decode::{self, Input, Interner};
use super::file::{PREFIX, Stored};
use super::write::Plan;
use super::{Cache, bucket_count, bucket_of, fingerprint};
use crate::config::Config;
use crate::parse::parse_note;
use crate::task::{Finding, FindingKind, ParsedNote};
use proptest::prelude::*;
use std::sync::Arc;

const RICH: &str = "---\naccount: Acme\ntype: meeting\ndate: 2026-01-02\ntags: [a, b]\n---\n\
# Title\n## Work\n\
- [ ] all fields @Dana 🔺 📅 2026-02-03 ⏳ 2026-02-01 🛫 2026-01-30 ➕ 2026-01-01 🔁 every week 🆔 x1 ⛔ y1, y2 #t1 #t2 ^blk\n\
- [x] done ✅ 2026-01-05 📅 2026-02-30 #proposed\n\
- [-] cancelled ❌ 2026-01-06 [priority:: low]\n\
- [?] proposed one #account/Globex\n\
- [!] unknown status caf\u{e9} â€™\n\
```tasks\nnot done\ndue before tomorrow\n```\n\
```tasks\nunclosed\n";

fn key(i: u64) -> Key {
    Key {
        len: i,
        mtime: (1_700_000_000 + i as i64, 5),
        ctime: (-3, 999_999_999),
        ino: u64::MAX - i,
    }
}

fn notes() -> Vec<ParsedNote> {
    let cfg = Config::default();
    let mut rich = parse_note(Arc::from("dir/rich.md"), RICH.as_bytes(), &cfg);
    assert!(rich.tasks.len() >= 5 && !rich.findings.is_empty() && rich.views.len() == 2);
    rich.findings.push(Finding {
        path: Arc::from("elsewhere.md"),
        line: 0,
        kind: FindingKind::Unreadable,
        message: "a finding about another path".into(),
    });
    let plain = parse_note(Arc::from("plain.md"), b"no tasks\n", &cfg);
    let bare = ParsedNote::default();
    // A status type that only a vault's Obsidian Tasks settings give.
    let mut tasks_cfg = Config {
        tasks: crate::config::TasksSettings::from_json(
            br#"{"statusSettings":{"customStatuses":[{"symbol":"w","name":"Waiting","nextStatusSymbol":" ","type":"ON_HOLD"}]}}"#,
        ),
        ..Config::default()
    };
    tasks_cfg.reindex();
    let held = parse_note(
        Arc::from("held.md"),
        "- [w] on hold ⏫\n".as_bytes(),
        &tasks_cfg,
    );
    assert_eq!(held.tasks[0].status_type, crate::task::StatusType::OnHold);
    vec![rich, plain, bare, held]
}

fn encode(notes: &[ParsedNote]) -> Vec<u8> {
    let mut w = SegmentWriter::default();
    for (i, n) in notes.iter().enumerate() {
        w.note(&key(i as u64), n);
    }
    let mut out = Vec::new();
    w.finish(&mut out);
    out
}

/// A write of `notes` into a single bucket, with no old file to keep segments from.
fn one_bucket(notes: &[ParsedNote]) -> Plan<'_> {
    let encode = notes.iter().enumerate().map(|(i, n)| (key(i as u64), n));
    Plan {
        buckets: 1,
        keep: Vec::new(),
        encode: vec![(0, encode.collect())],
    }
}

fn decode_all(bytes: &[u8]) -> Result<Vec<(Key, ParsedNote)>, Corrupt> {
    let mut out = Vec::new();
    decode::segment(bytes, &mut Interner::default(), &mut out)?;
    Ok(out)
}

#[test]
fn every_field_of_every_note_survives_a_round_trip() {
    let notes = notes();
    let back = decode_all(&encode(&notes)).expect("decodes");
    assert_eq!(back.len(), notes.len());
    for (i, ((k, got), want)) in back.iter().zip(&notes).enumerate() {
        assert_eq!(*k, key(i as u64));
        assert_eq!(got, want);
    }
    let rich = &back[0].1;
    // Both ways a description is kept: as a stretch of its line, and (mojibake repaired) apart.
    let spans = rich.tasks.iter().map(|t| t.words.description_span());
    assert!(spans.clone().any(|s| s.is_some()) && spans.clone().any(|s| s.is_none()));
    for t in &rich.tasks {
        assert!(Arc::ptr_eq(&t.note, &rich.meta));
        if t.account.as_deref() == Some("Acme") {
            assert!(Arc::ptr_eq(
                t.account.as_ref().unwrap(),
                rich.meta.account.as_ref().unwrap()
            ));
        }
    }
    assert!(Arc::ptr_eq(&rich.findings[0].path, &rich.meta.path));
    let first = rich.tasks[0].dates;
    assert!(first.due.is_some() && first.scheduled.is_some() && first.start.is_some());
    assert!(rich.tasks[1].dates.any_invalid());
}

#[test]
fn every_truncation_and_every_flipped_byte_is_refused_or_harmless() {
    let bytes = encode(&notes());
    for cut in 0..bytes.len() {
        assert!(decode_all(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        decode_all(&longer).err(),
        Some(Corrupt("bytes after the last note"))
    );
    for at in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0xff;
        // A flip may still decode (a changed letter); it must never panic. The file's
        // checksums are what turn such a segment away.
        let _ = decode_all(&flipped);
        assert_ne!(checksum(&flipped), checksum(&bytes), "flip at {at}");
    }
}

#[test]
fn numbers_and_counts_are_bounded_by_the_bytes() {
    let mut over = vec![0xff; 10];
    over.push(0x01);
    assert!(Input::new(&over).var().is_err(), "more than 64 bits");
    let mut max = vec![0xff; 9];
    max.push(0x01);
    assert_eq!(Input::new(&max).var(), Ok(u64::MAX));
    let mut huge = Vec::new();
    put_var(&mut huge, u64::MAX);
    assert!(Input::new(&huge).count().is_err());
    // A names table claiming a billion names in a few bytes allocates nothing for them.
    let mut names = Vec::new();
    put_var(&mut names, 1 << 30);
    assert!(decode_all(&names).is_err());
    // Records are bounded by their smallest size, not by one byte each: a thousand records in
    // a thousand bytes would reserve room for a thousand notes.
    let mut records = vec![0];
    put_var(&mut records, 1000);
    records.resize(1000, 0);
    assert_eq!(
        decode_all(&records).err(),
        Some(Corrupt("a count exceeds the bytes left"))
    );
}

#[test]
fn buckets_are_stable_and_sized_for_the_vault() {
    assert_eq!(bucket_of("a/b.md", 1), 0);
    assert_eq!(bucket_of("a/b.md", 128), bucket_of("a/b.md", 128));
    assert_eq!(bucket_count(0, None), 1);
    assert_eq!(bucket_count(20_000, None), 128);
    assert_eq!(bucket_count(100_000, None), 512);
    assert_eq!(bucket_count(30_000, Some(128)), 128, "kept while it fits");
    assert_eq!(bucket_count(1_000_000, Some(128)), 4096);
}

#[test]
fn the_fingerprint_follows_parse_settings_only() {
    let base = Config::default();
    let mut aliased = base.clone();
    aliased.people.aliases.insert("bob".into(), "Robert".into());
    let mut themed = base.clone();
    themed.theme.monochrome = true;
    themed.views.insert("v".into(), "not done".into());
    assert_eq!(fingerprint(&base, 1), fingerprint(&base.clone(), 1));
    assert_ne!(fingerprint(&base, 1), fingerprint(&aliased, 1));
    assert_eq!(fingerprint(&base, 1), fingerprint(&themed, 1));
    let mut filtered = base.clone();
    filtered.tasks = crate::config::TasksSettings::from_json(br##"{"globalFilter":"#task"}"##);
    assert_ne!(
        fingerprint(&base, 1),
        fingerprint(&filtered, 1),
        "the Tasks global filter"
    );
    assert_ne!(
        fingerprint(&base, 1),
        fingerprint(&base, 2),
        "another build"
    );
}

/// A file written by another build (same version, same settings) is not read; nor is any file
/// when the running build cannot be told.
#[test]
fn a_cache_of_another_build_or_an_unknown_one_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::default();
    let cache = Cache::in_dir(dir.path(), dir.path(), &cfg);
    assert!(cache.usable, "the test program knows itself");
    let build = super::build_id().unwrap();
    assert_eq!(cache.fingerprint, fingerprint(&cfg, build));
    let notes = notes();
    assert!(cache.write(None, one_bucket(&notes)));
    assert!(cache.open().is_some());
    let other = Cache {
        fingerprint: fingerprint(&cfg, build ^ 1),
        ..cache.clone()
    };
    assert!(other.open().is_none());
    let unknown = Cache {
        usable: false,
        ..cache.clone()
    };
    assert!(unknown.open().is_none());
    let before = std::fs::metadata(cache.file()).unwrap().modified().unwrap();
    assert!(!unknown.write(None, one_bucket(&notes)));
    assert_eq!(
        std::fs::metadata(cache.file()).unwrap().modified().unwrap(),
        before
    );
}

/// A cache file written by another version of triage, otherwise intact, is not read.
#[test]
fn another_version_in_the_header_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::default();
    let cache = Cache::in_dir(dir.path(), dir.path(), &cfg);
    let notes = notes();
    let plan = one_bucket(&notes);
    assert!(cache.write(None, plan));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cache.file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only the user reads the cache");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    let stored = cache.open().expect("the file just written");
    assert_eq!(stored.segments.len(), 1);
    assert_eq!(Stored::decode(&stored).notes.len(), notes.len());
    let mut bytes = std::fs::read(cache.file()).unwrap();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let at = PREFIX + 1;
    assert_eq!(&bytes[at..at + version.len()], version);
    bytes[at] ^= 0x01;
    let len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let sum = checksum(&bytes[PREFIX..PREFIX + len]);
    bytes[16..24].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(cache.file(), &bytes).unwrap();
    assert!(cache.open().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_all(&bytes);
    }

    #[test]
    fn damaged_segments_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = encode(&notes());
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = decode_all(&bytes);
    }
}

/// Several processes may write the same cache at once: each writes its own temporary file and
/// renames it, so the file left is one whole writer's, and no temporary file stays behind.
#[test]
fn concurrent_writers_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::in_dir(dir.path(), dir.path(), &Config::default());
    let notes = notes();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..5 {
                    let plan = one_bucket(&notes);
                    assert!(cache.write(None, plan));
                }
            });
        }
    });
    let stored = cache.open().expect("a whole file");
    assert_eq!(Stored::decode(&stored).notes.len(), notes.len());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
