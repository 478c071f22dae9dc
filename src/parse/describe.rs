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
        Some(String::from_utf8_lossy(name))
    }

    /// Each tag without its `#`, in order of appearance.
    pub fn tag_names<'a>(&'a self, line: &'a [u8]) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        self.tags
            .iter()
            .filter_map(move |t| line.get(t.start + 1..t.end))
            .map(String::from_utf8_lossy)
    }

    /// A field's value as text.
    pub fn value<'a>(&self, line: &'a [u8], field: &Field) -> Cow<'a, str> {
        String::from_utf8_lossy(line.get(field.value.clone()).unwrap_or_default())
    }

    /// The block id of the trailing ` ^block-id`, without `^`.
    pub fn block_id<'a>(&self, line: &'a [u8]) -> Option<Cow<'a, str>> {
        let b = self.block_link.as_ref()?;
        let text = line.get(b.clone())?;
        let caret = text.iter().position(|c| *c == b'^')?;
        Some(String::from_utf8_lossy(&text[caret + 1..]))
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
        let mut kept: Vec<u8> = Vec::with_capacity(self.body.len());
        let mut at = self.body.start;
        for h in self.hidden_spans(line) {
            if h.start > at {
                kept.extend_from_slice(line.get(at..h.start).unwrap_or_default());
            }
            kept.push(b' ');
            at = at.max(h.end);
        }
        if at < self.body.end {
            kept.extend_from_slice(line.get(at..self.body.end).unwrap_or_default());
        }
        let text = String::from_utf8_lossy(&kept);
        let text = mojibake::repair(&text);
        collapse_whitespace(&text)
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
