//! Boolean instruction lines: `(A) AND (B)`, `OR`, `XOR`, `NOT`, `AND NOT`, `OR NOT`, nested delimiters.
//! Precedence as in Obsidian Tasks (NOT, then XOR, then AND, then OR); it never guesses a missing delimiter.

use super::filter::{Filter, Problem};

const OPENERS: [char; 4] = ['(', '[', '{', '"'];

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => '"',
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '"')
}

/// Whether a line is a boolean combination rather than a plain filter.
pub fn is_boolean(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(OPENERS) || not_prefix(t).is_some()
}

/// `NOT` (any case) followed by a delimiter: the rest after `NOT`.
fn not_prefix(s: &str) -> Option<&str> {
    let head = s.get(..3)?;
    if !head.eq_ignore_ascii_case("not") {
        return None;
    }
    let rest = s[3..].trim_start();
    rest.starts_with(OPENERS).then_some(rest)
}

/// An operator keyword at the start of `s`, followed by whitespace or a delimiter: (keyword, rest).
fn operator(s: &str) -> Option<(&'static str, &str)> {
    for op in ["AND", "XOR", "OR", "NOT"] {
        if let Some(head) = s.get(..op.len())
            && head.eq_ignore_ascii_case(op)
        {
            let rest = &s[op.len()..];
            if rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || rest.trim_start().starts_with(OPENERS)
            {
                return Some((op, rest.trim_start()));
            }
        }
    }
    None
}

type Leaf<'f> = &'f mut dyn FnMut(&str) -> Result<Filter, Problem>;

struct Parser<'a, 'f> {
    src: &'a str,
    pos: usize,
    leaf: Leaf<'f>,
}

/// Parses a whole boolean line; `leaf` reads each delimited filter.
pub fn parse(line: &str, leaf: Leaf<'_>) -> Result<Filter, Problem> {
    let mut p = Parser {
        src: line,
        pos: 0,
        leaf,
    };
    let f = p.or()?;
    p.skip_ws();
    if p.pos < p.src.len() {
        let rest = &p.src[p.pos..];
        return Err(if rest.starts_with(is_closer) {
            format!(
                "unexpected '{}' with no matching opening delimiter",
                &rest[..1]
            )
        } else {
            format!("expected AND, OR, XOR or NOT before '{}'", excerpt(rest))
        });
    }
    Ok(f)
}

fn excerpt(s: &str) -> &str {
    match s.char_indices().nth(30) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

impl Parser<'_, '_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn skip_ws(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start().len();
    }

    fn take_op(&mut self, op: &str) -> bool {
        self.skip_ws();
        match operator(self.rest()) {
            Some((found, rest)) if found == op => {
                self.pos = self.src.len() - rest.len();
                true
            }
            _ => false,
        }
    }

    fn or(&mut self) -> Result<Filter, Problem> {
        let mut f = self.and()?;
        while self.take_op("OR") {
            f = Filter::Or(Box::new(f), Box::new(self.and()?));
        }
        Ok(f)
    }

    fn and(&mut self) -> Result<Filter, Problem> {
        let mut f = self.xor()?;
        while self.take_op("AND") {
            f = Filter::And(Box::new(f), Box::new(self.xor()?));
        }
        Ok(f)
    }

    fn xor(&mut self) -> Result<Filter, Problem> {
        let mut f = self.unary()?;
        while self.take_op("XOR") {
            f = Filter::Xor(Box::new(f), Box::new(self.unary()?));
        }
        Ok(f)
    }

    fn unary(&mut self) -> Result<Filter, Problem> {
        if self.take_op("NOT") {
            return Ok(self.unary()?.negate());
        }
        self.group()
    }

    fn group(&mut self) -> Result<Filter, Problem> {
        self.skip_ws();
        let rest = self.rest();
        let Some(open) = rest.chars().next().filter(|c| OPENERS.contains(c)) else {
            return Err(if rest.is_empty() {
                "expected a filter in (…) after the operator, but the line ends".into()
            } else {
                format!(
                    "expected a filter wrapped in (…), […], {{…}} or \"…\" but found '{}'",
                    excerpt(rest)
                )
            });
        };
        let close = closer(open);
        let start = self.pos;
        self.pos += 1;
        let inner = self.rest().trim_start();
        if inner.starts_with(OPENERS) || not_prefix(inner).is_some() {
            let f = self.or()?;
            self.skip_ws();
            if !self.rest().starts_with(close) {
                return Err(format!(
                    "expected '{close}' to close the '{open}' at column {}",
                    start + 1
                ));
            }
            self.pos += 1;
            return Ok(f);
        }
        let body_start = self.pos;
        let end = leaf_end(&self.src[body_start..], open, close).ok_or_else(|| {
            format!(
                "expected '{close}' to close the '{open}' at column {}",
                start + 1
            )
        })?;
        let text = self.src[body_start..body_start + end].trim();
        if text.is_empty() {
            return Err(format!("empty '{open}{close}' at column {}", start + 1));
        }
        self.pos = body_start + end + close.len_utf8();
        (self.leaf)(text).map_err(|e| format!("in '{open}{text}{close}': {e}"))
    }
}

/// Where a plain filter inside delimiters ends: a closing delimiter followed by the end, an operator
/// or another closer. Balanced inner pairs are skipped, so `(description includes (maybe))` works.
fn leaf_end(s: &str, open: char, close: char) -> Option<usize> {
    let ends_here = |after: &str| {
        let a = after.trim_start();
        a.is_empty() || a.starts_with(is_closer) || operator(a).is_some()
    };
    let mut depth = 0usize;
    let mut first_close = None;
    let mut unbalanced_fit = None;
    for (i, c) in s.char_indices() {
        if c == close && (depth == 0 || open == close) {
            if ends_here(&s[i + c.len_utf8()..]) {
                return Some(i);
            }
            first_close.get_or_insert(i);
        } else if c == close {
            if ends_here(&s[i + c.len_utf8()..]) {
                unbalanced_fit.get_or_insert(i);
            }
            depth -= 1;
        } else if c == open && open != close {
            depth += 1;
        }
    }
    // Then the parser reports what follows the closer, which names the real mistake.
    first_close.or(unbalanced_fit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::syntax::parse_filter;

    fn shape(f: &Filter) -> String {
        match f {
            Filter::And(a, b) => format!("({} & {})", shape(a), shape(b)),
            Filter::Or(a, b) => format!("({} | {})", shape(a), shape(b)),
            Filter::Xor(a, b) => format!("({} ^ {})", shape(a), shape(b)),
            Filter::Not(a) => format!("!{}", shape(a)),
            Filter::Done(true) => "done".into(),
            Filter::Done(false) => "open".into(),
            Filter::Recurring => "rec".into(),
            Filter::HasTags => "tags".into(),
            other => format!("{other:?}")
                .split('(')
                .next()
                .unwrap_or("?")
                .to_string(),
        }
    }

    fn p(line: &str) -> Result<String, String> {
        let mut leaf =
            |s: &str| parse_filter(s).and_then(|f| f.ok_or_else(|| format!("unknown '{s}'")));
        parse(line, &mut leaf).map(|f| shape(&f))
    }

    #[test]
    fn operators_and_precedence() {
        assert_eq!(p("(done) AND (is recurring)").unwrap(), "(done & rec)");
        assert_eq!(
            p("(done) OR (is recurring) AND (has tags)").unwrap(),
            "(done | (rec & tags))"
        );
        assert_eq!(
            p("(done) AND (is recurring) OR (has tags)").unwrap(),
            "((done & rec) | tags)"
        );
        assert_eq!(
            p("(done) XOR (is recurring) AND (has tags)").unwrap(),
            "((done ^ rec) & tags)"
        );
        assert_eq!(p("(done) AND NOT (is recurring)").unwrap(), "(done & !rec)");
        assert_eq!(p("(done) OR NOT (is recurring)").unwrap(), "(done | !rec)");
        assert_eq!(p("NOT (done)").unwrap(), "!done");
        assert_eq!(p("NOT ((done) OR (has tags))").unwrap(), "!(done | tags)");
        assert_eq!(
            p("( (done) and (has tags) ) or (is recurring)").unwrap(),
            "((done & tags) | rec)"
        );
        assert_eq!(p("[not done] OR \"is recurring\"").unwrap(), "(open | rec)");
        assert_eq!(p("(not done)").unwrap(), "open");
    }

    #[test]
    fn delimiters_inside_filters() {
        assert!(p("(description includes (maybe)) OR (description includes (perhaps))").is_ok());
        assert!(p("[description includes (maybe)] OR [description includes (perhaps)]").is_ok());
        assert!(p("(description includes this AND that) OR (done)").is_ok());
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(p("(done) AND").unwrap_err().contains("line ends"));
        assert!(
            p("(done) ANDD (is recurring)")
                .unwrap_err()
                .contains("expected AND, OR")
        );
        assert!(p("(done").unwrap_err().contains("expected ')'"));
        assert!(p("(done))").unwrap_err().contains("unexpected ')'"));
        assert!(
            p("(done) AND (bogus)")
                .unwrap_err()
                .contains("in '(bogus)'")
        );
        assert!(p("()").unwrap_err().contains("empty"));
        assert!(
            p("(done) AND is recurring")
                .unwrap_err()
                .contains("wrapped in")
        );
    }
}
