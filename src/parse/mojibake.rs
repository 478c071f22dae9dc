//! Mojibake (SPEC §2.4): UTF-8 that was decoded as Mac Roman or Windows-1252 and saved again.
//! Repairs a run only when re-encoding it gives valid UTF-8 of a plausible kind — it never guesses.

use super::blocks::Blocks;
use super::codec::Codec;
use std::borrow::Cow;
use std::ops::Range;

/// One repairable run inside a piece of text: its byte range and the text it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub repaired: String,
}

/// The result of repairing a whole note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired {
    pub bytes: Vec<u8>,
    pub repairs: Vec<Repair>,
}

/// One repaired run: 1-based line, the text as it was and as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    pub line: u32,
    pub before: String,
    pub after: String,
}

/// The repairable runs of `text`, left to right. Adjacent repaired sequences form one run.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    // `is_ascii` reads words at a time; the byte test below steps one byte at a time.
    if text.is_ascii() || !may_hold_mojibake(text.as_bytes()) {
        return out;
    }
    let mut i = 0;
    while i < text.len() {
        match sequence_at(text, i) {
            Some((end, c)) => {
                match out.last_mut() {
                    Some(last) if last.range.end == i => {
                        last.range.end = end;
                        last.repaired.push(c);
                    }
                    _ => out.push(Run {
                        range: i..end,
                        repaired: c.to_string(),
                    }),
                }
                i = end;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// A cheap byte test: every damaged sequence is two or more adjacent non-ASCII chars whose first
/// has one of these UTF-8 lead bytes (the chars that Mac Roman and Windows-1252 give bytes ≥ 0xC2).
fn may_hold_mojibake(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < b.len() {
        let len = match b[i] {
            0xC2..=0xC6 | 0xCB | 0xCE | 0xCF => 2,
            0xE2 | 0xEF => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        if b.get(i + len).is_some_and(|n| *n >= 0xC2) {
            return true;
        }
        i += len;
    }
    false
}

/// [`may_hold_mojibake`] for bytes that may not be valid UTF-8: every byte is tried as a lead
/// byte, so whatever a valid stretch of `b` would match, this matches too.
pub(super) fn may_hold_mojibake_at_any_byte(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < b.len() {
        // Eight ASCII bytes at a time: no lead byte below 0x80, and most of a line is ASCII.
        // Sixteen ASCII bytes at a time first: prose lines are long and mostly ASCII.
        if let Some(w) = b.get(i..i + 16).and_then(|w| <[u8; 16]>::try_from(w).ok())
            && u128::from_le_bytes(w) & 0x8080_8080_8080_8080_8080_8080_8080_8080 == 0
        {
            i += 16;
            continue;
        }
        let word = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
        if let Some(w) = word {
            // Straight to the first non-ASCII byte of the eight (or past all of them).
            let skip = (u64::from_le_bytes(w) & 0x8080_8080_8080_8080).trailing_zeros() / 8;
            if skip > 0 {
                i += skip as usize;
                continue;
            }
        }
        let len = match b[i] {
            0xC2..=0xC6 | 0xCB | 0xCE | 0xCF => 2,
            0xE2 | 0xEF => 3,
            _ => 0,
        };
        if len > 0 && b.get(i + len).is_some_and(|n| *n >= 0xC2) {
            return true;
        }
        i += 1;
    }
    false
}

/// The text with every repairable run replaced by what it stands for.
pub fn repair(text: &str) -> Cow<'_, str> {
    let found = runs(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in found {
        out.push_str(&text[at..r.range.start]);
        out.push_str(&r.repaired);
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The runs in bytes that may hold invalid UTF-8: each valid stretch is searched on its own.
pub fn runs_in_bytes(bytes: &[u8]) -> Vec<Run> {
    let mut out = Vec::new();
    // Most non-ASCII lines are plain text (’, é, emoji): test the bytes before validating them.
    if !may_hold_mojibake_at_any_byte(bytes) {
        return out;
    }
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        for r in runs(chunk.valid()) {
            out.push(Run {
                range: r.range.start + offset..r.range.end + offset,
                repaired: r.repaired,
            });
        }
        offset += chunk.valid().len() + chunk.invalid().len();
    }
    out
}

/// One damaged UTF-8 sequence starting at `at`: where it ends and the char it stands for.
fn sequence_at(text: &str, at: usize) -> Option<(usize, char)> {
    let first = text[at..].chars().next()?;
    if first.is_ascii() {
        return None;
    }
    'codec: for codec in Codec::ALL {
        let Some(b0) = codec.encode_high(first) else {
            continue;
        };
        let need = match b0 {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => continue,
        };
        let mut buf = [b0, 0, 0, 0];
        let mut end = at + first.len_utf8();
        for slot in buf.iter_mut().take(need).skip(1) {
            let Some(c) = text[end..].chars().next() else {
                continue 'codec;
            };
            match codec.encode_high(c) {
                Some(b @ 0x80..=0xBF) => *slot = b,
                _ => continue 'codec,
            }
            end += c.len_utf8();
        }
        let Ok(s) = std::str::from_utf8(&buf[..need]) else {
            continue;
        };
        if let Some(c) = s.chars().next()
            && plausible(c, need)
        {
            return Some((end, c));
        }
    }
    None
}

/// Valid UTF-8 is necessary but not enough for two-byte sequences: `l’été` in Mac Roman re-encodes
/// to Armenian. Only what mojibake really comes from is accepted.
fn plausible(c: char, len: usize) -> bool {
    let cp = u32::from(c);
    match len {
        // Latin-1 and Latin Extended: accented letters, °, ©, no-break space.
        2 => (0xA0..=0x24F).contains(&cp),
        // Punctuation, symbols, dingbats, CJK; not private use.
        3 => !(0xE000..=0xF8FF).contains(&cp),
        _ => cp < 0xF0000,
    }
}

/// Repairs the mojibake runs of a whole note for `check --fix`, changing only the bytes of those
/// runs. Frontmatter, comments and prose are repaired; fenced code blocks are left as written
/// (code may quote such bytes on purpose). `None` when there is nothing to repair.
pub fn repair_note(bytes: &[u8]) -> Option<Repaired> {
    if bytes.is_ascii() {
        return None;
    }
    let mut out: Vec<u8> = Vec::new();
    let mut repairs = Vec::new();
    let mut copied = 0;
    let mut blocks = Blocks::new(bytes);
    while let Some(l) = blocks.next_line() {
        if l.in_code {
            continue;
        }
        let text = &bytes[l.content.clone()];
        for r in runs_in_bytes(text) {
            let (s, e) = (
                l.content.start + r.range.start,
                l.content.start + r.range.end,
            );
            out.extend_from_slice(&bytes[copied..s]);
            out.extend_from_slice(r.repaired.as_bytes());
            copied = e;
            repairs.push(Repair {
                line: l.number,
                before: String::from_utf8_lossy(&bytes[s..e]).into_owned(),
                after: r.repaired,
            });
        }
    }
    if repairs.is_empty() {
        return None;
    }
    out.extend_from_slice(&bytes[copied..]);
    Some(Repaired {
        bytes: out,
        repairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples_repair() {
        assert_eq!(repair("It‚Äôs done ‚Äì really"), "It’s done – really");
        assert_eq!(repair("Itâ€™s"), "It’s");
        assert_eq!(repair("\u{F8FF}üìÖ 2026-01-12"), "📅 2026-01-12");
        assert_eq!(repair("‚è´ high"), "⏫ high");
        assert_eq!(repair("CafÃ© “quoted”"), "Café “quoted”");
    }

    #[test]
    fn runs_right_after_invalid_bytes_are_found() {
        // ⏫ as Mac Roman mojibake, just after a byte that is not UTF-8.
        let found = runs_in_bytes(b"\xff\xe2\x80\x9a\xc3\xa8\xc2\xb4 high");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].range.clone(), found[0].repaired.as_str()),
            (1..8, "⏫")
        );
        assert!(runs_in_bytes("it’s “fine” – café 📅 ⏫️".as_bytes()).is_empty());
    }

    #[test]
    fn real_text_is_left_alone() {
        for s in [
            "l’été à Paris",
            "naïve café",
            "word—élan",
            "Grüße, Jürgen",
            "“quoted” – dash",
            "日本語 📅",
        ] {
            assert_eq!(repair(s), s, "{s}");
        }
    }

    #[test]
    fn the_byte_prefilter_lets_every_damaged_pair_through() {
        for codec in Codec::ALL {
            for lead in 0xC2..=0xF4u8 {
                for cont in 0x80..=0xBFu8 {
                    let s: String = [codec.decode(lead), codec.decode(cont)].iter().collect();
                    assert!(
                        may_hold_mojibake(s.as_bytes()),
                        "{codec:?} {lead:#x} {cont:#x}"
                    );
                }
            }
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// The byte prefilter of `runs_in_bytes` never hides a run that the full search finds.
        #[test]
        fn the_any_byte_prefilter_hides_no_run(
            bytes in proptest::collection::vec(
                prop_oneof![
                    3 => proptest::sample::select(vec![
                        "a", "word ", "‚Äô", "â€™", "CafÃ©", "\u{F8FF}üìÖ", "ðŸ“…", "’", "é", "📅",
                    ])
                    .prop_map(|s| s.as_bytes().to_vec()),
                    1 => proptest::collection::vec(0x80u8..=0xFF, 1..3),
                ],
                0..16,
            )
            .prop_map(|v| v.concat())
        ) {
            let mut full = Vec::new();
            let mut offset = 0;
            for chunk in bytes.utf8_chunks() {
                let v = chunk.valid();
                // `runs` without its own prefilter: every position tried.
                let mut i = 0;
                while i < v.len() {
                    match sequence_at(v, i) {
                        Some((end, _)) => {
                            full.push(offset + i);
                            i = end;
                        }
                        None => i += v[i..].chars().next().map_or(1, char::len_utf8),
                    }
                }
                offset += v.len() + chunk.invalid().len();
            }
            if !full.is_empty() {
                prop_assert!(may_hold_mojibake_at_any_byte(&bytes));
                prop_assert!(!runs_in_bytes(&bytes).is_empty());
            }
        }
    }

    #[test]
    fn lost_apple_logo_is_not_guessed() {
        assert_eq!(repair("üìÖ 2026-01-12"), "üìÖ 2026-01-12");
    }
}
