//! Query speed at scale: 500,000 generated tasks in memory, typical queries parsed and run
//! (filter, sort, group), median of several runs. Run with `cargo bench --bench query`.

mod common;

use chrono::{Days, NaiveDate};
use common::Rng;
use std::sync::Arc;
use std::time::{Duration, Instant};
use triage::query::Query;
use triage::task::{NoteMeta, Priority, StatusType, Task, TaskExtras, TaskText};

const TASKS: usize = 500_000;
const TASKS_PER_NOTE: usize = 8;
/// Runs per query; `QUERY_RUNS=N` overrides (longer runs for a profiler).
const RUNS: usize = 7;
const TARGET_MS: f64 = 50.0;

const VERBS: [&str; 12] = [
    "Send",
    "Draft",
    "Review",
    "Book",
    "Confirm",
    "Share",
    "Prepare",
    "Follow up on",
    "Schedule",
    "Update",
    "Call",
    "Check",
];
const THINGS: [&str; 12] = [
    "the pricing proposal",
    "the integration brief",
    "the onsite workshop",
    "the renewal terms",
    "the security questionnaire",
    "the kickoff agenda",
    "the quarterly review deck",
    "the contract redlines",
    "the support escalation",
    "the roadmap summary",
    "the invoice dispute",
    "the training plan",
];
const HEADINGS: [&str; 5] = [
    "Action Items",
    "Next steps",
    "Follow-ups",
    "Decisions",
    "Open questions",
];
const TAGS: [&str; 8] = [
    "task",
    "proposed",
    "auto",
    "inbox",
    "home/garden",
    "waiting",
    "urgent",
    "followup",
];

fn generate(today: NaiveDate) -> Vec<Task> {
    let mut rng = Rng(0x5EED);
    let owners: Vec<Arc<str>> = (0..60)
        .map(|i| Arc::from(format!("Person {i:02} Example")))
        .collect();
    let accounts: Vec<Arc<str>> = (0..400)
        .map(|i| Arc::from(format!("Account {i:03}")))
        .collect();
    let headings: Vec<Arc<str>> = HEADINGS.iter().map(|h| Arc::from(*h)).collect();
    let tags: Vec<Arc<str>> = TAGS.iter().map(|t| Arc::from(*t)).collect();
    let folders = ["Meetings", "Customers", "People", "Daily", "Projects"];
    let mut tasks = Vec::with_capacity(TASKS);
    let mut note = None;
    let mut note_account = None;
    for i in 0..TASKS {
        if i % TASKS_PER_NOTE == 0 {
            let n = i / TASKS_PER_NOTE;
            let folder = folders[rng.below(folders.len())];
            note_account = rng
                .chance(70)
                .then(|| accounts[rng.below(accounts.len())].clone());
            note = Some(Arc::new(NoteMeta {
                path: Arc::from(format!("{folder}/2025/{n:06} call notes.md")),
                title: format!("Call notes {n}"),
                note_type: Some("meeting".into()),
                account: note_account.clone(),
                ..NoteMeta::default()
            }));
        }
        let Some(note) = note.clone() else { continue };
        let (status, status_type) = match rng.below(100) {
            0..=59 => (' ', StatusType::Todo),
            60..=69 => ('?', StatusType::Todo),
            70..=74 => ('/', StatusType::InProgress),
            75..=94 => ('x', StatusType::Done),
            _ => ('-', StatusType::Cancelled),
        };
        let mut dates = triage::task::Dates::default();
        let around = |rng: &mut Rng, span: u64| {
            let off = rng.below(2 * span as usize + 1) as u64;
            today
                .checked_sub_days(Days::new(span))
                .and_then(|d| d.checked_add_days(Days::new(off)))
        };
        if rng.chance(65) {
            dates.due = around(&mut rng, 90);
        }
        if rng.chance(15) {
            dates.scheduled = around(&mut rng, 30);
        }
        if rng.chance(10) {
            dates.start = around(&mut rng, 30);
        }
        if status_type == StatusType::Done {
            dates.done = around(&mut rng, 60);
        }
        let mut task_tags: Vec<Arc<str>> = Vec::new();
        for _ in 0..rng.below(3) {
            let t = tags[rng.below(tags.len())].clone();
            if !task_tags.contains(&t) {
                task_tags.push(t);
            }
        }
        if status == '?' && !task_tags.iter().any(|t| &**t == "proposed") {
            task_tags.push(tags[1].clone());
        }
        let description = format!(
            "{} {}",
            VERBS[rng.below(VERBS.len())],
            THINGS[rng.below(THINGS.len())]
        );
        tasks.push(Task {
            line: 10 + (i % TASKS_PER_NOTE) as u32,
            words: TaskText::new(&format!("- [{status}] {description}"), &description),
            status,
            status_type,
            owner: rng
                .chance(80)
                .then(|| owners[rng.below(owners.len())].clone()),
            account: note_account.clone(),
            priority: Priority::ALL[rng.below(Priority::ALL.len())],
            dates,
            extras: TaskExtras {
                recurrence: rng.chance(3).then(|| "every week".into()),
                ..TaskExtras::default()
            }
            .boxed(),
            proposed: status == '?' || task_tags.iter().any(|t| &**t == "proposed"),
            tags: task_tags,
            heading: Some(headings[rng.below(headings.len())].clone()),
            note,
        });
    }
    // The index hands tasks out in path, then line order; so does this vault.
    tasks.sort_by(|a, b| a.path().cmp(b.path()).then(a.line.cmp(&b.line)));
    tasks
}

const QUERIES: [(&str, &str); 8] = [
    ("everything, default sort", ""),
    ("overdue and due today", "not done\ndue before tomorrow"),
    ("not done, by owner", "not done\ngroup by owner"),
    (
        "not done, by due bucket, by priority",
        "not done\ngroup by due bucket\nsort by priority",
    ),
    (
        "boolean, by account, by due",
        "(tags include #proposed) OR (status.type is IN_PROGRESS)\ngroup by account\nsort by due",
    ),
    (
        "text search",
        "description includes pricing\npath includes customers",
    ),
    (
        "happens this week, urgency",
        "happens this week\nnot done\nsort by urgency",
    ),
    (
        "by tags, then owner",
        "not done\ngroup by tags\ngroup by owner\nlimit groups 50",
    ),
];

/// CPU time used by this process so far (all threads), to tell work from waiting on a busy machine.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer to a live rusage.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return Duration::ZERO;
    }
    let tv =
        |t: libc::timeval| Duration::new(t.tv_sec.max(0) as u64, (t.tv_usec.max(0) as u32) * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap_or_default();
    let t0 = Instant::now();
    let tasks = generate(today);
    println!(
        "generated {} tasks in {:.0} ms\n",
        tasks.len(),
        ms(t0.elapsed())
    );
    // What one plain pass over every task costs right now: the floor for any query, and a gauge of
    // how busy the machine is (other processes share the two cores and the memory bandwidth).
    let mut sweeps = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let dated = tasks
            .iter()
            .filter(|t| t.dates.due.is_some_and(|d| d <= today))
            .count();
        sweeps.push(start.elapsed());
        std::hint::black_box(dated);
    }
    println!(
        "baseline: one pass reading every task's due date: {:.1} ms (median)\n",
        ms(median(sweeps))
    );
    println!(
        "{:<40} {:>9} {:>7} {:>10} {:>10} {:>10}",
        "query", "matched", "groups", "median ms", "min ms", "cpu ms"
    );
    let mut worst = 0.0f64;
    // `cargo bench --bench query -- WORD` runs only the queries whose name contains WORD.
    let runs: usize = std::env::var("QUERY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS)
        .max(1);
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    for (name, text) in QUERIES {
        if only.as_deref().is_some_and(|w| !name.contains(w)) {
            continue;
        }
        let mut times = Vec::with_capacity(runs);
        let mut cpu = Vec::with_capacity(runs);
        let (mut matched, mut groups) = (0, 0);
        for _ in 0..runs {
            let cpu_start = cpu_time();
            let start = Instant::now();
            let query = match Query::parse(text) {
                Ok(q) => q,
                Err(e) => {
                    eprintln!("{name}: {e}");
                    std::process::exit(1);
                }
            };
            let result = query.run(&tasks, today);
            times.push(start.elapsed());
            cpu.push(cpu_time().saturating_sub(cpu_start));
            matched = result.total;
            groups = result.groups.len();
            drop(result);
        }
        let min = times.iter().min().copied().unwrap_or_default();
        let med = median(times);
        worst = worst.max(ms(med));
        println!(
            "{name:<40} {matched:>9} {groups:>7} {:>10.1} {:>10.1} {:>10.1}",
            ms(med),
            ms(min),
            ms(median(cpu))
        );
    }
    let verdict = if worst < TARGET_MS { "within" } else { "OVER" };
    println!("\nslowest median {worst:.1} ms: {verdict} the {TARGET_MS:.0} ms target");
    println!("(cpu ms counts every thread; above the wall time means the cores were shared well)");
}
