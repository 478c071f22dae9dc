//! Field symbols and Dataview keys on a task line that were not read as fields: probably mistyped.
//! Runs only on task lines; each message says what is wrong and the form that would be read.

use super::fields::{self, Sym};
use super::inline::CodeSpans;
use super::line::TaskLine;
use crate::task::DateKind;

/// One mistyped field: what was written and what is expected instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspect {
    pub written: String,
    pub message: String,
}

/// A line of a thousand broken symbols needs a handful of findings, not a thousand.
const MAX_PER_LINE: usize = 10;

/// The mistyped fields of a parsed task line (at most [`MAX_PER_LINE`]).
pub fn suspects(line: &[u8], task: &TaskLine) -> Vec<Suspect> {
    let mut out = Vec::new();
    let end = task
        .block_link
        .as_ref()
        .map_or(task.body.end, |b| b.start.max(task.body.start));
    let mut fields = task.fields.iter().peekable();
    let mut code = CodeSpans::default();
    let mut i = task.body.start;
    while i < end && out.len() < MAX_PER_LINE {
        // Only the bytes matched below start anything; a field is only entered at its first
        // byte, which is one of them, so skipping the rest never skips into a field.
        if !STARTS_SUSPECT[usize::from(line[i])] {
            i = line[i..end]
                .iter()
                .position(|b| STARTS_SUSPECT[usize::from(*b)])
                .map_or(end, |off| i + off);
            continue;
        }
        while fields.next_if(|f| f.span.end <= i).is_some() {}
        if let Some(f) = fields.peek()
            && f.span.start <= i
        {
            i = f.span.end.max(i + 1);
            continue;
        }
        match line[i] {
            b'`' => {
                i = code.skip(line, i, end);
                continue;
            }
            b'[' | b'(' => {
                if let Some(s) = dataview_suspect(line, i, end) {
                    out.push(s);
                }
            }
            0xC3 | 0xE2 | 0xEF | 0xF0 => {
                if let Some((p, sym_end)) = fields::match_symbol(line, i) {
                    out.extend(emoji_suspect(line, p.emoji, p.sym, sym_end, end));
                    i = sym_end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The bytes the loop in [`suspects`] acts on: code spans, Dataview brackets, and the first
/// bytes of field symbols (and so of every field the line parser found).
static STARTS_SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let starts = b"`[(\xC3\xE2\xEF\xF0";
    let mut i = 0;
    while i < starts.len() {
        t[starts[i] as usize] = true;
        i += 1;
    }
    t
};

fn expected(sym: Sym, emoji: &str) -> String {
    match sym {
        Sym::Date(_) => format!("`{emoji} YYYY-MM-DD`"),
        Sym::Recurrence => format!("`{emoji} every …` (e.g. `{emoji} every week`)"),
        Sym::Id => format!("`{emoji} id` (letters, digits, `-`, `_`)"),
        Sym::DependsOn => format!("`{emoji} id1,id2`"),
        Sym::Priority(_) => format!("`{emoji}`"),
        Sym::OnCompletion => format!("`{emoji} keep` or `{emoji} delete`"),
    }
}

fn what(sym: Sym) -> String {
    match sym {
        Sym::Date(DateKind::Done) => "done date".into(),
        Sym::Date(k) => format!("{} date", k.as_str()),
        Sym::Recurrence => "recurrence rule".into(),
        Sym::Id => "id".into(),
        Sym::DependsOn => "dependency list".into(),
        Sym::Priority(_) => "priority".into(),
        Sym::OnCompletion => "on-completion action".into(),
    }
}

fn emoji_suspect(
    line: &[u8],
    emoji: &str,
    sym: Sym,
    sym_end: usize,
    end: usize,
) -> Option<Suspect> {
    let mut v = sym_end;
    while v < end && line[v] == b' ' {
        v += 1;
    }
    let word_end = (v..end.min(v + 40))
        .find(|&j| line[j].is_ascii_whitespace())
        .unwrap_or(end)
        .min(v + 40);
    let word = &line[v..word_end];
    // ✅ ❌ ➕ are common in prose ("✅ all good"); only a number or nothing after them looks like
    // a date that went wrong. 📅, ⏳, 🛫, 🔁, 🆔, ⛔ have no other use.
    let prose_emoji = matches!(
        sym,
        Sym::Date(DateKind::Done | DateKind::Cancelled | DateKind::Created)
    );
    let looks_meant = word.is_empty() || word[0].is_ascii_digit() || word[0] == b'#';
    if matches!(sym, Sym::Priority(_)) || (prose_emoji && !looks_meant) {
        return None;
    }
    let written = String::from_utf8_lossy(word).into_owned();
    let message = if written.is_empty() || written.starts_with('#') {
        format!(
            "{emoji} has no {} after it; expected {}",
            what(sym),
            expected(sym, emoji)
        )
    } else {
        format!(
            "`{emoji} {written}` is not a valid {}; expected {}",
            what(sym),
            expected(sym, emoji)
        )
    };
    Some(Suspect {
        written: format!("{emoji} {written}").trim_end().to_string(),
        message,
    })
}

fn dataview_suspect(line: &[u8], at: usize, end: usize) -> Option<Suspect> {
    let (sym, colons) = fields::dataview_key_at(line, at + 1, end)?;
    let key_bytes = line[at + 1..colons].trim_ascii();
    let close = if line[at] == b'[' { b']' } else { b')' };
    let stop =
        memchr::memchr(close, &line[at..end.min(at + 80)]).map_or(end.min(at + 80), |c| at + c + 1);
    let written = String::from_utf8_lossy(&line[at..stop]).into_owned();
    let key = String::from_utf8_lossy(key_bytes).into_owned();
    let open = char::from(line[at]);
    let shut = char::from(close);
    let form = match sym {
        Sym::Date(_) => format!("`{open}{key}:: YYYY-MM-DD{shut}`"),
        Sym::Priority(_) => {
            format!("`{open}{key}:: high{shut}` (highest, high, medium, none, low, lowest)")
        }
        Sym::Recurrence => format!("`{open}{key}:: every …{shut}`"),
        Sym::Id | Sym::DependsOn => {
            format!("`{open}{key}:: abc-1{shut}` (letters, digits, `-`, `_`; lists with `,`)")
        }
        Sym::OnCompletion => format!("`{open}{key}:: delete{shut}` (keep or delete)"),
    };
    let problem = if written.ends_with(shut) {
        "is not a valid"
    } else {
        "has no closing bracket for its"
    };
    Some(Suspect {
        message: format!("`{written}` {problem} {}; expected {form}", what(sym)),
        written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::line::parse_line;
    use proptest::prelude::*;

    /// The loop before it skipped bytes that start nothing: it looks at every byte.
    fn every_byte(line: &[u8], task: &TaskLine) -> Vec<Suspect> {
        let mut out = Vec::new();
        let end = task
            .block_link
            .as_ref()
            .map_or(task.body.end, |b| b.start.max(task.body.start));
        let mut fields = task.fields.iter().peekable();
        let mut code = CodeSpans::default();
        let mut i = task.body.start;
        while i < end && out.len() < MAX_PER_LINE {
            while fields.next_if(|f| f.span.end <= i).is_some() {}
            if let Some(f) = fields.peek()
                && f.span.start <= i
            {
                i = f.span.end.max(i + 1);
                continue;
            }
            match line[i] {
                b'`' => {
                    i = code.skip(line, i, end);
                    continue;
                }
                b'[' | b'(' => out.extend(dataview_suspect(line, i, end)),
                0xC3 | 0xE2 | 0xEF | 0xF0 => {
                    if let Some((p, sym_end)) = fields::match_symbol(line, i) {
                        out.extend(emoji_suspect(line, p.emoji, p.sym, sym_end, end));
                        i = sym_end;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    fn line() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop::sample::select(vec![
            " ",
            "x",
            "📅",
            "📅 2026-01-05",
            "📅 2026-02-30",
            "📅 soon",
            "⏳",
            "✅ 1",
            "✅ ok",
            "🔁",
            "🔁 every day",
            "🔁 daily",
            "🆔",
            "🆔 a-1",
            "⛔",
            "⛔ ,",
            "⏫",
            "\u{F8FF}üìÖ",
            "üìÖ 2026-01-05",
            "ðŸ“…",
            "[due:: 2026-01-05]",
            "[due:: tomorrow]",
            "(due:: x",
            "[priority:: urgent]",
            "[repeat:: sometimes]",
            "[id:: ]",
            "(",
            "[",
            "`",
            "`📅 x`",
            "#t",
            "@Dana",
            " ^b1",
            "é",
        ]);
        (prop::collection::vec(pieces, 0..20))
            .prop_map(|v| [b"- [ ] ".to_vec(), v.concat().into_bytes()].concat())
    }

    proptest! {
        #[test]
        fn skipping_bytes_finds_the_same_suspects(line in line()) {
            if let Some(t) = parse_line(&line) {
                prop_assert_eq!(suspects(&line, &t), every_byte(&line, &t));
            }
        }
    }
}
