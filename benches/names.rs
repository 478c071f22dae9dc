//! Measures the per-task config lookups (owner/account aliases, statuses, folder rules) at the scale of
//! a 500k-task scan, the duplicate-name finder on thousands of spellings, and what `triage owners`
//! does on a vault of 3,000 spellings with person notes. Prints numbers; asserts nothing.
//! Run: `cargo bench --bench names`

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;
use triage::config::Config;
use triage::names::{self, NameCount, NameKind};

const FIRST: &[&str] = &[
    "Jon", "Dana", "Sam", "Priya", "Mateo", "Aiko", "Lena", "Omar", "Grace", "Yusuf", "Ingrid",
    "Tomas", "Chloe", "Ravi", "Nadia", "Felix", "Hana", "Bruno", "Sofia", "Kwame",
];
const LAST: &[&str] = &[
    "Stefansson",
    "Reyes",
    "Okafor",
    "Raman",
    "Alvarez",
    "Tanaka",
    "Fischer",
    "Haddad",
    "Lee",
    "Demir",
    "Larsen",
    "Novak",
    "Martin",
    "Iyer",
    "Petrova",
    "Wagner",
    "Kim",
    "Costa",
    "Rossi",
    "Mensah",
];

fn main() {
    lookups();
    finder(1_000);
    finder(3_000);
    owners_command(3_000);
}

/// `triage owners` in-process on a generated vault: scan as written, count, gather every
/// spelling the notes hold (owners, participants, person notes), suggest.
fn owners_command(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spelling = |i: usize| {
        let f = FIRST[i % FIRST.len()];
        let l = LAST[(i / FIRST.len()) % LAST.len()];
        match (i / (FIRST.len() * LAST.len())) % 4 {
            0 => format!("{f} {l}"),
            1 => format!("{f} {l}{}", i % 97),
            2 => format!("{f} {}", l.to_lowercase()),
            _ => format!("{f}{i}"),
        }
    };
    let people = dir.path().join("People");
    std::fs::create_dir_all(&people).expect("mkdir");
    for i in 0..FIRST.len() * LAST.len() {
        let name = spelling(i);
        let text = format!(
            "---\ntype: person\naliases: [{}]\n---\n# {name}\n",
            FIRST[i % FIRST.len()]
        );
        std::fs::write(people.join(format!("{name}.md")), text).expect("person note");
    }
    // Owners as `finder` spells them, and more: `n` distinct spellings on the tasks.
    let owner = |i: usize| match i % 3 {
        0 => spelling(i),
        1 => format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]),
        _ => format!("{}{i}", FIRST[i % FIRST.len()]),
    };
    let meetings = dir.path().join("Meetings");
    std::fs::create_dir_all(&meetings).expect("mkdir");
    // Notes of ten tasks each until the tasks hold `n` distinct owner spellings.
    let mut distinct = std::collections::HashSet::new();
    let mut note = 0;
    while distinct.len() < n {
        let mut text = format!(
            "---\ntype: meeting\nparticipants: [{}, {}]\n---\n",
            spelling(note * 7 % n),
            spelling(note * 13 % n)
        );
        for t in 0..10 {
            let name = owner(note * 10 + t);
            text.push_str(&format!("- [ ] task {t} @{name}\n"));
            distinct.insert(name);
        }
        std::fs::write(meetings.join(format!("m{note}.md")), text).expect("note");
        note += 1;
    }
    let cfg = Config::default().without_aliases();
    let t = Instant::now();
    let index = triage::vault::scan(dir.path(), &cfg).expect("scan");
    let scanned = t.elapsed();
    let counts = names::count(index.tasks(), NameKind::Owners);
    let dir_ = index.directory();
    let spellings = names::spellings(&counts.names, index.tasks(), dir_, NameKind::Owners);
    let current = |s: &str| {
        dir_.people
            .find(s)
            .map_or_else(|| Arc::from(s), |e| e.shown.clone())
    };
    let (d, suggestions) = names::suggest(&spellings, dir_, NameKind::Owners, &current);
    let total = t.elapsed();
    println!(
        "owners command, {} task spellings, {} compared: {:.1} ms ({:.1} ms scan; {} groups, {} suggestions)",
        counts.names.len(),
        spellings.names.len(),
        total.as_secs_f64() * 1000.0,
        scanned.as_secs_f64() * 1000.0,
        d.groups.len(),
        suggestions.len()
    );
}

fn lookups() {
    let mut cfg = Config {
        me: vec!["Myself".into(), "Dana Reyes".into()],
        ..Config::default()
    };
    for (i, f) in FIRST.iter().enumerate() {
        let canonical = format!("{f} {}", LAST[i]);
        cfg.people
            .aliases
            .insert((*f).to_string(), canonical.clone());
        cfg.people
            .aliases
            .insert(format!("{f} {}x", LAST[i]), canonical);
    }
    cfg.accounts
        .aliases
        .insert("ACME".into(), "Acme Corp".into());
    cfg.accounts.folders = vec!["Customers/*".into(), "Clients/*/Accounts/*".into()];
    cfg.reindex();
    let spellings: Vec<String> = (0..500_000)
        .map(|i| match i % 4 {
            0 => FIRST[i % FIRST.len()].to_string(),
            1 => format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 7) % LAST.len()]),
            2 => "Myself".to_string(),
            _ => format!("person{}", i % 1000),
        })
        .collect();
    let t = Instant::now();
    for s in &spellings {
        black_box(cfg.canonical_owner(s));
    }
    report("canonical_owner, 500k names (50 aliases)", t, 500_000);
    let t = Instant::now();
    for i in 0..500_000u32 {
        black_box(cfg.status(char::from_u32(32 + i % 90).unwrap_or(' ')));
    }
    report("status, 500k symbols", t, 500_000);
    let paths: Vec<String> = (0..50_000)
        .map(|i| {
            format!(
                "Customers/Client{}/Meetings/2025-12-{:02} call.md",
                i % 300,
                i % 28 + 1
            )
        })
        .collect();
    let t = Instant::now();
    for p in &paths {
        black_box(cfg.account_from_folder(p));
    }
    report("account_from_folder, 50k note paths (2 rules)", t, 50_000);
}

fn finder(n: usize) {
    let names: Vec<NameCount> = (0..n)
        .map(|i| {
            let f = FIRST[i % FIRST.len()];
            let l = LAST[(i / FIRST.len()) % LAST.len()];
            let name = match (i / (FIRST.len() * LAST.len())) % 4 {
                0 => format!("{f} {l}"),
                1 => format!("{f} {l}{}", i % 97),
                2 => format!("{f} {}", l.to_lowercase()),
                _ => format!("{f}{i}"),
            };
            NameCount {
                name: Arc::from(name),
                open: i % 5,
                all: 1 + i % 9,
            }
        })
        .collect();
    let t = Instant::now();
    let d = names::find_duplicates(&names, NameKind::Owners, &|s| Arc::from(s));
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "find_duplicates, {n} spellings: {ms:.1} ms ({} groups, {} ambiguous)",
        d.groups.len(),
        d.ambiguous.len()
    );
}

fn report(what: &str, start: Instant, n: usize) {
    let total = start.elapsed();
    println!(
        "{what}: {:.1} ms total, {:.0} ns each",
        total.as_secs_f64() * 1000.0,
        total.as_nanos() as f64 / n as f64
    );
}
