//! Small inline and HTML scanners for the block splitter: CommonMark HTML block tags, code spans.
//! Byte slices in, positions out; no allocation, linear in the line.

/// CommonMark's block-level HTML tag names (HTML block type 6).
const BLOCK_TAGS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"base",
    b"basefont",
    b"blockquote",
    b"body",
    b"caption",
    b"center",
    b"col",
    b"colgroup",
    b"dd",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"frame",
    b"frameset",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hr",
    b"html",
    b"iframe",
    b"legend",
    b"li",
    b"link",
    b"main",
    b"menu",
    b"menuitem",
    b"nav",
    b"noframes",
    b"ol",
    b"optgroup",
    b"option",
    b"p",
    b"param",
    b"search",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"td",
    b"tfoot",
    b"th",
    b"thead",
    b"title",
    b"tr",
    b"track",
    b"ul",
];

/// `<div`, `</details`… then a space, `>`, `/>` or the end of the line: an HTML block start.
pub fn block_tag(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"<") else {
        return false;
    };
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let n = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let (name, after) = rest.split_at(n);
    let ends = matches!(
        after,
        [] | [b' ' | b'\t' | b'\r' | b'>', ..] | [b'/', b'>', ..]
    );
    ends && BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// After an opening run of `n` backticks: the index just past the closing run of exactly `n`.
pub fn code_span_end(text: &[u8], n: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'`', &text[i..]) {
        let start = i + off;
        let m = text[start..].iter().take_while(|b| **b == b'`').count();
        if m == n {
            return Some(start + m);
        }
        i = start + m;
    }
    None
}
