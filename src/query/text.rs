//! Text matching for query filters: case-insensitive substring search and `/regex/flags`.
//! Built once at parse time so that matching a task allocates nothing on the common (ASCII) path.

use regex::{Regex, RegexBuilder};

/// A case-insensitive substring to look for.
#[derive(Clone, Debug)]
pub struct Needle {
    lower: String,
    /// Set when the needle has non-ASCII letters: then Unicode case folding is needed.
    unicode: Option<Regex>,
}

impl Needle {
    pub fn new(text: &str) -> Needle {
        let unicode = if text.is_ascii() {
            None
        } else {
            RegexBuilder::new(&regex::escape(text))
                .case_insensitive(true)
                .build()
                .ok()
        };
        Needle {
            lower: text.to_ascii_lowercase(),
            unicode,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.lower
    }

    pub fn is_in(&self, hay: &str) -> bool {
        match &self.unicode {
            Some(re) => re.is_match(hay),
            None => ascii_icontains(hay.as_bytes(), self.lower.as_bytes()),
        }
    }

    /// Whether `hay` starts with the needle, ignoring case.
    pub fn starts(&self, hay: &str) -> bool {
        match &self.unicode {
            Some(re) => re.find(hay).is_some_and(|m| m.start() == 0),
            None => {
                hay.len() >= self.lower.len()
                    && hay.as_bytes()[..self.lower.len()]
                        .eq_ignore_ascii_case(self.lower.as_bytes())
            }
        }
    }

    /// Whole-string equality, ignoring case.
    pub fn equals(&self, hay: &str) -> bool {
        match &self.unicode {
            Some(re) => re
                .find(hay)
                .is_some_and(|m| m.start() == 0 && m.end() == hay.len()),
            None => hay.eq_ignore_ascii_case(&self.lower),
        }
    }
}

/// `needle` must already be ASCII lower case.
fn ascii_icontains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let last_start = hay.len() - needle.len();
    // Short texts (most descriptions and paths): a plain scan beats setting up a vector search.
    if hay.len() < 64 {
        return (0..=last_start).any(|at| {
            hay[at].to_ascii_lowercase() == first
                && hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest)
        });
    }
    let mut from = 0;
    while from <= last_start {
        let window = &hay[from..=last_start];
        let Some(i) = memchr::memchr2(first, first.to_ascii_uppercase(), window) else {
            return false;
        };
        let at = from + i;
        if hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// A text condition: substring or regular expression.
#[derive(Clone, Debug)]
pub enum TextMatch {
    Includes(Needle),
    Regex(Regex),
}

impl TextMatch {
    pub fn is_match(&self, hay: &str) -> bool {
        match self {
            TextMatch::Includes(n) => n.is_in(hay),
            TextMatch::Regex(re) => re.is_match(hay),
        }
    }
}

/// Reads `/pattern/flags` (JavaScript style; flags `i`, `m`, `s`, `u`, `g` are accepted).
pub fn parse_regex(text: &str) -> Result<Regex, String> {
    let text = text.trim();
    let body = text.strip_prefix('/').ok_or_else(|| {
        format!(
            "expected a regular expression between slashes, like /pattern/i, but found '{text}'"
        )
    })?;
    let end = body
        .rfind('/')
        .ok_or_else(|| format!("the regular expression '{text}' has no closing '/'"))?;
    let (pattern, flags) = (&body[..end], &body[end + 1..]);
    let mut b = RegexBuilder::new(pattern);
    b.size_limit(1 << 20);
    for f in flags.chars() {
        match f {
            'i' => b.case_insensitive(true),
            'm' => b.multi_line(true),
            's' => b.dot_matches_new_line(true),
            'u' | 'g' => &mut b,
            other => {
                return Err(format!(
                    "unknown regular expression flag '{other}' (expected i, m, s or u)"
                ));
            }
        };
    }
    b.build().map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().to_string();
        format!("the regular expression '{text}' is not valid: {last}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_ignores_case() {
        let n = Needle::new("Day Planner");
        assert!(n.is_in("## Monday DAY PLANNER"));
        assert!(n.is_in("day planner for typical day"));
        assert!(!n.is_in("Day Plan"));
        assert!(Needle::new("").is_in("anything"));
        let long = format!("{}Needle at the end", "x".repeat(100));
        assert!(Needle::new("NEEDLE at").is_in(&long));
        assert!(!Needle::new("needle at the end!").is_in(&long));
        assert!(Needle::new("x").is_in("X"));
        assert!(!Needle::new("xy").is_in("x"));
        assert!(Needle::new("ÉTÉ").is_in("un été chaud"));
        assert!(!Needle::new("été").is_in("ete"));
        assert!(Needle::new("abc").starts("ABCdef"));
        assert!(!Needle::new("abc").starts("xabc"));
        assert!(Needle::new("dana reyes").equals("Dana Reyes"));
    }

    #[test]
    fn regexes_take_flags() {
        let re = parse_regex("/#book$/i").unwrap();
        assert!(re.is_match("#Book"));
        assert!(!re.is_match("#books"));
        assert!(parse_regex("/a/").unwrap().is_match("a"));
        assert!(parse_regex("book").unwrap_err().contains("between slashes"));
        assert!(parse_regex("/(/").unwrap_err().contains("not valid"));
        assert!(parse_regex("/a/x").unwrap_err().contains("flag 'x'"));
    }
}
