//! A fast path for the plain frontmatter nearly every note has: `key: scalar`, `key: [a, b]`,
//! `key:` + `- item` lines. Anything beyond that subset returns `None` and goes to the real YAML parser.

use super::frontmatter::{Raw, Val};

/// Reads `text` if every line is in the simple subset (which is always valid YAML), else `None`.
pub(super) fn parse(text: &str) -> Option<Raw> {
    let mut raw = Raw::default();
    let mut lines = lines(text).peekable();
    while let Some(line) = lines.next() {
        if is_blank(line) {
            continue;
        }
        let (key, rest) = key_value(line)?;
        let value = if rest.is_empty() {
            let mut items = Vec::new();
            let mut indent = None;
            while let Some(next) = lines.peek() {
                if is_blank(next) {
                    lines.next();
                    continue;
                }
                let Some(item) = list_item(next) else { break };
                let this = next.len() - next.trim_start_matches(' ').len();
                if *indent.get_or_insert(this) != this {
                    return None;
                }
                items.push(scalar(item)?);
                lines.next();
            }
            if items.is_empty() {
                None
            } else {
                Some(Val::List(items.into_iter().flatten().collect()))
            }
        } else if let Some(inner) = rest.strip_prefix('[') {
            let inner = strip_comment(inner)?.strip_suffix(']')?;
            if inner.contains(['[', ']', '{', '}']) {
                return None;
            }
            let mut items = Vec::new();
            if !inner.trim().is_empty() {
                for part in inner.split(',') {
                    // `'a, b'` splits a quoted item; the real parser handles that case.
                    items.push(scalar(part.trim())?.ok_or(()).ok()?);
                }
            }
            Some(Val::List(items))
        } else {
            scalar(rest)?
        };
        raw.set(key, value);
    }
    Some(raw)
}

/// `str::lines` with the memchr crate's search: the standard one looks for `\n` a byte at a time
/// in short lines, and was a tenth of the cost of reading a note's frontmatter. As there, a `\r`
/// is dropped only before a `\n`, and a final `\n` ends the last line rather than starting one.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = (!text.is_empty()).then_some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        // Cuts at the ASCII `\n` and `\r`, so on char boundaries.
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]).filter(|n| !n.is_empty());
                let line = &r[..i];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn is_blank(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// `key: rest` at column 0 with a plain key; `rest` is trimmed.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let key = &line[..colon];
    let key_ok = key
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' '))
        && !key.ends_with(' ');
    let rest = &line[colon + 1..];
    if !key_ok || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim_matches(' ');
    Some((key, if rest.starts_with('#') { "" } else { rest }))
}

/// `- item` or `  - item` under a key.
fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    if t.len() < line.len().saturating_sub(4) {
        return None;
    }
    let item = t.strip_prefix('-')?;
    if item.is_empty() {
        return Some("");
    }
    item.strip_prefix(' ').map(|i| i.trim_matches(' '))
}

/// Where a two-byte ASCII pattern starts in `v`. `str::find` with a `&str` sets up a substring
/// searcher on every call, which cost more than the rest of reading a short value.
fn find_pair(v: &str, pair: [u8; 2]) -> Option<usize> {
    // A plain loop: values are short, so a `memchr` call per space costs more than it saves, and
    // `windows(2).position(|w| w == pair)` calls `bcmp` for each window.
    let b = v.as_bytes();
    // Most values hold neither `#` nor `:`: a branch-free test of every byte (many at a time)
    // rules the pair out before the search.
    let (first, second) = b.iter().fold((false, false), |(f, s), c| {
        (f | (*c == pair[0]), s | (*c == pair[1]))
    });
    if !(first && second) {
        return None;
    }
    b.iter()
        .zip(b.iter().skip(1))
        .position(|(x, y)| *x == pair[0] && *y == pair[1])
}

/// Cuts a ` # comment` off a value.
fn strip_comment(v: &str) -> Option<&str> {
    // The match is at ASCII bytes, so the cut is on a char boundary.
    Some(match find_pair(v, *b" #") {
        Some(i) => v[..i].trim_end_matches(' '),
        None => v.trim_end_matches(' '),
    })
}

/// A one-line scalar: `Some(None)` for null, `None` when outside the subset.
fn scalar(v: &str) -> Option<Option<Val>> {
    if let Some(body) = v.strip_prefix('\'') {
        let end = closing_single(body)?;
        let after = strip_comment(&body[end + 1..])?;
        return after.is_empty().then(|| {
            let text = &body[..end];
            Some(Val::Str(match find_pair(text, *b"''") {
                Some(_) => text.replace("''", "'"),
                None => text.to_string(),
            }))
        });
    }
    if let Some(body) = v.strip_prefix('"') {
        let end = body.find(['"', '\\'])?;
        if body.as_bytes()[end] != b'"' || !strip_comment(&body[end + 1..])?.is_empty() {
            return None;
        }
        return Some(Some(Val::Str(body[..end].to_string())));
    }
    let v = strip_comment(v)?;
    let first = v.bytes().next();
    if first.is_some_and(|b| {
        matches!(
            b,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b'\t'
        )
    }) || find_pair(v, *b": ").is_some()
        || v.ends_with(':')
    {
        return None;
    }
    Some(match v {
        "" | "~" | "null" | "Null" | "NULL" => None,
        _ => Some(Val::Str(v.to_string())),
    })
}

/// The index of the quote closing a single-quoted scalar (`''` is an escaped quote).
fn closing_single(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::parse::frontmatter::read_full;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "title",
            "type",
            "date",
            "account",
            "tags",
            "person",
            "entity",
            "participants",
            "aliases",
            "name",
            "other",
        ]);
        let word = "[a-zA-Z][a-zA-Z0-9 /#.-]{0,12}[a-zA-Z0-9]";
        let value = prop_oneof![
            word.prop_map(|w| w.to_string()),
            word.prop_map(|w| format!("'{w}'")),
            word.prop_map(|w| format!("\"{w}\"")),
            prop::collection::vec(word, 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(word, 1..4).prop_map(|v| format!(
                "\n{}",
                v.iter()
                    .map(|w| format!("  - {w}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Just("2025-12-15".to_string()),
            Just(String::new()),
            Just("# comment".to_string()),
        ];
        (key, value).prop_map(|(k, v)| {
            if v.starts_with('\n') || v.is_empty() {
                format!("{k}:{v}")
            } else {
                format!("{k}: {v}")
            }
        })
    }

    proptest! {
        /// Whatever the fast path accepts, the real parser reads the same way.
        #[test]
        fn fast_path_agrees_with_the_yaml_parser(lines in prop::collection::vec(line(), 0..8)) {
            let text = lines.join("\n");
            if let Some(raw) = parse(&text) {
                prop_assert_eq!(Ok(raw.into_frontmatter()), read_full(&text), "{}", text);
            }
        }
    }

    proptest! {
        #[test]
        fn pairs_are_found_as_str_find(s in "[a #:]{0,12}") {
            for pair in [*b" #", *b": "] {
                let want = s.find(std::str::from_utf8(&pair).unwrap_or_default());
                prop_assert_eq!(super::find_pair(&s, pair), want);
            }
        }

        #[test]
        fn lines_are_split_as_str_lines(s in "[a\r\n]{0,12}") {
            prop_assert_eq!(super::lines(&s).collect::<Vec<_>>(), s.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_subset_reads() {
        assert!(
            parse("title: A\ntags: [a, 'b']\nlist:\n  - x\n  - 'y'\n# c\ndate: '2025-12-15'\n")
                .is_some()
        );
        assert!(parse("title: it''s\n").is_some());
    }

    #[test]
    fn anything_else_falls_back() {
        for y in [
            "a: &x 1",
            "a: *x",
            "a: |\n  text",
            "a: >\n  t",
            "a:\n  b: 1",
            "a: [[L]]",
            "a: [x, [y]]",
            "a: \"q\\\"\"",
            "a: b: c",
            "? a",
            "a: {b: 1}",
            "\ta: 1",
            "a: 'open",
            " a: 1",
            "a: !tag x",
            "- a",
        ] {
            assert!(parse(y).is_none(), "{y:?}");
        }
    }
}
