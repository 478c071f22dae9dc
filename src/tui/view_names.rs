//! Names for the tabs of a note's ```tasks blocks when the note has several: the heading above
//! each block ("Dashboard #2" tells nothing), read from the note once and kept until it changes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The heading above each block, by note path and fence line.
#[derive(Default)]
pub struct ViewNames {
    headings: HashMap<(Arc<str>, u32), Option<String>>,
}

impl ViewNames {
    /// The heading above the block whose fence is on 1-based line `fence` of the note at `path`.
    pub fn heading(&mut self, root: &Path, path: &str, fence: u32) -> Option<String> {
        let key = (Arc::from(path), fence);
        if let Some(h) = self.headings.get(&key) {
            return h.clone();
        }
        let text = std::fs::read(root.join(path))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let h = heading_above(&text, fence);
        self.headings.insert(key, h.clone());
        h
    }

    /// The note changed: its headings are read again when next asked for.
    pub fn forget(&mut self, path: &str) {
        self.headings.retain(|(p, _), _| &**p != path);
    }
}

/// The nearest Markdown heading above line `fence` (1-based), outside frontmatter and code blocks.
pub fn heading_above(text: &str, fence: u32) -> Option<String> {
    let mut heading = None;
    let mut in_code: Option<&str> = None;
    let mut lines = text
        .lines()
        .take((fence as usize).saturating_sub(1))
        .peekable();
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        lines.next();
        for l in lines.by_ref() {
            if matches!(l.trim_end(), "---" | "...") {
                break;
            }
        }
    }
    for line in lines {
        let t = line.trim_start();
        let fence_mark = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (in_code, fence_mark) {
            (Some(open), Some(m)) if m == open => in_code = None,
            (None, Some(m)) => in_code = Some(m),
            (None, None) => {
                let level = t.bytes().take_while(|b| *b == b'#').count();
                if (1..=6).contains(&level) && t[level..].starts_with(' ') {
                    let h = t[level..].trim().trim_end_matches('#').trim();
                    if !h.is_empty() {
                        heading = Some(h.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    heading
}

#[cfg(test)]
mod tests {
    use super::heading_above;

    #[test]
    fn the_nearest_heading_outside_code_and_frontmatter() {
        let note = "---\ntitle: Dashboard\n# not a heading\n---\n# Dashboard\n\n## Overdue\n\
```tasks\nnot done\n```\n\n## This week\n```python\n# a comment\n```\n```tasks\ndue this week\n```\n";
        assert_eq!(heading_above(note, 8).as_deref(), Some("Overdue"));
        assert_eq!(heading_above(note, 16).as_deref(), Some("This week"));
        assert_eq!(heading_above(note, 5), None);
        assert_eq!(heading_above("#tag line\n```tasks\n```\n", 2), None);
    }
}
