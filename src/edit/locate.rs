//! Finding the line an edit or an undo is about, and splicing whole-line changes into a note.
//! Finds by line number and exact text, else the only identical line; never guesses between twins.

use super::EditError;
use super::Target;
use super::journal::{Change, Side};
use super::line_number;
use super::lines::{LineSpan, split_lines};
use crate::task::reference::digest;
use std::ops::Range;

/// The line `target` names: at its number with the same text (or digest of it), else the only
/// line with that text; with neither, the line at its number.
pub(crate) fn locate(
    bytes: &[u8],
    lines: &[LineSpan],
    target: &Target,
    shown: &str,
) -> Result<usize, EditError> {
    let n = target.line as usize;
    let text_of = |l: &LineSpan| String::from_utf8_lossy(&bytes[l.start..l.end]).into_owned();
    let reads: Box<dyn Fn(&LineSpan) -> bool> = match (&target.text, target.digest) {
        (Some(text), _) => Box::new(move |l| text_of(l) == *text),
        (None, Some(d)) => Box::new(move |l| digest(&text_of(l)) == d),
        (None, None) => {
            return match n {
                1.. if n <= lines.len() => Ok(n - 1),
                _ => Err(EditError::NoSuchLine {
                    path: shown.to_string(),
                    line: target.line,
                    lines: lines.len(),
                }),
            };
        }
    };
    if n >= 1 && n <= lines.len() && reads(&lines[n - 1]) {
        return Ok(n - 1);
    }
    let hits: Vec<usize> = (0..lines.len()).filter(|i| reads(&lines[*i])).collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(EditError::Moved {
            path: shown.to_string(),
            line: target.line,
            why: "the task is no longer in the note (it was changed or removed)".into(),
        }),
        many => Err(EditError::Moved {
            path: shown.to_string(),
            line: target.line,
            why: format!(
                "the task moved and {} lines read the same; not guessing which one",
                many.len()
            ),
        }),
    }
}

/// The line that reads as `change`'s `side`: at 1-based `line`, else the only such line.
/// `Err(())`: the record is damaged.
fn find_side(
    bytes: &[u8],
    lines: &[LineSpan],
    line: u32,
    change: &Change,
    side: Side,
) -> Result<Option<usize>, ()> {
    let is = |i: usize| {
        change
            .reads_as(side, &bytes[lines[i].start..lines[i].end])
            .ok_or(())
    };
    let n = line as usize;
    if n >= 1 && n <= lines.len() && is(n - 1)? {
        return Ok(Some(n - 1));
    }
    let mut hits = Vec::new();
    for i in 0..lines.len() {
        if is(i)? {
            hits.push(i);
            if hits.len() > 1 {
                return Ok(None);
            }
        }
    }
    Ok(hits.first().copied())
}

/// The bytes of a note with a journalled edit taken back (`from` is [`Side::After`]: undo) or
/// made again (`from` is [`Side::Before`]: redo). Refuses when any line no longer reads as
/// `from`. Returns the new bytes, and the first changed line's number and text afterwards.
pub(crate) fn splice(
    bytes: &[u8],
    path: &str,
    changes: &[Change],
    inserted: Option<(&[u8], bool)>,
    from: Side,
) -> Result<(Vec<u8>, u32, Vec<u8>), EditError> {
    let lines = split_lines(bytes);
    let conflict = |line: u32, why: &str| EditError::UndoConflict {
        path: path.to_string(),
        line,
        why: why.to_string(),
    };
    let damaged = |line: u32| conflict(line, "its journal record is damaged");
    let redo = from == Side::Before;
    let mut splices: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    let mut first_index = None;
    for c in changes {
        // Undone, the next occurrence above is gone: the line sits one higher than recorded.
        let line = if redo && inserted.is_some_and(|(_, below)| !below) {
            c.line.saturating_sub(1)
        } else {
            c.line
        };
        let i = find_side(bytes, &lines, line, c, from)
            .map_err(|()| damaged(line))?
            .ok_or_else(|| conflict(line, "the line was changed since the edit"))?;
        if splices.iter().any(|(r, _)| r.start == lines[i].start) {
            return Err(conflict(line, "two changed lines now read the same"));
        }
        first_index.get_or_insert(i);
        let now = &bytes[lines[i].start..lines[i].end];
        let turned = c.turn(from, now).ok_or_else(|| damaged(line))?;
        splices.push((lines[i].start..lines[i].end, turned));
    }
    let mut first = first_index.unwrap_or(0);
    let first_text = splices.first().map(|(_, t)| t.clone()).unwrap_or_default();
    match (inserted, redo) {
        (None, _) => {}
        // Obsidian Tasks' `recurrenceOnNextLine`: the next occurrence is the line below.
        (Some((ins, true)), false) => {
            let task = lines[first];
            match lines.get(first + 1) {
                // The last line, with no line ending: its break is the one before it.
                Some(n) if &bytes[n.start..n.end] == ins && n.next == n.end => {
                    splices.push((task.end..n.end, Vec::new()));
                }
                Some(n) if &bytes[n.start..n.end] == ins => {
                    splices.push((n.start..n.next, Vec::new()))
                }
                _ => {
                    return Err(conflict(
                        line_number(first),
                        "the next occurrence inserted below it was changed or moved",
                    ));
                }
            }
        }
        (Some((ins, true)), true) => {
            let task = lines[first];
            let mut with = super::lines::ending_for(bytes, &lines, first);
            with.extend_from_slice(ins);
            splices.push((task.end..task.end, with));
        }
        (Some((ins, false)), false) => {
            let above = first.checked_sub(1).map(|j| lines[j]);
            match above {
                Some(a) if &bytes[a.start..a.end] == ins => {
                    splices.push((a.start..a.next, Vec::new()));
                    first -= 1;
                }
                _ => {
                    return Err(conflict(
                        line_number(first),
                        "the next occurrence inserted above it was changed or moved",
                    ));
                }
            }
        }
        (Some((ins, false)), true) => {
            let Some(at) = lines.get(first) else {
                return Err(conflict(line_number(first), "the line is gone"));
            };
            let mut with = ins.to_vec();
            with.extend_from_slice(&super::lines::ending_for(bytes, &lines, first));
            splices.push((at.start..at.start, with));
            first += 1;
        }
    }
    splices.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (r, with) in splices {
        out.extend_from_slice(&bytes[at..r.start]);
        out.extend_from_slice(&with);
        at = r.end;
    }
    out.extend_from_slice(&bytes[at..]);
    Ok((out, line_number(first), first_text))
}

/// The lines whose text differs between `old` and `new`, when nothing else differs.
pub(crate) fn line_changes(old: &[u8], new: &[u8]) -> Option<Vec<Change>> {
    let (a, b) = (split_lines(old), split_lines(new));
    if a.len() != b.len() || old.starts_with(b"\xEF\xBB\xBF") != new.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut changes = Vec::new();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if old[x.end..x.next] != new[y.end..y.next] {
            return None;
        }
        let (before, after) = (&old[x.start..x.end], &new[y.start..y.end]);
        if before != after {
            changes.push(Change::new(line_number(i), before, after));
        }
    }
    Some(changes)
}
