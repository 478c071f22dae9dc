//! Text order as Obsidian Tasks sorts it (`localeCompare` with `numeric: true`): case- and
//! accent-insensitive first, numbers by value (`Item 9` < `Item 10`), punctuation before digits
//! before letters; ties go lower case first, then plain before accented, then by bytes.
//!
//! Small crates were considered: `natord` compares by code point (so `_`, `{` and accented
//! letters land apart from where Obsidian puts them) and `icu_collator` brings megabytes of
//! locale data for one comparison. This is the root-locale order for the text a vault holds.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

/// One comparable unit of text.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    /// Whitespace, punctuation and symbols (class 0), by folded character.
    Mark(char),
    /// A run of digits (class 1): by value, i.e. by length without leading zeros, then digits.
    Number(usize, u64),
    /// Letters and everything else (class 2), by folded character.
    Letter(char),
}

/// The collation order of `a` and `b` (see the module's documentation).
pub fn cmp_natural(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    // A shared start counts the same on both sides: compare from where they part (backing up to
    // the start of a number, which counts as a whole). Paths of one vault share long starts.
    let mut cut = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while cut > 0 && (!a.is_char_boundary(cut) || a.as_bytes()[cut - 1].is_ascii_digit()) {
        cut -= 1;
    }
    let (a, b) = (&a[cut..], &b[cut..]);
    primary(a, b)
        .then_with(|| accents(a, b))
        .then_with(|| case(a, b))
        .then_with(|| a.cmp(b))
}

fn primary(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (unit(&mut x), unit(&mut y)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(u), Some(v)) => match u.cmp(&v) {
                Ordering::Equal => {}
                other => return other,
            },
        }
    }
}

fn unit(it: &mut Peekable<Chars<'_>>) -> Option<Unit> {
    let c = it.next()?;
    if c.is_ascii_digit() {
        // Digits past what fits in a u64 still compare by their count first, then by their head.
        let mut value = u64::from(c as u8 - b'0');
        let mut len = usize::from(value != 0);
        while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit()) {
            it.next();
            let digit = u64::from(d as u8 - b'0');
            if len == 0 && digit == 0 {
                continue;
            }
            len += 1;
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit))
                .unwrap_or(u64::MAX);
        }
        return Some(Unit::Number(len, value));
    }
    let folded = fold(c);
    Some(if folded.is_alphanumeric() {
        Unit::Letter(folded)
    } else {
        Unit::Mark(folded)
    })
}

/// The character without case or accent.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut base = c;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base == c {
            base = d;
        }
    });
    base.to_lowercase().next().unwrap_or(base)
}

/// Plain before accented, at the first character where they differ.
fn accents(a: &str, b: &str) -> Ordering {
    let accented = |c: char| !c.is_ascii() && fold(c) != c.to_lowercase().next().unwrap_or(c);
    a.chars().map(accented).cmp(b.chars().map(accented))
}

/// Lower case before upper case, at the first character where they differ.
fn case(a: &str, b: &str) -> Ordering {
    a.chars()
        .map(char::is_uppercase)
        .cmp(b.chars().map(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(items: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| cmp_natural(a, b));
        v
    }

    #[test]
    fn as_obsidian_tasks_sorts_text() {
        assert_eq!(
            sorted(&["C.md", "_inbox.md", "b.md"]),
            ["_inbox.md", "b.md", "C.md"]
        );
        assert_eq!(
            sorted(&["Item 10", "Item 9", "item 1", "Item 09b"]),
            ["item 1", "Item 9", "Item 09b", "Item 10"]
        );
        assert_eq!(
            sorted(&["éclair", "Eclair", "eclair", "ecole"]),
            ["eclair", "Eclair", "éclair", "ecole"]
        );
        assert_eq!(sorted(&["b", "#a", "2", "10"]), ["#a", "2", "10", "b"]);
        assert_eq!(sorted(&["a", "", "A b"]), ["", "a", "A b"]);
        assert_eq!(cmp_natural("x", "x"), Ordering::Equal);
        // Huge numbers neither overflow nor compare equal to smaller ones.
        let big = "9".repeat(40);
        assert_eq!(cmp_natural(&big, "12"), Ordering::Greater);
    }
}
