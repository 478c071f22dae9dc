//! The field forms of SPEC §2.1: emoji symbols (real and mojibake), Dataview `[key:: value]`, values.
//! Byte-level and allocation-free per call; the pattern table is derived once from the emoji themselves.

use super::codec::Codec;
use super::line::{Field, FieldForm, FieldKind};
use crate::task::{DateKind, Priority};
use chrono::NaiveDate;
use std::sync::LazyLock;

/// What a field symbol or Dataview key stands for, before its value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    Priority(Priority),
    Date(DateKind),
    Recurrence,
    Id,
    DependsOn,
    /// Obsidian Tasks' `🏁 keep|delete`: what happens to the task when it is done.
    OnCompletion,
}

/// Every emoji of the §2.1 table, and Obsidian Tasks' on-completion flag.
pub const EMOJI: [(&str, Sym); 18] = [
    ("🔺", Sym::Priority(Priority::Highest)),
    ("⏫", Sym::Priority(Priority::High)),
    ("🔼", Sym::Priority(Priority::Medium)),
    ("🔽", Sym::Priority(Priority::Low)),
    ("⏬", Sym::Priority(Priority::Lowest)),
    ("📅", Sym::Date(DateKind::Due)),
    ("📆", Sym::Date(DateKind::Due)),
    ("🗓", Sym::Date(DateKind::Due)),
    ("⏳", Sym::Date(DateKind::Scheduled)),
    ("⌛", Sym::Date(DateKind::Scheduled)),
    ("🛫", Sym::Date(DateKind::Start)),
    ("➕", Sym::Date(DateKind::Created)),
    ("✅", Sym::Date(DateKind::Done)),
    ("❌", Sym::Date(DateKind::Cancelled)),
    ("🔁", Sym::Recurrence),
    ("🆔", Sym::Id),
    ("⛔", Sym::DependsOn),
    ("🏁", Sym::OnCompletion),
];

const VS16: &str = "\u{FE0F}";

/// One byte pattern that writes a field symbol, with the variation selector as it appears in that form.
pub struct Pattern {
    pub bytes: Vec<u8>,
    pub vs: Vec<u8>,
    pub sym: Sym,
    pub form: FieldForm,
    /// The real emoji, for messages and edits.
    pub emoji: &'static str,
}

/// Patterns grouped by first byte, so the scan tries them only where one can start.
pub struct Patterns {
    pub by_first: Vec<Vec<Pattern>>,
}

pub static PATTERNS: LazyLock<Patterns> = LazyLock::new(build_patterns);

fn build_patterns() -> Patterns {
    let mut by_first: Vec<Vec<Pattern>> = (0..256).map(|_| Vec::new()).collect();
    let mut add = |p: Pattern| {
        if let Some(&b) = p.bytes.first() {
            by_first[usize::from(b)].push(p);
        }
    };
    for (emoji, sym) in EMOJI {
        add(Pattern {
            bytes: emoji.as_bytes().to_vec(),
            vs: VS16.as_bytes().to_vec(),
            sym,
            form: FieldForm::Emoji,
            emoji,
        });
        for codec in Codec::ALL {
            let garbled = codec.decode_all(emoji.as_bytes());
            let vs = codec.decode_all(VS16.as_bytes()).into_bytes();
            // Tools that drop private-use characters lose the U+F8FF that Mac Roman makes of 0xF0;
            // the rest is still unmistakably the emoji, so it still reads as the field.
            if let Some(rest) = garbled.strip_prefix('\u{F8FF}') {
                add(Pattern {
                    bytes: rest.as_bytes().to_vec(),
                    vs: vs.clone(),
                    sym,
                    form: FieldForm::Mojibake,
                    emoji,
                });
            }
            add(Pattern {
                bytes: garbled.into_bytes(),
                vs,
                sym,
                form: FieldForm::Mojibake,
                emoji,
            });
        }
    }
    Patterns { by_first }
}

/// Matches a field symbol at `at`: returns (pattern, end of symbol incl. optional variation selector).
pub fn match_symbol(line: &[u8], at: usize) -> Option<(&'static Pattern, usize)> {
    let first = *line.get(at)?;
    // Real emoji start with E2/F0; mojibake forms with C3 (ü, ð, â), E2 (‚) or EF (U+F8FF).
    if !matches!(first, 0xC3 | 0xE2 | 0xEF | 0xF0) {
        return None;
    }
    let rest = &line[at..];
    for p in &PATTERNS.by_first[usize::from(first)] {
        if starts_with(rest, &p.bytes) {
            let mut end = at + p.bytes.len();
            if starts_with(&line[end..], &p.vs) {
                end += p.vs.len();
            }
            return Some((p, end));
        }
    }
    None
}

/// `a.starts_with(b)` byte by byte: the patterns are 2–12 bytes, and the slice comparison's call
/// to `bcmp` for each of the dozen patterns tried at every emoji cost more than the compare.
fn starts_with(a: &[u8], b: &[u8]) -> bool {
    a.len() >= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Reads the value after an emoji symbol ending at `sym_end`, up to `limit`. Recurrence values are
/// finished by the caller (they run to the next field), so for them this returns only the start.
pub fn emoji_value(
    line: &[u8],
    sym: Sym,
    sym_end: usize,
    limit: usize,
) -> Option<(FieldKind, std::ops::Range<usize>)> {
    let mut v = sym_end;
    while v < limit && line[v] == b' ' {
        v += 1;
    }
    match sym {
        Sym::Priority(p) => Some((FieldKind::Priority(p), sym_end..sym_end)),
        Sym::Date(kind) => {
            let end = v + 10;
            if end > limit
                || !date_shaped(&line[v..end])
                || line.get(end).is_some_and(|b| b.is_ascii_alphanumeric())
            {
                return None;
            }
            Some((FieldKind::Date(kind, parse_date(&line[v..end])), v..end))
        }
        Sym::Recurrence => starts_every(&line[v..limit]).then_some((FieldKind::Recurrence, v..v)),
        Sym::Id => {
            let end = v + id_len(&line[v..limit]);
            (end > v).then_some((FieldKind::Id, v..end))
        }
        Sym::DependsOn => {
            let end = v + depends_len(&line[v..limit]);
            (end > v).then_some((FieldKind::DependsOn, v..end))
        }
        Sym::OnCompletion => {
            let end = v + on_completion_len(&line[v..limit])?;
            Some((FieldKind::OnCompletion, v..end))
        }
    }
}

/// `keep` or `delete` (any case), ending the word.
fn on_completion_len(v: &[u8]) -> Option<usize> {
    ["keep", "delete"].iter().find_map(|w| {
        let n = w.len();
        (v.len() >= n
            && v[..n].eq_ignore_ascii_case(w.as_bytes())
            && v.get(n).is_none_or(|b| !b.is_ascii_alphanumeric()))
        .then_some(n)
    })
}

/// Dataview values are short; a longer bracket is prose, and the cap keeps the scan linear.
const MAX_DATAVIEW: usize = 256;

/// Reads `[key:: value]` or `(key:: value)` starting at `at`, for the keys of §2.1.
pub fn dataview(line: &[u8], at: usize, limit: usize) -> Option<Field> {
    let open = line[at];
    let close = if open == b'[' { b']' } else { b')' };
    let window_end = limit.min(at + MAX_DATAVIEW);
    let (sym, colons) = dataview_key_at(line, at + 1, window_end)?;
    // Matched brackets: nested pairs inside the value ([[links]]) do not close the field.
    let mut depth = 0usize;
    let mut end = None;
    for (i, &b) in line.iter().enumerate().take(window_end).skip(colons + 2) {
        if b == open {
            depth += 1;
        } else if b == close {
            if depth == 0 {
                end = Some(i);
                break;
            }
            depth -= 1;
        }
    }
    let end = end?;
    let (vs, ve) = trim_range(line, colons + 2, end);
    let value = &line[vs..ve];
    let kind = match sym {
        Sym::Priority(_) => {
            FieldKind::Priority(Priority::from_name(std::str::from_utf8(value).ok()?)?)
        }
        Sym::Date(kind) => {
            if !date_shaped(value) {
                return None;
            }
            FieldKind::Date(kind, parse_date(value))
        }
        Sym::Recurrence if starts_every(value) => FieldKind::Recurrence,
        Sym::Id if !value.is_empty() && id_len(value) == value.len() => FieldKind::Id,
        Sym::DependsOn if !value.is_empty() && depends_len(value) == value.len() => {
            FieldKind::DependsOn
        }
        Sym::OnCompletion if on_completion_len(value) == Some(value.len()) => {
            FieldKind::OnCompletion
        }
        _ => return None,
    };
    Some(Field {
        kind,
        form: FieldForm::Dataview,
        span: at..end + 1,
        value: vs..ve,
    })
}

/// A known key then `::` from `at` (spaces allowed around the key): the key and where `::` starts.
/// Reads at most a few bytes, so every `[` and `(` of a line costs constant time.
pub fn dataview_key_at(line: &[u8], at: usize, limit: usize) -> Option<(Sym, usize)> {
    let mut k = at;
    while k < limit && line[k] == b' ' {
        k += 1;
    }
    let key_start = k;
    while k < limit && line[k].is_ascii_alphabetic() && k - key_start <= 12 {
        k += 1;
    }
    let sym = dataview_key(&line[key_start..k])?;
    while k < limit && line[k] == b' ' {
        k += 1;
    }
    line[k..limit].starts_with(b"::").then_some((sym, k))
}

/// The Dataview keys of §2.1, case-insensitive.
pub fn dataview_key(key: &[u8]) -> Option<Sym> {
    const KEYS: [(&[u8], Sym); 11] = [
        (b"priority", Sym::Priority(Priority::None)),
        (b"due", Sym::Date(DateKind::Due)),
        (b"scheduled", Sym::Date(DateKind::Scheduled)),
        (b"start", Sym::Date(DateKind::Start)),
        (b"created", Sym::Date(DateKind::Created)),
        (b"completion", Sym::Date(DateKind::Done)),
        (b"cancelled", Sym::Date(DateKind::Cancelled)),
        (b"repeat", Sym::Recurrence),
        (b"id", Sym::Id),
        (b"dependson", Sym::DependsOn),
        (b"oncompletion", Sym::OnCompletion),
    ];
    KEYS.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, s)| *s)
}

/// `DDDD-DD-DD`: what a date looks like, whether or not it exists.
pub fn date_shaped(v: &[u8]) -> bool {
    v.len() == 10
        && v.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// A date-shaped value → the calendar date, or `None` when no such day exists.
pub fn parse_date(v: &[u8]) -> Option<NaiveDate> {
    let num =
        |r: std::ops::Range<usize>| v[r].iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    if !date_shaped(v) {
        return None;
    }
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
}

/// Rule text must start with the word `every` (as every rule of the Obsidian Tasks grammar does).
pub fn starts_every(v: &[u8]) -> bool {
    v.len() >= 5
        && v[..5].eq_ignore_ascii_case(b"every")
        && v.get(5).is_none_or(|b| !b.is_ascii_alphanumeric())
}

fn id_len(v: &[u8]) -> usize {
    v.iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .count()
}

/// `abc-1,def-2` (spaces allowed after commas); never ends on a comma.
fn depends_len(v: &[u8]) -> usize {
    let mut good = id_len(v);
    if good == 0 {
        return 0;
    }
    let mut i = good;
    while i < v.len() && v[i] == b',' {
        let mut j = i + 1;
        while j < v.len() && v[j] == b' ' {
            j += 1;
        }
        let n = id_len(&v[j..]);
        if n == 0 {
            break;
        }
        i = j + n;
        good = i;
    }
    good
}

fn trim_range(line: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && line[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && line[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_shape_and_validity() {
        assert!(date_shaped(b"2026-02-30"));
        assert_eq!(parse_date(b"2026-02-30"), None);
        assert_eq!(
            parse_date(b"2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert!(!date_shaped(b"2026-1-05"));
        assert!(!date_shaped(b"2026/01/05"));
    }

    #[test]
    fn depends_lists() {
        assert_eq!(depends_len(b"abc-1,def-2 rest"), 11);
        assert_eq!(depends_len(b"abc-1, def-2"), 12);
        assert_eq!(depends_len(b"abc-1, "), 5);
        assert_eq!(depends_len(b",x"), 0);
    }

    #[test]
    fn every_emoji_has_three_forms_or_more() {
        let total: usize = PATTERNS.by_first.iter().map(Vec::len).sum();
        // Real + Mac Roman + Windows-1252 for all 17, + the Mac Roman form without U+F8FF for 4-byte ones.
        assert!(total >= 17 * 3, "{total}");
    }
}
