//! Reading a parsed task line for people: its owner, tags, field values and description (SPEC §2.2–§2.3).
//! Every helper takes the same line the spans were made from; none changes the line.

use super::inline::mention_name;
use super::line::{Field, FieldKind, TaskLine};
use super::mojibake;
use std::borrow::Cow;
use std::ops::Range;

impl TaskLine {
    /// The owner's name as written: the last mention, without `@` (and for `@[[A|B]]`, `A`).
    pub fn owner<'a>(&self, line: &'a [u8]) -> Option<Cow<'a, str>> {
        let m = self.mentions.last()?;
        let name = mention_name(line.get(m.clone())?);
        Some(lossy(name))
    }

    /// Each tag without its `#`, in order of appearance.
    pub fn tag_names<'a>(&'a self, line: &'a [u8]) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        self.tags
            .iter()
            .filter_map(move |t| line.get(t.start + 1..t.end))
            .map(lossy)
    }

    /// A field's value as text.
    pub fn value<'a>(&self, line: &'a [u8], field: &Field) -> Cow<'a, str> {
        lossy(line.get(field.value.clone()).unwrap_or_default())
    }

    /// The block id of the trailing ` ^block-id`, without `^`.
    pub fn block_id<'a>(&self, line: &'a [u8]) -> Option<Cow<'a, str>> {
        let b = self.block_link.as_ref()?;
        let text = line.get(b.clone())?;
        let caret = text.iter().position(|c| *c == b'^')?;
        Some(lossy(&text[caret + 1..]))
    }

    /// The first field of a kind, by a predicate on its kind.
    pub fn field(&self, want: impl Fn(&FieldKind) -> bool) -> Option<&Field> {
        self.fields.iter().find(|f| want(&f.kind))
    }

    /// The spans §2.3 leaves out of the description: fields, the block link, and at the end of the
    /// line the run of tags and the owner mention. Sorted by start.
    pub fn hidden_spans(&self, line: &[u8]) -> Vec<Range<usize>> {
        let mut hidden: Vec<Range<usize>> = self.fields.iter().map(|f| f.span.clone()).collect();
        hidden.extend(self.block_link.clone());
        // Walk back from the end over whitespace, fields, tags and the owner mention.
        let mut tokens: Vec<(Range<usize>, bool)> =
            self.tags.iter().map(|t| (t.clone(), true)).collect();
        tokens.extend(self.mentions.last().map(|m| (m.clone(), true)));
        tokens.extend(self.fields.iter().map(|f| (f.span.clone(), false)));
        tokens.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut cursor = self
            .block_link
            .as_ref()
            .map_or(self.body.end, |b| b.start.max(self.body.start));
        for (r, trailing_only) in tokens {
            let gap = line.get(r.end..cursor).unwrap_or_default();
            if r.end > cursor || !gap.iter().all(u8::is_ascii_whitespace) {
                break;
            }
            if trailing_only {
                hidden.push(r.clone());
            }
            cursor = r.start;
        }
        hidden.sort_by_key(|r| r.start);
        hidden
    }

    /// What a person reads (§2.3): the body without status, fields, block link, the owner mention
    /// and the trailing tags; whitespace collapsed; mojibake repaired.
    pub fn description(&self, line: &[u8]) -> String {
        let mut out = String::new();
        self.description_into(line, &mut out);
        out
    }

    /// [`TaskLine::description`] written into `out` (cleared first), so a caller that keeps one
    /// buffer pays for no allocation per task.
    pub fn description_into(&self, line: &[u8], out: &mut String) {
        self.description_of(line, std::str::from_utf8(line).ok(), out);
    }

    /// [`TaskLine::description_into`] for a caller that has validated the line: `text` is the
    /// line as a `str` when it is UTF-8. A task line is then validated once.
    pub(super) fn description_of(&self, line: &[u8], text: Option<&str>, out: &mut String) {
        out.clear();
        out.reserve(self.body.len());
        if !text.is_some_and(|text| self.plain_description(line, text, out)) {
            out.clear();
            self.repaired_description(line, out);
        }
    }

    /// The common case in one pass: a body of valid UTF-8 without mojibake needs no lossy decoding
    /// and no repair, so the kept pieces are split into words straight into `out`. `text` is
    /// `line` as a `str`. False (with `out` partly written) when the body needs
    /// [`TaskLine::repaired_description`].
    fn plain_description(&self, line: &[u8], text: &str, out: &mut String) -> bool {
        let Some(body) = text.get(self.body.clone()) else {
            return false;
        };
        // Pieces of a body without mojibake hold none either: a damaged sequence lies within one
        // piece, since the pieces are joined by spaces.
        if mojibake::may_hold_mojibake_at_any_byte(body.as_bytes()) {
            return false;
        }
        let base = self.body.start;
        let piece_of =
            |r: Range<usize>| body.get(r.start.checked_sub(base)?..r.end.checked_sub(base)?);
        // `collapse_whitespace` splits at ASCII whitespace when the whole kept text is ASCII, else
        // at Unicode whitespace. The two agree unless the text holds U+000B or a non-ASCII space,
        // so the words are split at ASCII whitespace first, and again only in that rare case.
        let trailing = self.trailing_run(line);
        let mut all_ascii = true;
        let mut on_boundaries = true;
        self.kept(trailing, |r| match piece_of(r) {
            Some(piece) => {
                all_ascii &= piece.is_ascii();
                push_collapsed_ascii(out, piece);
            }
            None => on_boundaries = false,
        });
        if on_boundaries
            && !all_ascii
            && (memchr::memchr(0x0B, body.as_bytes()).is_some() || has_unicode_space(body))
        {
            out.clear();
            self.kept(trailing, |r| {
                for word in piece_of(r).unwrap_or_default().split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            });
        }
        on_boundaries
    }

    /// The general description: the kept bytes joined by spaces, decoded lossily, mojibake
    /// repaired, whitespace collapsed.
    fn repaired_description(&self, line: &[u8], out: &mut String) {
        let mut kept: Vec<u8> = Vec::with_capacity(self.body.len() + 8);
        let mut first = true;
        self.kept(self.trailing_run(line), |r| {
            if !first {
                kept.push(b' ');
            }
            first = false;
            kept.extend_from_slice(line.get(r).unwrap_or_default());
        });
        let text = String::from_utf8_lossy(&kept);
        let text = mojibake::repair(&text);
        out.push_str(&collapse_whitespace(&text));
    }

    /// Calls `piece` with each byte range of the body the description keeps, left to right:
    /// the stretches between the [`TaskLine::hidden_spans`], found without collecting or sorting
    /// them (each kind of span is already in line order). Consecutive pieces always have a
    /// hidden span between them, which a joining space stands for.
    /// `trailing` is what [`TaskLine::trailing_run`] returns for the line.
    fn kept(&self, trailing: (usize, bool), mut piece: impl FnMut(Range<usize>)) {
        let (first_trailing_tag, owner_trailing) = trailing;
        let mut fields = self.fields.iter().map(|f| &f.span).peekable();
        let mut block = self.block_link.as_ref();
        let mut tags = self.tags[first_trailing_tag..].iter().peekable();
        let mut owner = self.mentions.last().filter(|_| owner_trailing);
        let mut at = self.body.start;
        loop {
            // The hidden span that starts first; on a tie, the order `hidden_spans` sorts them in
            // (fields, block link, tags, owner): `min_by_key` keeps the first of equals.
            let heads = [fields.peek().copied(), block, tags.peek().copied(), owner];
            let slot = (0..heads.len())
                .filter_map(|i| Some((i, heads[i]?.start)))
                .min_by_key(|(_, start)| *start)
                .map(|(i, _)| i);
            let next = match slot {
                Some(0) => fields.next(),
                Some(1) => block.take(),
                Some(2) => tags.next(),
                Some(3) => owner.take(),
                _ => None,
            };
            let Some(h) = next else { break };
            if h.start > at {
                piece(at..h.start);
            }
            at = at.max(h.end);
        }
        if at < self.body.end {
            piece(at..self.body.end);
        }
    }

    /// The run of tags and the owner mention at the end of the line that the description drops,
    /// walked as [`TaskLine::hidden_spans`] walks it: the index of its first tag, and whether it
    /// holds the owner.
    fn trailing_run(&self, line: &[u8]) -> (usize, bool) {
        let mut tags = self.tags.len();
        let mut fields = self.fields.len();
        let mut owner = self.mentions.last();
        let mut owner_trailing = false;
        let mut cursor = self
            .block_link
            .as_ref()
            .map_or(self.body.end, |b| b.start.max(self.body.start));
        loop {
            // The token that starts last; on a tie, tags before the owner before fields, as the
            // stable sort in `hidden_spans` orders them (`min_by_key` keeps the first of equals).
            let heads = [
                tags.checked_sub(1).map(|i| &self.tags[i]),
                owner,
                fields.checked_sub(1).map(|i| &self.fields[i].span),
            ];
            let Some((slot, r)) = (0..heads.len())
                .filter_map(|i| Some((i, heads[i]?)))
                .min_by_key(|(_, r)| std::cmp::Reverse(r.start))
            else {
                break;
            };
            let gap = line.get(r.end..cursor).unwrap_or_default();
            if r.end > cursor || !gap.iter().all(u8::is_ascii_whitespace) {
                break;
            }
            match slot {
                0 => tags -= 1,
                1 => {
                    owner = None;
                    owner_trailing = true;
                }
                _ => fields -= 1,
            }
            cursor = r.start;
        }
        (tags, owner_trailing)
    }
}

/// Appends the words of `piece` split at ASCII whitespace, each after one space (none before the
/// first word of `out`). Words already joined by single spaces are copied as one stretch.
fn push_collapsed_ascii(out: &mut String, piece: &str) {
    let words = piece.trim_ascii();
    if words.is_empty() {
        return;
    }
    // Most pieces are words joined by single spaces: then they already are their collapsed form.
    // The test looks at every byte without branching, so it runs many bytes at a time.
    let b = words.as_bytes();
    let irregular = b.iter().zip(&b[1..]).fold(false, |any, (&x, &y)| {
        any | ((x == b' ') & (y == b' ')) | (x.is_ascii_whitespace() & (x != b' '))
    });
    if !irregular {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(words);
        return;
    }
    // The general split, on the trimmed piece: trimming changes none of its words.
    let piece = words;
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == b.len() {
            return;
        }
        let start = i;
        loop {
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                i += 1;
            } else {
                break;
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        // Both ends are at ASCII bytes (or the end), so on char boundaries.
        out.push_str(piece.get(start..i).unwrap_or_default());
    }
}

/// Whether `s` holds a whitespace char outside ASCII (U+0085, NBSP, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000), by their UTF-8 bytes: decoding every char of the
/// many bodies with `’` or `–` (also 0xE2…) cost more than the rest of the description.
fn has_unicode_space(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|c| matches!(c, 0xC2 | 0xE1..=0xE3)) {
        let at = i + off;
        if matches!(
            b[at..],
            [0xC2, 0x85 | 0xA0, ..]
                | [0xE1, 0x9A, 0x80, ..]
                | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
                | [0xE2, 0x81, 0x9F, ..]
                | [0xE3, 0x80, 0x80, ..]
        ) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// `String::from_utf8_lossy`, validating first: the common valid case then costs one fast check
/// instead of the lossy decoder's chunk walk.
pub(super) fn lossy(b: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(b),
    }
}

/// Runs of whitespace become one space; no space at either end.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        for word in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        return out;
    }
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes `word` where it stands as a whole word (between spaces or the ends), as Obsidian Tasks'
/// `removeGlobalFilter` does: `#task/sub` keeps its `#task`.
pub(super) fn remove_word(text: &mut String, word: &str) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut changed = false;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        let whole = out.is_empty() && i == 0 || before.is_some_and(char::is_whitespace);
        let whole = whole && after.is_none_or(char::is_whitespace);
        out.push_str(&rest[..i]);
        if whole {
            changed = true;
        } else {
            out.push_str(word);
        }
        rest = &rest[i + word.len()..];
    }
    if changed {
        out.push_str(rest);
        *text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
}

#[cfg(test)]
mod tests {
    use super::has_unicode_space;

    #[test]
    fn unicode_spaces_are_known_by_their_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(
                has_unicode_space(&s),
                !c.is_ascii() && c.is_whitespace(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
