//! A note's bytes as lines, numbered the way the parser numbers them, with their endings apart.

/// One line of a file: `start..end` is its content (no BOM, no line ending), `next` the start of the next line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// Splits bytes into lines the way the parser numbers them: `\n` ends a line, a `\r` before it
/// belongs to the ending, a BOM belongs to no line, and a final newline starts no extra line.
pub(crate) fn split_lines(bytes: &[u8]) -> Vec<LineSpan> {
    let mut out = Vec::new();
    let mut start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while start < bytes.len() {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => {
                let nl = start + i;
                let end = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                out.push(LineSpan {
                    start,
                    end,
                    next: nl + 1,
                });
                start = nl + 1;
            }
            None => {
                out.push(LineSpan {
                    start,
                    end: bytes.len(),
                    next: bytes.len(),
                });
                start = bytes.len();
            }
        }
    }
    out
}

/// The line ending to give a new line inserted before `at`: that line's own ending, else the
/// file's first ending, else `\n`.
pub(crate) fn ending_for(bytes: &[u8], lines: &[LineSpan], at: usize) -> Vec<u8> {
    let own = &bytes[lines[at].end..lines[at].next];
    if !own.is_empty() {
        return own.to_vec();
    }
    lines
        .iter()
        .map(|l| &bytes[l.end..l.next])
        .find(|e| !e.is_empty())
        .unwrap_or(b"\n")
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_endings_and_bom_apart() {
        let b = b"\xEF\xBB\xBFa\r\nb\nc";
        let l = split_lines(b);
        assert_eq!(l.len(), 3);
        assert_eq!(&b[l[0].start..l[0].end], b"a");
        assert_eq!(&b[l[0].end..l[0].next], b"\r\n");
        assert_eq!(&b[l[1].start..l[1].end], b"b");
        assert_eq!(&b[l[2].start..l[2].end], b"c");
        assert_eq!(l[2].next, b.len());
        assert_eq!(split_lines(b"x\n").len(), 1);
        assert!(split_lines(b"").is_empty());
        assert_eq!(split_lines(b"\n\n").len(), 2);
        assert_eq!(ending_for(b, &l, 2), b"\r\n");
        assert_eq!(ending_for(b, &l, 1), b"\n");
    }
}
