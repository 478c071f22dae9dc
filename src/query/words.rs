//! The words of one instruction: keywords compared in lower case, values kept as written.
//! Only splits on whitespace; it never interprets what the words mean.

/// An instruction split into words, with a lower-case copy for keyword matching.
pub struct Words {
    lower: String,
    /// Byte ranges of each word in `lower`.
    spans: Vec<(usize, usize)>,
}

impl Words {
    pub fn new(line: &str) -> Words {
        let mut lower = String::with_capacity(line.len());
        let mut spans = Vec::new();
        for word in line.split_whitespace() {
            if !lower.is_empty() {
                lower.push(' ');
            }
            let start = lower.len();
            lower.push_str(&word.to_lowercase());
            spans.push((start, lower.len()));
        }
        Words { lower, spans }
    }

    /// The whole instruction in lower case, words joined by single spaces.
    pub fn lower(&self) -> &str {
        &self.lower
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The `i`th word in lower case, or `""` past the end.
    pub fn word(&self, i: usize) -> &str {
        self.spans.get(i).map_or("", |&(a, b)| &self.lower[a..b])
    }

    /// Lower-case words from the `i`th on.
    pub fn from(&self, i: usize) -> &str {
        self.spans.get(i).map_or("", |&(a, _)| &self.lower[a..])
    }
}

/// The original text after the first `n` words, with leading whitespace removed.
pub fn rest_after(line: &str, n: usize) -> &str {
    let mut rest = line.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_rest() {
        let w = Words::new("  Description   INCLUDES Day Planner ");
        assert_eq!(w.lower(), "description includes day planner");
        assert_eq!(w.word(1), "includes");
        assert_eq!(w.word(9), "");
        assert_eq!(w.len(), 4);
        assert_eq!(w.from(2), "day planner");
        assert_eq!(
            rest_after("  Description   INCLUDES Day Planner ", 2),
            "Day Planner "
        );
        assert_eq!(rest_after("done", 3), "");
    }
}
