//! Splits a note into lines and says which ones can hold tasks: frontmatter, code fences and
//! `%% … %%` / `<!-- … -->` comment blocks never can. One forward pass; allocates nothing per line.

use std::ops::Range;

/// What a line is, as far as tasks are concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Ordinary Markdown: may hold a task or a heading.
    Text,
    /// The `---` lines around the frontmatter.
    FrontmatterFence,
    /// A line of YAML inside the frontmatter.
    Frontmatter,
    /// An opening code fence; `info` is the text after the fence (` ```tasks` → `tasks`).
    FenceOpen {
        info: Range<usize>,
    },
    FenceClose,
    /// Inside a code fence.
    Code,
    /// Starts inside a comment block.
    Comment,
}

/// One line of the note. `content` excludes the line ending (and the BOM on line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub number: u32,
    pub content: Range<usize>,
    pub kind: Kind,
    /// Inside or delimiting a code fence: text that must be kept exactly as written.
    pub in_code: bool,
}

/// An open code fence: its char, length, and the blockquote depth it was opened at.
#[derive(Clone, Copy)]
struct Fence {
    ch: u8,
    len: usize,
    quotes: usize,
    /// Content column of the list item holding the fence: a line left of it ends the item, and the fence with it.
    container: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comment {
    None,
    Percent,
    Html,
    /// A CommonMark HTML block opened by a block-level tag (`<div>`, `<details>`, `</table>`…):
    /// Markdown inside it is raw HTML text, up to the next blank line.
    HtmlBlock,
}

/// The line iterator with its block state.
pub struct Blocks<'a> {
    bytes: &'a [u8],
    pos: usize,
    number: u32,
    /// End (exclusive line number) of the frontmatter's closing `---`, if the note has frontmatter.
    frontmatter_close: Option<u32>,
    fence: Option<Fence>,
    comment: Comment,
}

/// Length of a UTF-8 byte order mark at the start of `bytes`.
pub fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

fn is_dashes(line: &[u8]) -> bool {
    let l = line.strip_suffix(b"\r").unwrap_or(line);
    l.trim_ascii_end() == b"---"
}

/// The frontmatter of a note: the byte range of the YAML and the line number of the closing `---`.
pub fn frontmatter(bytes: &[u8]) -> Option<(Range<usize>, u32)> {
    let start = bom_len(bytes);
    let first_end = memchr::memchr(b'\n', &bytes[start..])? + start;
    if !is_dashes(&bytes[start..first_end]) {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    let mut number = 2u32;
    while pos <= bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        if is_dashes(&bytes[pos..end]) {
            return Some((yaml_start..pos, number));
        }
        if end >= bytes.len() {
            break;
        }
        pos = end + 1;
        number = number.saturating_add(1);
    }
    None
}

impl<'a> Blocks<'a> {
    pub fn new(bytes: &'a [u8]) -> Blocks<'a> {
        Blocks::with_frontmatter(bytes, frontmatter(bytes).map(|(_, n)| n))
    }

    /// [`Blocks::new`] for a caller that has already found the note's frontmatter
    /// (`frontmatter_close`: what [`frontmatter`] gives as the closing line), so it is found once.
    pub fn with_frontmatter(bytes: &'a [u8], frontmatter_close: Option<u32>) -> Blocks<'a> {
        Blocks {
            bytes,
            pos: 0,
            number: 0,
            frontmatter_close,
            fence: None,
            comment: Comment::None,
        }
    }

    pub fn next_line(&mut self) -> Option<Line> {
        if self.pos > self.bytes.len() || (self.pos == self.bytes.len() && self.number > 0) {
            return None;
        }
        let start = if self.number == 0 {
            bom_len(self.bytes)
        } else {
            self.pos
        };
        let nl = memchr::memchr(b'\n', &self.bytes[start..]).map(|i| start + i);
        let end = nl.unwrap_or(self.bytes.len());
        self.pos = nl.map_or(self.bytes.len() + 1, |n| n + 1);
        self.number = self.number.saturating_add(1);
        let content_end = if end > start && self.bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let content = start..content_end;
        let kind = self.classify(content.clone());
        let in_code = matches!(kind, Kind::FenceOpen { .. } | Kind::FenceClose | Kind::Code);
        Some(Line {
            number: self.number,
            content,
            kind,
            in_code,
        })
    }

    fn classify(&mut self, content: Range<usize>) -> Kind {
        if let Some(close) = self.frontmatter_close
            && self.number <= close
        {
            return if self.number == 1 || self.number == close {
                Kind::FrontmatterFence
            } else {
                Kind::Frontmatter
            };
        }
        let line = &self.bytes[content.clone()];
        if let Some(fence) = self.fence {
            // A fence opened inside a blockquote, callout or list item ends with it.
            let quotes = quote_depth(line);
            if quotes >= fence.quotes && !left_of(line, fence.container) {
                // A closing fence stands in the fence's own container (`> ```` does not close
                // a fence at the margin), at most three columns of indent past its start.
                if let Some((c, n, rest)) = fence_at(line)
                    && quotes == fence.quotes
                    && (fence.quotes > 0 || left_of(line, fence.container + 4))
                    && c == fence.ch
                    && n >= fence.len
                    && rest.trim_ascii().is_empty()
                {
                    self.fence = None;
                    return Kind::FenceClose;
                }
                return Kind::Code;
            }
            self.fence = None;
        }
        match self.comment {
            Comment::Html => {
                // An HTML block ends on the line holding `-->`; the rest of that line belongs to it.
                if memchr::memmem::find(line, b"-->").is_some() {
                    self.comment = Comment::None;
                }
                return Kind::Comment;
            }
            Comment::Percent => {
                self.scan_percent(line);
                return Kind::Comment;
            }
            Comment::HtmlBlock => {
                if line.trim_ascii().is_empty() {
                    self.comment = Comment::None;
                    return Kind::Text;
                }
                return Kind::Comment;
            }
            Comment::None => {}
        }
        if let Some((c, n, rest)) = fence_at(line)
            && !(c == b'`' && rest.contains(&b'`'))
        {
            self.fence = Some(Fence {
                ch: c,
                len: n,
                quotes: quote_depth(line),
                container: 0,
            });
            let info_start = content.end - rest.len();
            let trimmed = rest.trim_ascii();
            let lead = rest.len() - rest.trim_ascii_start().len();
            return Kind::FenceOpen {
                info: info_start + lead..info_start + lead + trimmed.len(),
            };
        }
        // CommonMark: only a line that starts with `<!--` opens an HTML comment block; mid-line,
        // `<!--` is an inline comment that cannot outlive its paragraph.
        let lead = line.iter().take(4).take_while(|b| **b == b' ').count();
        if lead <= 3 && line[lead..].starts_with(b"<!--") {
            if memchr::memmem::find(&line[lead + 4..], b"-->").is_none() {
                self.comment = Comment::Html;
            }
            return Kind::Comment;
        }
        if lead <= 3 && super::html::block_tag(&line[lead..]) {
            self.comment = Comment::HtmlBlock;
            return Kind::Comment;
        }
        self.scan_percent(line);
        Kind::Text
    }

    /// The list item content column of the fence just opened (see [`crate::parse::indent`]):
    /// a later non-blank line with less indent ends the fence.
    pub fn fence_container(&mut self, col: usize) {
        if let Some(f) = self.fence.as_mut() {
            f.container = col;
        }
    }

    /// The line just read as an opening fence is text after all (too much indent for its place).
    pub fn cancel_fence(&mut self) {
        self.fence = None;
    }

    /// Follows `%%` openers and closers across the line (skipping closed inline `<!-- … -->` and
    /// code spans),
    /// so the next line knows whether it starts inside a comment.
    fn scan_percent(&mut self, line: &[u8]) {
        // Only a `%%` changes the state; code spans and inline comments matter only around one.
        if memchr::memchr(b'%', line).is_none() {
            return;
        }
        let mut i = 0;
        let mut unclosed_html = false;
        let mut no_close = 0u64;
        while i < line.len() {
            let rest = &line[i..];
            if self.comment == Comment::Percent {
                let Some(off) = memchr::memmem::find(rest, b"%%") else {
                    return;
                };
                self.comment = Comment::None;
                i += off + 2;
                continue;
            }
            let Some(off) = memchr::memchr3(b'%', b'<', b'`', rest) else {
                return;
            };
            let at = &rest[off..];
            if at[0] == b'`' {
                // `%%` inside a code span is text, not a comment opener.
                let n = at.iter().take_while(|b| **b == b'`').count();
                i += off + n;
                if n < 64 && no_close & (1 << n) == 0 {
                    match super::html::code_span_end(&line[i..], n) {
                        Some(end) => i += end,
                        // No closer of this length later on the line: never search for it again.
                        None => no_close |= 1 << n,
                    }
                }
            } else if at.starts_with(b"%%") {
                self.comment = Comment::Percent;
                i += off + 2;
            } else if at.starts_with(b"<!--") && !unclosed_html {
                match memchr::memmem::find(&at[4..], b"-->") {
                    Some(e) => i += off + 4 + e + 3,
                    None => {
                        // No later `<!--` on this line can close either: stay linear.
                        unclosed_html = true;
                        i += off + 4;
                    }
                }
            } else {
                i += off + 1;
            }
        }
    }
}

/// A non-blank line with less indent than column `col` (tabs to the next multiple of 4).
fn left_of(line: &[u8], col: usize) -> bool {
    let mut c = 0;
    for &b in line {
        if c >= col {
            return false;
        }
        match b {
            b' ' => c += 1,
            b'\t' => c += 4 - c % 4,
            b'\r' => return false,
            _ => return true,
        }
    }
    false
}

/// How many `>` (blockquote and callout levels) stand before the text of a line.
fn quote_depth(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
        .filter(|b| **b == b'>')
        .count()
}

/// A fence at the start of a line (after spaces, tabs and `>` of lists and callouts): the fence
/// char, its length, and the rest of the line.
fn fence_at(line: &[u8]) -> Option<(u8, usize, &[u8])> {
    let indent = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'>'))?;
    let c = line[indent];
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = line[indent..].iter().take_while(|b| **b == c).count();
    (n >= 3).then(|| (c, n, &line[indent + n..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let mut b = Blocks::new(text.as_bytes());
        std::iter::from_fn(|| b.next_line())
            .map(|l| l.kind)
            .collect()
    }

    #[test]
    fn fences_close_with_same_char_and_enough_length() {
        let k = kinds("````\n```\n~~~~\n````\nafter");
        assert!(matches!(k[0], Kind::FenceOpen { .. }));
        assert_eq!(
            &k[1..],
            &[Kind::Code, Kind::Code, Kind::FenceClose, Kind::Text]
        );
    }

    #[test]
    fn comments_span_lines() {
        let k = kinds("a %%\nhidden\n%% b\n<!-- x\ny\n-->\nz");
        use Kind::*;
        assert_eq!(
            k,
            vec![Text, Comment, Comment, Comment, Comment, Comment, Text]
        );
    }

    #[test]
    fn html_blocks_start_only_at_line_start() {
        use Kind::*;
        assert_eq!(kinds("a <!-- open\nb\n-->"), vec![Text, Text, Text]);
        assert_eq!(
            kinds("  <!--\nb\n--> c\nd"),
            vec![Comment, Comment, Comment, Text]
        );
        assert_eq!(kinds("<!-- %% -->\nb"), vec![Comment, Text]);
        assert_eq!(kinds("a <!-- %% --> b\nc"), vec![Text, Text]);
    }

    #[test]
    fn fences_in_callouts_end_with_the_callout() {
        let k = kinds("> ```\n> code\nafter\n```\nx");
        assert!(matches!(k[0], Kind::FenceOpen { .. }));
        assert_eq!(k[1], Kind::Code);
        assert_eq!(k[2], Kind::Text);
        assert!(matches!(k[3], Kind::FenceOpen { .. }));
    }

    #[test]
    fn html_blocks_run_to_a_blank_line() {
        use Kind::*;
        assert_eq!(
            kinds("<div>\n- [ ] x\n</div>\n\n- [ ] y"),
            vec![Comment, Comment, Comment, Text, Text]
        );
        assert_eq!(
            kinds("<DETAILS open>\na\n\nb"),
            vec![Comment, Comment, Text, Text]
        );
        assert_eq!(kinds("<divx>\n<span>\na"), vec![Text, Text, Text]);
        assert_eq!(kinds("    <div>\na"), vec![Text, Text]);
    }

    #[test]
    fn percent_signs_in_code_spans_open_no_comment() {
        assert_eq!(kinds("Use `%%` to hide\nb"), vec![Kind::Text; 2]);
        assert_eq!(kinds("a ``x `%%` y`` b\nc"), vec![Kind::Text; 2]);
        use Kind::*;
        assert_eq!(kinds("` %%\nb\n%%\nc"), vec![Text, Comment, Comment, Text]);
        assert_eq!(kinds("`a` %%\nb"), vec![Text, Comment]);
    }

    #[test]
    fn inline_comments_close_on_the_same_line() {
        assert_eq!(kinds("a %%x%% b\nc <!-- y --> d\ne"), vec![Kind::Text; 3]);
    }

    #[test]
    fn frontmatter_needs_a_closing_line() {
        assert_eq!(frontmatter(b"---\na: 1\n---\nx").map(|f| f.1), Some(3));
        assert_eq!(frontmatter(b"---\na: 1\n"), None);
        assert_eq!(
            frontmatter(b"\xEF\xBB\xBF---\r\na: 1\r\n---\r\n").map(|f| f.0),
            Some(8..14)
        );
    }
}
