//! Inline pieces of a task body: tags, mentions, block links, code spans, URLs (SPEC §2.1–§2.2).
//! Each reader looks forward from one position and returns where the piece ends; none allocates.

use super::fields;
use std::ops::Range;

/// The Unicode scalar starting at `at`, with its length in bytes; `None` for invalid UTF-8.
pub fn char_at(line: &[u8], at: usize) -> Option<(char, usize)> {
    let first = *line.get(at)?;
    let len = match first {
        0x00..=0x7F => return Some((char::from(first), 1)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let bytes = line.get(at..at + len)?;
    let c = std::str::from_utf8(bytes).ok()?.chars().next()?;
    Some((c, len))
}

/// The characters §2.1 forbids in a tag, besides whitespace.
const TAG_STOP_BYTES: &[u8] = b"!@#$%^&*(),.?\":{}|<>";

/// [`TAG_STOP_BYTES`] and ASCII whitespace as a table: a slice search per tag byte cost more
/// than the rest of the tag reading.
static TAG_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < TAG_STOP_BYTES.len() {
        t[TAG_STOP_BYTES[i] as usize] = true;
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_whitespace() {
            t[b] = true;
        }
        b += 1;
    }
    t
};

fn tag_stop(b: u8) -> bool {
    TAG_STOP[usize::from(b)]
}

/// A tag starting at the `#` at `at`: its end, or `None` when there is no tag.
/// Like Obsidian, a tag needs one character that is not a digit (`#123` is not a tag).
pub fn tag_end(line: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut i = at + 1;
    let mut non_digit = false;
    while i < end && !tag_stop(line[i]) {
        // A field symbol glued to a tag ends the tag; the symbol is read as the field.
        if line[i] >= 0xC3 && fields::match_symbol(line, i).is_some() {
            break;
        }
        if line[i] == 0xC2 && line.get(i + 1) == Some(&0xA0) {
            break; // no-break space
        }
        non_digit |= !line[i].is_ascii_digit();
        i += 1;
    }
    (i > at + 1 && non_digit).then_some(i)
}

/// Link-form mentions are short; the cap keeps an unclosed `@[[` from scanning the whole line.
const MAX_LINK: usize = 256;

/// A mention starting at the `@` at `at` (§2.2): `@Name`, `@Multi Word Name`, `@[[Name]]`.
pub fn mention_end(line: &[u8], at: usize, end: usize) -> Option<usize> {
    let start = at + 1;
    if line[start..end].starts_with(b"[[") {
        let window = &line[start + 2..end.min(start + 2 + MAX_LINK)];
        let close = memchr::memmem::find(window, b"]]")?;
        let name = &window[..close];
        if link_note(name).is_empty() || name.contains(&b'[') {
            return None;
        }
        return Some(start + 2 + close + 2);
    }
    let mut i = start;
    while i < end {
        // ASCII bytes classified directly: the same answer as the char test, without decoding.
        let b = line[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-') {
                i += 1;
                continue;
            }
            break;
        }
        match char_at(line, i) {
            Some((c, n)) if c.is_alphanumeric() || matches!(c, '_' | '.' | '-') => i += n,
            _ => break,
        }
    }
    // A sentence that ends on a mention: `ask @Dana.` names Dana.
    while i > start && matches!(line[i - 1], b'.' | b'-') {
        i -= 1;
    }
    if i == start {
        return None;
    }
    // Further words: one space, an uppercase letter, letters only, then not a word character.
    loop {
        if line.get(i) != Some(&b' ') || i + 1 >= end {
            return Some(i);
        }
        let mut j = i + 1;
        match char_at(line, j) {
            Some((c, n)) if c.is_uppercase() => j += n,
            _ => return Some(i),
        }
        while j < end {
            if line[j].is_ascii_alphabetic() {
                j += 1;
                continue;
            }
            match char_at(line, j) {
                Some((c, n)) if c.is_alphabetic() => j += n,
                _ => break,
            }
        }
        let glued =
            j < end && char_at(line, j).is_some_and(|(c, _)| c.is_alphanumeric() || c == '_');
        if glued {
            return Some(i);
        }
        i = j;
    }
}

/// The mention's name: without `@`; for `@[[Folder/Note#Heading|Alias]]` the note's name, so a
/// person linked with a path or an alias groups with the plain spelling.
pub fn mention_name(mention: &[u8]) -> &[u8] {
    let m = mention.strip_prefix(b"@").unwrap_or(mention);
    match m.strip_prefix(b"[[").and_then(|m| m.strip_suffix(b"]]")) {
        Some(link) => link_note(link),
        None => m,
    }
}

/// The note a wikilink's inner text points at: before `|` and `#`, after the last `/`, without `.md`.
pub fn link_note(link: &[u8]) -> &[u8] {
    &link[link_note_range(link)]
}

/// [`link_note`] as a range of `link`; every cut is at an ASCII byte, so also a char boundary.
pub fn link_note_range(link: &[u8]) -> Range<usize> {
    let mut end = link
        .iter()
        .position(|b| matches!(b, b'|' | b'#'))
        .unwrap_or(link.len());
    let mut start = link[..end]
        .iter()
        .rposition(|b| *b == b'/')
        .map_or(0, |i| i + 1);
    while start < end && link[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && link[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end - start > 3 && link[end - 3..end].eq_ignore_ascii_case(b".md") {
        end -= 3;
    }
    start..end
}

/// A URL (`scheme://…`) starting at `at`: its end (the next whitespace).
pub fn url_end(line: &[u8], at: usize, end: usize) -> Option<usize> {
    let limit = end.min(at + 32);
    let mut i = at + 1;
    while i < limit && (line[i].is_ascii_alphanumeric() || matches!(line[i], b'+' | b'.' | b'-')) {
        i += 1;
    }
    if !line[i..end].starts_with(b"://") {
        return None;
    }
    let rest = &line[i..end];
    Some(
        i + rest
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len()),
    )
}

/// The trailing ` ^block-id` of the body, from the space before `^` to the end of the id.
pub fn block_link(line: &[u8], body: Range<usize>) -> Option<Range<usize>> {
    let mut e = body.end;
    while e > body.start && matches!(line[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    let caret = memchr::memrchr(b'^', &line[body.start..e])? + body.start;
    let id = &line[caret + 1..e];
    let id_ok = !id.is_empty() && id.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    // The `^` must follow whitespace; at the very start of the body that is the space after `]`.
    let spaced = caret > 0 && matches!(line[caret - 1], b' ' | b'\t');
    (id_ok && spaced).then_some(caret - 1..e)
}

/// Skips code spans, remembering which backtick-run lengths have no closer further on,
/// so a line full of unmatched backticks stays linear.
#[derive(Default)]
pub struct CodeSpans {
    /// `no_closer[n]`: no run of exactly `n+1` backticks exists at or after this position.
    no_closer: [Option<usize>; 16],
}

impl CodeSpans {
    /// At a backtick at `at`: returns the position after the code span, or after the backtick
    /// run when it opens nothing.
    pub fn skip(&mut self, line: &[u8], at: usize, end: usize) -> usize {
        let n = line[at..end].iter().take_while(|b| **b == b'`').count();
        let after = at + n;
        if n > self.no_closer.len() || self.no_closer[n - 1].is_some_and(|p| p <= after) {
            return after;
        }
        let mut i = after;
        while let Some(off) = memchr::memchr(b'`', &line[i..end]) {
            let s = i + off;
            let run = line[s..end].iter().take_while(|b| **b == b'`').count();
            if run == n {
                return s + run;
            }
            i = s + run;
        }
        self.no_closer[n - 1] = Some(after);
        after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_words() {
        let l = b"@Dana Reyes, then @Sam";
        assert_eq!(mention_end(l, 0, l.len()), Some(11));
        let l = b"@dana reyes";
        assert_eq!(mention_end(l, 0, l.len()), Some(5));
        let l = b"@Dana Reyes2";
        assert_eq!(mention_end(l, 0, l.len()), Some(5));
        let l = b"@Dana.";
        assert_eq!(mention_end(l, 0, l.len()), Some(5));
    }

    #[test]
    fn code_spans_cache_missing_closers() {
        let l = b"`a `` b` c";
        let mut cs = CodeSpans::default();
        assert_eq!(cs.skip(l, 0, l.len()), 8);
        let l = b"`` x ` y";
        let mut cs = CodeSpans::default();
        assert_eq!(cs.skip(l, 0, l.len()), 2);
        assert_eq!(cs.skip(l, 5, l.len()), 6);
    }
}
