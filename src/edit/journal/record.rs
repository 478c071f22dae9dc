//! What one journal line records: the lines an edit changed, before and after. A long line is
//! kept as the stretch that changed and a digest of the rest, so that a 10 MB line costs bytes.

use serde::{Deserialize, Serialize};

/// Lines longer than this are journalled as the stretch that changed (see [`Around`]).
pub const LONG_LINE: usize = 1024;

/// Bytes that are usually text: a JSON string when valid UTF-8, else hex, so that undo restores
/// invalid bytes exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Utf8(String),
    Raw { hex: String },
}

impl Text {
    pub fn from_bytes(b: &[u8]) -> Text {
        match std::str::from_utf8(b) {
            Ok(s) => Text::Utf8(s.to_string()),
            Err(_) => Text::Raw {
                hex: b.iter().map(|x| format!("{x:02x}")).collect(),
            },
        }
    }

    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Text::Utf8(s) => Some(s.as_bytes().to_vec()),
            Text::Raw { hex } => (0..hex.len())
                .step_by(2)
                .map(|i| {
                    hex.get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect(),
        }
    }

    /// How many bytes the text stands for.
    pub fn byte_len(&self) -> usize {
        match self {
            Text::Utf8(s) => s.len(),
            Text::Raw { hex } => hex.len() / 2,
        }
    }
}

/// One line changed by an edit: its 1-based number after the edit, and its bytes before and
/// after (with `around`, only the stretch that changed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub line: u32,
    pub before: Text,
    pub after: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub around: Option<Around>,
}

/// A long line as the stretches that changed (each with its bytes on both sides) and a digest of
/// each whole side, so that the line can be known again and rebuilt without keeping its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Around {
    pub hunks: Vec<Hunk>,
    pub before_len: usize,
    pub after_len: usize,
    /// FNV-1a 64 of the whole line before and after, as 16 hex digits.
    pub before_hash: String,
    pub after_hash: String,
}

/// One changed stretch: where it starts in the line before the change, and its two texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hunk {
    pub at: usize,
    pub before: Text,
    pub after: Text,
}

/// Which side of a change a line is on: undo finds lines as the edit left them, redo as it found them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

impl Change {
    /// The change from `before` to `after` at 1-based `line`, compact when the line is long.
    pub fn new(line: u32, before: &[u8], after: &[u8]) -> Change {
        if before.len().max(after.len()) <= LONG_LINE {
            return Change {
                line,
                before: Text::from_bytes(before),
                after: Text::from_bytes(after),
                around: None,
            };
        }
        Change {
            line,
            before: Text::Utf8(String::new()),
            after: Text::Utf8(String::new()),
            around: Some(Around {
                hunks: hunks(before, after),
                before_len: before.len(),
                after_len: after.len(),
                before_hash: hex64(fnv1a(before)),
                after_hash: hex64(fnv1a(after)),
            }),
        }
    }

    /// Whether `line` reads as this change's `side`. `None`: the record is damaged.
    pub fn reads_as(&self, side: Side, line: &[u8]) -> Option<bool> {
        let Some(a) = &self.around else {
            let stored = match side {
                Side::Before => self.before.to_bytes(),
                Side::After => self.after.to_bytes(),
            }?;
            return Some(line == stored);
        };
        let (len, hash) = match side {
            Side::Before => (a.before_len, &a.before_hash),
            Side::After => (a.after_len, &a.after_hash),
        };
        Some(line.len() == len && hex64(fnv1a(line)) == *hash)
    }

    /// The other side of the change, given `line` that reads as `side`.
    pub fn turn(&self, side: Side, line: &[u8]) -> Option<Vec<u8>> {
        let Some(a) = &self.around else {
            return match side {
                Side::Before => self.after.to_bytes(),
                Side::After => self.before.to_bytes(),
            };
        };
        let mut out = Vec::with_capacity(a.before_len.max(a.after_len));
        // `from` walks `line`; the other side's bytes replace each hunk's.
        let mut from = 0;
        let mut shift: isize = 0;
        for h in &a.hunks {
            let (mine, theirs) = match side {
                Side::Before => (h.before.to_bytes()?, h.after.to_bytes()?),
                Side::After => (h.after.to_bytes()?, h.before.to_bytes()?),
            };
            let at = match side {
                Side::Before => h.at,
                Side::After => h.at.checked_add_signed(shift)?,
            };
            out.extend_from_slice(line.get(from..at)?);
            if line.get(at..at + mine.len())? != mine {
                return None;
            }
            out.extend_from_slice(&theirs);
            from = at + mine.len();
            let (b, a2) = (h.before.byte_len() as isize, h.after.byte_len() as isize);
            shift += a2 - b;
        }
        out.extend_from_slice(line.get(from..)?);
        Some(out)
    }

    /// The number of bytes this change stores.
    pub fn stored_len(&self) -> usize {
        let hunks = self.around.as_ref().map_or(0, |a| {
            a.hunks
                .iter()
                .map(|h| h.before.byte_len() + h.after.byte_len())
                .sum()
        });
        self.before.byte_len() + self.after.byte_len() + hunks
    }
}

/// How far ahead the stretches that changed are looked for; an edit changes a few bytes here and
/// there (a status, a date, a field added), so the lines meet again soon after each.
const REACH: usize = 96;
/// How many equal bytes count as the lines meeting again.
const MEET: usize = 24;

/// The changed stretches between two lines that are mostly equal. Where the lines do not meet
/// again within [`REACH`], the rest is one stretch: never wrong, only larger.
fn hunks(before: &[u8], after: &[u8]) -> Vec<Hunk> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    loop {
        let same = before[i..]
            .iter()
            .zip(&after[j..])
            .take_while(|(a, b)| a == b)
            .count();
        i += same;
        j += same;
        if i == before.len() && j == after.len() {
            return out;
        }
        let meet = (0..=REACH)
            .flat_map(|total| (0..=total).map(move |k| (k, total - k)))
            .find(|&(k, l)| {
                let (bi, aj) = (i + k, j + l);
                let rest =
                    (before.len() - bi.min(before.len())).min(after.len() - aj.min(after.len()));
                bi <= before.len()
                    && aj <= after.len()
                    && (rest >= MEET || (bi == before.len() && aj == after.len()))
                    && before[bi..bi + rest.min(MEET)] == after[aj..aj + rest.min(MEET)]
            });
        let (k, l) = meet.unwrap_or((before.len() - i, after.len() - j));
        out.push(Hunk {
            at: i,
            before: Text::from_bytes(&before[i..i + k]),
            after: Text::from_bytes(&after[j..j + l]),
        });
        i += k;
        j += l;
    }
}

/// One journal line: an edit (or a `check --fix` repair), the undoing of an earlier one, or the
/// redoing of an undone one (an edit itself, which can be undone again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    /// RFC 3339, UTC.
    pub time: String,
    /// The canonical vault root.
    pub vault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `toggle`, `accept`, `reject`, `due`, `postpone`, `priority`, `fix`, … or `undo`.
    pub op: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The next occurrence of a recurring task, inserted directly above the first change's line
    /// (below it when `below`: the vault's Obsidian Tasks `recurrenceOnNextLine`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inserted: Option<Text>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub below: bool,
    /// For a captured task (`add`): the line added, which undo removes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<crate::edit::Added>,
    /// For an undo record: the `seq` it undid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
    /// For a redo: the `seq` of the undo record it took back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redoes: Option<u64>,
}

impl Record {
    /// A new edit record (sequence number and time are set when it is appended).
    pub fn edit(vault: &str, path: &str, op: &str, changes: Vec<Change>) -> Record {
        Record {
            seq: 0,
            time: String::new(),
            vault: vault.to_string(),
            path: Some(path.to_string()),
            op: op.to_string(),
            changes,
            inserted: None,
            below: false,
            added: None,
            undoes: None,
            redoes: None,
        }
    }

    /// Whether this record is an edit that undo can take back (not the undo of one).
    pub fn is_edit(&self) -> bool {
        self.undoes.is_none()
    }
}

/// FNV-1a, 64 bits: stable across versions and platforms, as a journal written by one version
/// is read by the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn hex64(h: u64) -> String {
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_bytes_round_trip() {
        let t = Text::from_bytes(b"ok \xff\xfe end");
        let json = serde_json::to_string(&t).unwrap();
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_bytes().unwrap(), b"ok \xff\xfe end");
        assert_eq!(Text::from_bytes(b"plain").to_bytes().unwrap(), b"plain");
    }

    #[test]
    fn a_long_line_is_kept_as_what_changed() {
        let tail = "y".repeat(1 << 20);
        let before = format!("- [ ] big {tail}");
        let after = format!("- [x] big {tail} ✅ 2026-01-14");
        let c = Change::new(3, before.as_bytes(), after.as_bytes());
        assert!(c.stored_len() < 64, "{}", c.stored_len());
        assert_eq!(c.reads_as(Side::After, after.as_bytes()), Some(true));
        assert_eq!(c.reads_as(Side::After, before.as_bytes()), Some(false));
        assert_eq!(c.reads_as(Side::Before, before.as_bytes()), Some(true));
        let back = c.turn(Side::After, after.as_bytes()).unwrap();
        assert_eq!(back, before.as_bytes());
        assert_eq!(c.turn(Side::Before, &back).unwrap(), after.as_bytes());
        // The same length and the same changed stretch, another byte elsewhere: not the line.
        let mut other = after.clone().into_bytes();
        other[100] = b'z';
        assert_eq!(c.reads_as(Side::After, &other), Some(false));
        // Through JSON and back.
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.len() < 300, "{json}");
        let c2: Change = serde_json::from_str(&json).unwrap();
        assert_eq!(c2, c);
    }

    #[test]
    fn a_short_line_is_kept_whole() {
        let c = Change::new(1, b"- [ ] a", b"- [x] \xff");
        assert!(c.around.is_none());
        assert_eq!(c.reads_as(Side::After, b"- [x] \xff"), Some(true));
        assert_eq!(c.turn(Side::After, b"- [x] \xff").unwrap(), b"- [ ] a");
    }
}
