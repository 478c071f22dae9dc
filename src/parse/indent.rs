//! CommonMark's indentation rule for list items: four columns of indent outside a list make
//! an indented code block (or paragraph text), not a task. Tracks list context line by line, without allocating.

/// Whether the lines seen so far leave us inside a list, and what the previous line was.
#[derive(Default)]
pub struct ListContext {
    in_list: bool,
    after_blank: bool,
}

/// Indent width in columns (tabs to the next multiple of 4) and whether it holds a `>`.
fn indent(line: &[u8]) -> (usize, bool) {
    let mut cols = 0;
    for &b in line {
        match b {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            b'>' => return (cols, true),
            _ => break,
        }
    }
    (cols, false)
}

fn is_list_item(rest: &[u8]) -> bool {
    let marker = match rest.first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(b'0'..=b'9') => {
            let d = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if d > 9 || !matches!(rest.get(d), Some(b'.' | b')')) {
                return false;
            }
            d + 1
        }
        _ => return false,
    };
    rest.get(marker).is_none_or(|b| matches!(b, b' ' | b'\t'))
}

impl ListContext {
    /// Feeds one ordinary Markdown line; returns whether a task on it would be a real list item.
    /// Inside a list every indented item counts as nested (what Obsidian users write); outside,
    /// an item needs less than four columns of indent.
    pub fn line(&mut self, line: &[u8], is_heading: bool) -> bool {
        let (cols, quoted) = indent(line);
        let rest = line.trim_ascii_start();
        if rest.is_empty() {
            self.after_blank = true;
            return false;
        }
        let after_blank = std::mem::replace(&mut self.after_blank, false);
        if quoted {
            // Blockquotes and callouts nest their own lists; their tasks are always items.
            return true;
        }
        if is_heading {
            self.in_list = false;
            return false;
        }
        if is_list_item(rest) && (cols < 4 || self.in_list) {
            self.in_list = true;
            return true;
        }
        // Text after a blank line with less indent than any item's content ends the list.
        if after_blank && cols < 2 {
            self.in_list = false;
        }
        false
    }

    /// A code fence line: a fence left of any item's content ends the list (it cannot be a
    /// lazy continuation line).
    pub fn fence(&mut self, line: &[u8]) {
        let (cols, quoted) = indent(line);
        if cols < 2 && !quoted {
            self.in_list = false;
        }
        self.after_blank = false;
    }
}

#[cfg(test)]
mod tests {
    use super::ListContext;

    fn items(text: &str) -> Vec<bool> {
        let mut c = ListContext::default();
        text.lines()
            .map(|l| c.line(l.as_bytes(), l.starts_with('#')))
            .collect()
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
