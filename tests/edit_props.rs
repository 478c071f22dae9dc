//! Property tests for the writer: random notes × random edit sequences. Every byte outside the
//! edited line stays identical, and undoing every edit restores the note byte for byte.

use chrono::NaiveDate;
use proptest::prelude::*;
use std::fs;
use triage::Config;
use triage::Priority;
use triage::edit::{EditError, Editor, Journal, Op, Target, When};
use triage::parse::parse_line;

const LINES: &[&[u8]] = &[
    b"- [ ] Task A",
    b"- [ ] Task A",
    b"- [?] Proposed #proposed \xF0\x9F\x93\x85 2026-01-10 #auto",
    b"  * [x] Done \xE2\x9C\x85 2026-01-01",
    b"> - [/] Callout \xF0\x9F\x94\x81 every week \xF0\x9F\x93\x85 2026-01-10 ^b1",
    b"1. [ ] Num \xE2\x8F\xAB [due:: 2026-02-01] [priority:: high]",
    b"- [ ] Bad \xFF bytes \xF0\x9F\x93\x85 2026-01-10",
    b"- [ ] Hard break  ",
    b"- [ ] moji \xC3\xBC\xC3\xAC\xC3\x96 2026-01-05",
    b"- [-] gone \xE2\x9D\x8C 2026-01-01",
    b"- [ ] every day \xF0\x9F\x94\x81 every day \xE2\x8F\xB3 2026-01-03",
    b"- [ ]",
    b"# Heading",
    b"",
    b"plain text \xFE\xFF and more",
    b"text with \r inside",
    b"```",
    b"\t- [ ] tabbed \xF0\x9F\x86\x94 x1 \xE2\x9B\x94 y2",
];

fn note(lines: &[(usize, bool)], bom: bool, final_newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for (i, (which, crlf)) in lines.iter().enumerate() {
        out.extend_from_slice(LINES[*which % LINES.len()]);
        if i + 1 < lines.len() || final_newline {
            out.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
        }
    }
    out
}

/// (start, end) of each line's content, numbered as the parser numbers them.
fn spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while start < bytes.len() {
        let nl = bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map(|i| start + i);
        let end = nl.unwrap_or(bytes.len());
        let content_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        out.push((start, content_end));
        start = nl.map_or(bytes.len(), |n| n + 1);
    }
    out
}

fn op(kind: u8, n: i8) -> Op {
    let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
    let date = When::Date(today + chrono::Duration::days(i64::from(n)));
    match kind % 13 {
        8 => Op::SetOwner(
            (n % 3 != 0)
                .then(|| ["Dana Reyes", "jo", "ann lee"][n.unsigned_abs() as usize % 3].into()),
        ),
        9 => Op::Rename("New words here".into()),
        10 => Op::SetScheduled(if n % 4 == 0 { When::Clear } else { date }),
        11 => Op::SetStart(if n % 4 == 0 { When::Clear } else { date }),
        0 | 12 => Op::ToggleDone,
        1 => Op::SetDue(When::FromDue(i64::from(n))),
        2 => Op::Accept,
        3 => Op::Reject,
        4 => Op::SetDue(When::Date(today + chrono::Duration::days(i64::from(n)))),
        5 => Op::SetDue(When::Clear),
        6 => Op::Postpone(i64::from(n)),
        _ => Op::SetPriority(Priority::ALL[n.unsigned_abs() as usize % 6]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edits_touch_one_line_and_undo_restores_everything(
        lines in prop::collection::vec((0..LINES.len(), any::<bool>()), 1..14),
        bom in any::<bool>(),
        final_newline in any::<bool>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), -40i8..40, any::<bool>()), 1..8),
    ) {
        let vault = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let path = vault.path().join("n.md");
        let original = note(&lines, bom, final_newline);
        fs::write(&path, &original).unwrap();
        let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
        let cfg = Config::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
        let mut journalled = 0;
        for (pick, kind, n, with_text) in edits {
            let before = fs::read(&path).unwrap();
            let sp = spans(&before);
            let tasks: Vec<usize> = (0..sp.len())
                .filter(|i| parse_line(&before[sp[*i].0..sp[*i].1]).is_some())
                .collect();
            // Mostly task lines; sometimes any line, to see refusals leave the file alone.
            let i = if tasks.is_empty() || pick % 7 == 0 { pick % sp.len().max(1) } else { tasks[pick % tasks.len()] };
            let Some(&(start, end)) = sp.get(i) else { continue };
            let text = with_text.then(|| String::from_utf8_lossy(&before[start..end]).into_owned());
            let target = Target { path: "n.md".into(), line: i as u32 + 1, text, digest: None };
            match ed.apply(&target, &op(kind, n), today, &cfg) {
                Ok(out) => {
                    let after = fs::read(&path).unwrap();
                    if !out.changed {
                        prop_assert_eq!(&after, &before);
                        continue;
                    }
                    journalled += 1;
                    prop_assert_eq!(out.line as usize, i + 1 + usize::from(out.inserted.is_some()));
                    // Everything before the line and everything after its content is untouched.
                    prop_assert!(after.starts_with(&before[..start]));
                    prop_assert!(after.ends_with(&before[end..]));
                    let middle = &after[start..after.len() - (before.len() - end)];
                    // The changed region is the new line, with the inserted line and one line
                    // ending before it for a recurring task; nothing else.
                    let (ins, new_line) = match middle.iter().position(|b| *b == b'\n') {
                        Some(nl) => (Some(&middle[..nl + 1]), &middle[nl + 1..]),
                        None => (None, middle),
                    };
                    prop_assert_eq!(String::from_utf8_lossy(new_line), out.new_line.as_str());
                    match (ins, &out.inserted) {
                        (None, None) => {}
                        (Some(ins), Some(text)) => {
                            let body = ins.strip_suffix(b"\n").unwrap_or(ins);
                            let body = body.strip_suffix(b"\r").unwrap_or(body);
                            prop_assert_eq!(String::from_utf8_lossy(body), text.as_str());
                        }
                        (i, t) => prop_assert!(false, "inserted {:?} vs {:?}", i, t),
                    }
                }
                Err(e) => {
                    prop_assert!(e.to_string().contains("n.md"), "{}", e);
                    prop_assert_eq!(fs::read(&path).unwrap(), before);
                }
            }
        }
        for _ in 0..journalled {
            ed.undo().unwrap();
        }
        let nothing_left = matches!(ed.undo(), Err(EditError::NothingToUndo { .. }));
        prop_assert!(nothing_left, "every edit was undone");
        prop_assert_eq!(fs::read(&path).unwrap(), original);
        let left: Vec<_> = fs::read_dir(vault.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        prop_assert_eq!(left.len(), 1, "only the note remains: {:?}", left);
    }
}

/// Inserts `outside K` as a whole line at the start of line `at` (or at the end after a final newline).
fn insert_outside(bytes: &[u8], at: usize, k: usize) -> Vec<u8> {
    let sp = spans(bytes);
    let pos = match sp.get(at % (sp.len() + 1)) {
        Some(&(start, _)) => start,
        None if bytes.ends_with(b"\n") || bytes.is_empty() => bytes.len(),
        None => sp.first().map_or(bytes.len(), |s| s.0),
    };
    let mut out = bytes[..pos].to_vec();
    out.extend_from_slice(format!("outside {k}\n").as_bytes());
    out.extend_from_slice(&bytes[pos..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Edits, outside saves and undos in any order: an outside line is never lost, a refused undo
    /// changes nothing, and when every undo succeeds the note is the original plus the outside lines.
    #[test]
    fn outside_changes_survive_edits_and_undos(
        lines in prop::collection::vec((0..LINES.len(), any::<bool>()), 1..10),
        bom in any::<bool>(),
        steps in prop::collection::vec((0u8..3, any::<usize>(), any::<u8>(), -20i8..20), 1..12),
    ) {
        let vault = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let path = vault.path().join("n.md");
        let original = note(&lines, bom, true);
        fs::write(&path, &original).unwrap();
        let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
        let cfg = Config::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
        let mut outside = 0;
        let mut refused = false;
        let step = |kind: u8, pick: usize, opk: u8, n: i8, outside: &mut usize, refused: &mut bool| {
            let before = fs::read(&path).unwrap();
            match kind {
                0 => {
                    fs::write(&path, insert_outside(&before, pick, *outside)).unwrap();
                    *outside += 1;
                }
                1 => {
                    let sp = spans(&before);
                    let tasks: Vec<usize> = (0..sp.len())
                        .filter(|i| parse_line(&before[sp[*i].0..sp[*i].1]).is_some())
                        .collect();
                    if let Some(&i) = tasks.get(pick % tasks.len().max(1)) {
                        let text = String::from_utf8_lossy(&before[sp[i].0..sp[i].1]).into_owned();
                        let t = Target { path: "n.md".into(), line: i as u32 + 1, text: Some(text), digest: None };
                        let _ = ed.apply(&t, &op(opk, n), today, &cfg);
                    }
                }
                _ => {
                    if ed.undo().is_err() {
                        assert_eq!(fs::read(&path).unwrap(), before, "a refused undo writes nothing");
                        *refused = true;
                    }
                }
            }
        };
        for (kind, pick, opk, n) in steps {
            step(kind, pick, opk, n, &mut outside, &mut refused);
        }
        while ed.undo().is_ok() {}
        let last = fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&last).into_owned();
        for k in 0..outside {
            let needle = format!("outside {k}\n");
            prop_assert!(text.contains(&needle), "lost {:?}", needle);
        }
        let mut stripped = last.clone();
        for k in 0..outside {
            let needle = format!("outside {k}\n").into_bytes();
            if let Some(at) = stripped.windows(needle.len()).position(|w| w == needle.as_slice()) {
                stripped.drain(at..at + needle.len());
            }
        }
        let all_undone = matches!(ed.undo(), Err(EditError::NothingToUndo { .. }));
        if all_undone && !refused {
            prop_assert_eq!(stripped, original);
        }
    }
}

/// Pieces of a task body: prose that looks like fields but is not, and fields in every form.
const PIECES: &[&[u8]] = &[
    b"Call",
    b"@Sam Okafor",
    b"#task",
    b"#proposed",
    b"https://x.com/a#b",
    b"`\xF0\x9F\x93\x85 2026-01-09`",
    b"a\xFFb",
    b"\x1b[2J",
    b"[[Link]]",
    b"(see:: x)",
    b"\xF0\x9F\x93\x85 2026-01-10",
    b"\xF0\x9F\x93\x85\xEF\xB8\x8F 2026-01-11",
    b"[due:: 2026-01-13]",
    b"(due:: 2026-01-14)",
    b"\xF0\x9F\x93\x85 2026-02-30",
    b"\xE2\x8F\xAB",
    b"\xF0\x9F\x94\xBD",
    b"[priority:: low]",
    b"\xE2\x9C\x85 2026-01-01",
    b"\xE2\x9D\x8C 2026-01-02",
    b"\xE2\x8F\xB3 2026-01-03",
    b"\xF0\x9F\x94\x81 every week",
    b"\xEF\xA3\xBF\xC3\xBC\xC3\xAC\xC3\x96 2026-01-04",
    b"\xE2\x80\x9A\xC3\xA8\xC2\xAB",
    b"\xF0\x9F\x86\x94 abc",
    b"`open",
    b"%%",
    b"<!--",
    b"\\",
    b"x\xF0\x9F\x93\x85 2026-01-05",
    b"\xF0\x9F\x93\x852026-01-06",
    b"\t\xE2\x8F\xAB\t",
    b"[[a|b]]",
    b"[due:: [[2026-01-07]]]",
    b"(due:: 2026-01-08",
    b"#proposed/x",
    b"\xF0\x9F\x94\xBA\xEF\xB8\x8F",
];
const HEADS: &[&[u8]] = &[b"- ", b"> - ", b"1. ", b"  * ", b"+ "];
const STATUSES: &[&[u8]] = &[b" ", b"?", b"x", b"/", b"-", b"\xF0\x9F\x94\xA5"];
const TAILS: &[&[u8]] = &[b"", b" ^blk", b"  ", b" ^blk-2"];

/// The value the parser gives a line for one date kind: the first real date of that kind.
fn date_of(line: &[u8], kind: triage::task::DateKind) -> Option<NaiveDate> {
    parse_line(line)?.fields.iter().find_map(|f| match f.kind {
        triage::parse::FieldKind::Date(k, d) if k == kind => d,
        _ => None,
    })
}

fn priority_of(line: &[u8]) -> Priority {
    parse_line(line)
        .and_then(|tl| {
            tl.fields.iter().find_map(|f| match f.kind {
                triage::parse::FieldKind::Priority(p) => Some(p),
                _ => None,
            })
        })
        .unwrap_or(Priority::None)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// What an edit reports having done is what the parser (and so Obsidian Tasks) reads back.
    #[test]
    fn the_parser_reads_back_what_each_edit_meant(
        head in 0..HEADS.len(),
        status in 0..STATUSES.len(),
        pieces in prop::collection::vec(0..PIECES.len(), 0..7),
        tail in 0..TAILS.len(),
        kind in any::<u8>(),
        n in -40i8..40,
    ) {
        use triage::task::DateKind;
        let mut line = HEADS[head].to_vec();
        line.push(b'[');
        line.extend_from_slice(STATUSES[status]);
        line.push(b']');
        for p in &pieces {
            line.push(b' ');
            line.extend_from_slice(PIECES[*p]);
        }
        line.extend_from_slice(TAILS[tail]);
        let before = parse_line(&line);
        prop_assume!(before.is_some());
        let vault = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let path = vault.path().join("n.md");
        let mut note = b"# N\n".to_vec();
        note.extend_from_slice(&line);
        note.push(b'\n');
        fs::write(&path, &note).unwrap();
        let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
        let cfg = Config::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
        let op = op(kind, n);
        let target = Target { path: "n.md".into(), line: 2, text: None, digest: None };
        let out = ed.apply(&target, &op, today, &cfg).unwrap();
        let after = fs::read(&path).unwrap();
        let lines: Vec<&[u8]> = after.split(|b| *b == b'\n').collect();
        let new = lines[out.line as usize - 1];
        let tl = parse_line(new).expect("still a task line");
        let shown = String::from_utf8_lossy(new).into_owned();
        let was_done = matches!(STATUSES[status], b"x" | b"-");
        match op.clone() {
            Op::ToggleDone if was_done => {
                prop_assert_eq!(tl.status, ' ', "{}", shown);
                prop_assert_eq!(date_of(new, DateKind::Done), None, "{}", shown);
                prop_assert_eq!(date_of(new, DateKind::Cancelled), None, "{}", shown);
            }
            Op::ToggleDone => {
                prop_assert_eq!(tl.status, 'x', "{}", shown);
                prop_assert_eq!(date_of(new, DateKind::Done), Some(today), "{}", shown);
            }
            Op::Reject if STATUSES[status] != b"-" => {
                prop_assert_eq!(tl.status, '-', "{}", shown);
                prop_assert_eq!(date_of(new, DateKind::Cancelled), Some(today), "{}", shown);
            }
            Op::SetDue(When::Date(d)) => {
                prop_assert_eq!(date_of(new, DateKind::Due), Some(d), "{}", shown);
            }
            Op::SetDue(When::Clear) => {
                prop_assert_eq!(date_of(new, DateKind::Due), None, "{}", shown);
            }
            Op::SetDue(When::FromDue(days)) => {
                // From the task's own due date; today when it has none.
                let base = date_of(&line, DateKind::Due).unwrap_or(today);
                let want = base + chrono::Duration::days(days);
                prop_assert_eq!(date_of(new, DateKind::Due), Some(want), "{}", shown);
            }
            Op::Postpone(days) => {
                // Forward from the later of the due date and today; backward from the due date.
                let base = match date_of(&line, DateKind::Due) {
                    Some(d) if days > 0 => d.max(today),
                    Some(d) => d,
                    None => today,
                };
                let want = base + chrono::Duration::days(days);
                prop_assert_eq!(date_of(new, DateKind::Due), Some(want), "{}", shown);
            }
            Op::SetPriority(p) => {
                prop_assert_eq!(priority_of(new), p, "{}", shown);
            }
            Op::Accept => {
                prop_assert!(tl.status != '?', "{}", shown);
                let tags: Vec<&[u8]> = tl.tags.iter().map(|r| &new[r.clone()]).collect();
                prop_assert!(!tags.contains(&&b"#proposed"[..]), "{}", shown);
            }
            Op::Reject => {}
            Op::SetOwner(Some(name)) => {
                let owner = tl.owner(new).map(|o| o.into_owned());
                prop_assert_eq!(owner.as_deref(), Some(name.as_str()), "{}", shown);
            }
            Op::SetOwner(None) => {
                let had = before.as_ref().unwrap().mentions.len();
                prop_assert_eq!(tl.mentions.len(), had.saturating_sub(1), "{}", shown);
            }
            Op::Rename(text) if out.changed => {
                prop_assert!(tl.description(new).contains(text.as_str()), "{}", shown);
            }
            Op::Rename(_) => {}
            Op::SetScheduled(w) | Op::SetStart(w) => {
                let kind = if matches!(op, Op::SetStart(_)) { DateKind::Start } else { DateKind::Scheduled };
                let want = match w { When::Date(d) => Some(d), _ => None };
                prop_assert_eq!(date_of(new, kind), want, "{}", shown);
            }
        }
        // Nothing else on the line changed kind: the other fields are all still there.
        use triage::parse::FieldKind;
        let others = |t: &triage::parse::TaskLine| t.fields.iter().filter(|f| !matches!(
            (&op, &f.kind),
            (Op::SetPriority(_), FieldKind::Priority(_)) | (_, FieldKind::Date(..))
        )).count();
        prop_assert_eq!(others(&tl), others(before.as_ref().unwrap()), "{}", shown);
    }
}
