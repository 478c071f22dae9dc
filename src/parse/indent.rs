//! CommonMark's container rules for list items, so a task is counted only where Obsidian shows a
//! checkbox: nesting by content column, lazy lines, indented code, quotes. Line by line, no allocation.

/// Deepest list nesting tracked; deeper items still count as items, they just are not remembered.
const CAP: usize = 32;

/// The open list items of one container (the note, or the inside of a blockquote/callout).
#[derive(Clone, Copy)]
struct Stack {
    /// Content column of each open list item, outermost first.
    cols: [usize; CAP],
    depth: usize,
    /// A paragraph is open, so the next line may continue it (lazily, too).
    para: bool,
    /// The innermost item has no content yet (`-` alone on its line).
    empty_top: bool,
}

impl Default for Stack {
    fn default() -> Stack {
        Stack {
            cols: [0; CAP],
            depth: 0,
            para: false,
            empty_top: false,
        }
    }
}

/// List and quote state across the lines of a note.
#[derive(Default)]
pub struct ListContext {
    outer: Stack,
    /// The list state inside the current blockquote or callout.
    inner: Stack,
    quote_depth: usize,
    /// How many outer list items hold the current quote: a quote at another level is another quote.
    quote_level: usize,
}

/// Bytes and the column reached after leading spaces and tabs (tabs to the next multiple of 4).
fn leading(line: &[u8], mut col: usize) -> (usize, usize) {
    let mut i = 0;
    while let Some(b) = line.get(i) {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
        i += 1;
    }
    (i, col)
}

/// A list marker at the start of `text` (at column `col`).
struct Marker {
    /// Column where the item's content starts.
    content: usize,
    empty: bool,
    /// An ordered marker whose number is not 1 (cannot interrupt a paragraph).
    late_start: bool,
    /// Five or more columns after the marker: the content is an indented code block.
    code: bool,
}

fn marker(text: &[u8], col: usize) -> Option<Marker> {
    let (len, late_start) = match text.first()? {
        b'-' | b'*' | b'+' => (1, false),
        b'0'..=b'9' => {
            let d = text.iter().take_while(|b| b.is_ascii_digit()).count();
            if d > 9 || !matches!(text.get(d), Some(b'.' | b')')) {
                return None;
            }
            let zeros = text[..d].iter().take_while(|b| **b == b'0').count();
            (d + 1, &text[zeros..d] != b"1")
        }
        _ => return None,
    };
    let after = &text[len..];
    if after.first().is_some_and(|b| !matches!(b, b' ' | b'\t')) {
        return None;
    }
    let end = col + len;
    let (i, c) = leading(after, end);
    let empty = i == after.len();
    let gap = c - end;
    let (content, code) = if empty || gap > 4 {
        (end + 1, !empty)
    } else {
        (c, false)
    };
    Some(Marker {
        content,
        empty,
        late_start,
        code,
    })
}

/// `---`, `***`, `___` (three or more, spaces allowed between): a thematic break or setext underline.
fn is_break(text: &[u8]) -> bool {
    let Some(&c) = text.first() else {
        return false;
    };
    if !matches!(c, b'-' | b'*' | b'_') {
        return false;
    }
    let mut n = 0;
    for &b in text {
        if b == c {
            n += 1;
        } else if !matches!(b, b' ' | b'\t' | b'\r') {
            return false;
        }
    }
    n >= 3
}

fn is_atx(text: &[u8]) -> bool {
    let n = text.iter().take_while(|b| **b == b'#').count();
    (1..=6).contains(&n)
        && text
            .get(n)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Text that can only continue a paragraph (CommonMark's lazy continuation line).
/// `rel` is the indent past the list items the line continues.
fn lazy(text: &[u8], rel: usize) -> bool {
    if text.is_empty() || text[0] == b'>' {
        return false;
    }
    rel >= 4
        || !(is_atx(text)
            || is_break(text)
            || marker(text, rel).is_some()
            || text.starts_with(b"```")
            || text.starts_with(b"~~~"))
}

impl Stack {
    /// How many open items the line's indent continues, and the column its own blocks start at.
    fn matched(&self, col: usize, base: usize) -> (usize, usize) {
        let k = self.cols[..self.depth.min(CAP)]
            .iter()
            .take_while(|c| **c <= col)
            .count();
        (k, if k == 0 { base } else { self.cols[k - 1] })
    }

    /// Feeds one line of this container, starting at column `start`; `base` is the container's
    /// own content column. Returns whether the line opens a list item whose text may be a task.
    fn feed(&mut self, line: &[u8], start: usize, base: usize) -> bool {
        let (i, col) = leading(line, start);
        // Columns count from the container's content: a quote's `>` may move between lines.
        let col = col.saturating_sub(base);
        let text = &line[i..];
        if text.is_empty() || text == b"\r" {
            // A list item can begin with at most one blank line.
            if self.empty_top && self.depth > 0 {
                self.depth -= 1;
            }
            self.empty_top = false;
            self.para = false;
            return false;
        }
        self.empty_top = false;
        let (k, own) = self.matched(col, 0);
        let all = k >= self.depth;
        if col >= own + 4 {
            // Four columns past an item's content: CommonMark reads paragraph text or indented
            // code. A list item there, inside an item, is kept as a nested item, as the hand-
            // and tool-written notes this reads mean it (a deliberate leniency).
            if k > 0
                && let Some(m) = marker(text, col)
                && !m.code
            {
                self.push(k, &m);
                return true;
            }
            if !self.para {
                self.depth = k;
            }
            return false;
        }
        if is_atx(text) {
            self.close(k);
            return false;
        }
        if is_break(text) {
            // A setext underline or a thematic break (`- - -` too, not an item): either way no
            // paragraph stays open and deeper items end.
            self.close(k);
            return false;
        }
        if self.para
            && all
            && text
                .iter()
                .all(|b| matches!(b, b'=' | b' ' | b'\t' | b'\r'))
        {
            self.para = false;
            return false;
        }
        if let Some(m) = marker(text, col) {
            let interrupts = self.para && all;
            if !interrupts || (!m.empty && !m.late_start) {
                self.push(k, &m);
                return !m.code;
            }
        }
        if !self.para {
            self.depth = k;
            self.para = true;
        }
        false
    }

    /// Opens the item of marker `m` inside the first `k` open items.
    fn push(&mut self, k: usize, m: &Marker) {
        self.depth = k;
        if self.depth < CAP {
            self.cols[self.depth] = m.content;
        }
        self.depth += 1;
        self.para = !m.empty && !m.code;
        self.empty_top = m.empty;
    }

    /// A block that is not a paragraph (heading, break, fence) at nesting `k`.
    fn close(&mut self, k: usize) {
        self.depth = k;
        self.para = false;
    }
}

impl ListContext {
    /// Feeds one ordinary Markdown line; returns whether a task on it would be a real list item.
    pub fn line(&mut self, line: &[u8]) -> bool {
        let (i, col) = leading(line, 0);
        let rel = col - self.outer.matched(col, 0).1;
        if self.quote_depth != 0 && self.inner.para && lazy(&line[i..], rel) {
            // Paragraph text continues the quote's paragraph (`> a` then `b`): the quote stays open.
            return false;
        }
        match self.quote_start(line, i, col) {
            Some((j, start, base)) => self.inner.feed(&line[j..], start, base),
            None => self.outer.feed(line, 0, 0),
        }
    }

    /// For a line whose first mark is `>` (a blockquote or callout that the outer lists allow):
    /// the byte where its content starts, that byte's column, and the content column. Switches
    /// the inner list state when the quote depth changes; leaves quotes on any other line.
    fn quote_start(&mut self, line: &[u8], i: usize, col: usize) -> Option<(usize, usize, usize)> {
        let (k, own) = self.outer.matched(col, 0);
        if line.get(i) != Some(&b'>') || col >= own + 4 {
            if self.quote_depth != 0 {
                self.quote_depth = 0;
                self.inner = Stack::default();
            }
            return None;
        }
        self.outer.close(k);
        let (mut j, mut c, mut depth) = (i, col, 0);
        loop {
            // One `>`, then one optional space that belongs to the marker.
            depth += 1;
            j += 1;
            c += 1;
            let (s, sc) = leading(&line[j..], c);
            if line.get(j + s) == Some(&b'>') && sc - c < 4 {
                j += s;
                c = sc;
                continue;
            }
            break;
        }
        if depth != self.quote_depth || k != self.quote_level {
            self.quote_depth = depth;
            self.quote_level = k;
            self.inner = Stack::default();
        }
        let base = if matches!(line.get(j), Some(b' ' | b'\t')) {
            c + 1
        } else {
            c
        };
        Some((j, c, base))
    }

    /// The first line of an HTML block (`<!--` at a line start): like a fence, it ends the
    /// paragraph and any list item it is not indented into.
    pub fn html_start(&mut self, line: &[u8]) {
        let _ = self.fence(line);
    }

    /// A code fence line (` ``` ` or `~~~`). Returns the column its container's content starts at
    /// (lines left of it end the fence), or `None` when the indent makes it text, not a fence.
    pub fn fence(&mut self, line: &[u8]) -> Option<usize> {
        let (i, col) = leading(line, 0);
        let rel = col - self.outer.matched(col, 0).1;
        if self.quote_depth != 0
            && self.inner.para
            && rel >= 4
            && line.get(i).is_some_and(|b| *b != b'>')
        {
            // Indented past any fence: a lazy line of the quote's paragraph.
            return None;
        }
        if let Some((j, start, base)) = self.quote_start(line, i, col) {
            let (_, c) = leading(&line[j..], start);
            let (k, own) = self.inner.matched(c.saturating_sub(base), 0);
            let c = c.saturating_sub(base);
            if c >= own + 4 {
                return None;
            }
            self.inner.close(k);
            // Blocks ends a quoted fence with its quote.
            return Some(0);
        }
        let (k, own) = self.outer.matched(col, 0);
        if col >= own + 4 {
            return None;
        }
        self.outer.close(k);
        Some(own)
    }
}

/// How many blockquote markers `>` open the line (each with spaces before it and one after),
/// and where the text after them starts.
pub(super) fn quote_markers(line: &[u8]) -> (usize, usize) {
    let (mut depth, mut at) = (0, 0);
    loop {
        let mut i = at;
        while i < line.len() && matches!(line[i], b' ' | b'\t') {
            i += 1;
        }
        if line.get(i) != Some(&b'>') {
            return (depth, at);
        }
        depth += 1;
        at = i + 1;
        if line.get(at) == Some(&b' ') {
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ListContext;

    fn items(text: &str) -> Vec<bool> {
        let mut c = ListContext::default();
        text.lines().map(|l| c.line(l.as_bytes())).collect()
    }

    #[test]
    fn nesting_under_items_is_kept() {
        assert_eq!(items("- a\n    - b\n\t- c\n        - d"), [true; 4]);
        assert_eq!(items("- a\n\n    - b"), [true, false, true]);
        assert_eq!(items("- a\nlazy text\n    - b"), [true, false, true]);
    }

    #[test]
    fn four_columns_outside_a_list_are_code() {
        assert_eq!(items("text\n\n    - a"), [false, false, false]);
        assert_eq!(items("    - a"), [false]);
        assert_eq!(items("paragraph\n    - a"), [false, false]);
        assert_eq!(
            items("- a\n\npara\n\n    - b"),
            [true, false, false, false, false]
        );
        assert_eq!(items("# H\n    - a"), [false, false]);
        assert_eq!(items("> - a\n>     - b"), [true, true]);
    }
}
