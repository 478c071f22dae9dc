//! A note's text for the detail pane and review mode: its lines (mojibake repaired, sanitised) and its summary paragraph.
//! Read when the selection moves to another note, never while drawing; never writes.

use std::path::Path;
use std::sync::Arc;
use triage::parse::mojibake::repair;
use triage::text::sanitize;

/// Notes larger than this are shown only in part: the context is for reading, not editing.
const MAX_BYTES: u64 = 4 << 20;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoteContext {
    pub path: Arc<str>,
    /// Every line, sanitised, line endings removed.
    pub lines: Vec<String>,
    /// The note's summary: the paragraph under a "Summary"-like heading, else its first paragraph.
    pub summary: Option<String>,
    /// Set when the note could not be read.
    pub error: Option<String>,
    /// How many lines held mojibake (SPEC §2.4); they are shown repaired.
    pub mojibake: usize,
}

impl NoteContext {
    pub fn read(root: &Path, path: Arc<str>) -> NoteContext {
        let full = root.join(&*path);
        let bytes = triage::vault::open_regular(&full).and_then(|(f, _)| {
            use std::io::Read;
            let mut buf = Vec::new();
            f.take(MAX_BYTES).read_to_end(&mut buf)?;
            Ok(buf)
        });
        match bytes {
            Ok(bytes) => NoteContext::from_text(path, &String::from_utf8_lossy(&bytes)),
            Err(e) => NoteContext {
                error: Some(format!("cannot read {path}: {e}")),
                path,
                ..Default::default()
            },
        }
    }

    pub fn from_text(path: Arc<str>, text: &str) -> NoteContext {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut mojibake = 0;
        // Repaired before sanitising: the invisible character of a mojibake run is part of it.
        let lines: Vec<String> = text
            .split('\n')
            .map(|l| {
                let repaired = repair(l.strip_suffix('\r').unwrap_or(l));
                mojibake += usize::from(matches!(repaired, std::borrow::Cow::Owned(_)));
                sanitize(&repaired).into_owned()
            })
            .collect();
        let summary = summary(&lines);
        NoteContext {
            path,
            lines,
            summary,
            error: None,
            mojibake,
        }
    }

    /// Up to `before` lines above and `after` below 1-based `line`, each with its number.
    pub fn around(
        &self,
        line: u32,
        before: usize,
        after: usize,
    ) -> impl Iterator<Item = (u32, &str)> {
        let at = (line as usize).saturating_sub(1);
        let start = at.saturating_sub(before);
        let end = (at + after + 1).min(self.lines.len());
        self.lines
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(move |(n, l)| ((start + n + 1) as u32, l.as_str()))
    }
}

fn body_start(lines: &[String]) -> usize {
    if lines.first().is_some_and(|l| l.trim_end() == "---") {
        for (i, l) in lines.iter().enumerate().skip(1) {
            if l.trim_end() == "---" || l.trim_end() == "..." {
                return i + 1;
            }
        }
    }
    0
}

fn is_prose(line: &str) -> bool {
    let t = line.trim_start_matches(['>', ' ']).trim();
    !t.is_empty()
        && !t.starts_with('#')
        && !t.starts_with("```")
        && !t.starts_with("~~~")
        && !t.starts_with("- ")
        && !t.starts_with("* ")
        && !t.starts_with("+ ")
        && !t.starts_with('|')
        && !t.starts_with("[!")
        && !t.starts_with("%%")
        && !t.starts_with("<!--")
}

fn paragraph_from(lines: &[String], from: usize) -> Option<String> {
    let start = (from..lines.len()).find(|&i| {
        let t = lines[i].trim();
        if t.starts_with('#') {
            return false;
        }
        is_prose(&lines[i])
    })?;
    // A heading between `from` and the paragraph means it belongs to another section.
    if lines[from..start]
        .iter()
        .any(|l| l.trim_start().starts_with('#'))
        && from > 0
    {
        return None;
    }
    let mut text = String::new();
    for l in &lines[start..] {
        if !is_prose(l) {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(l.trim_start_matches(['>', ' ']).trim());
        if text.len() > 1200 {
            break;
        }
    }
    Some(text)
}

fn summary(lines: &[String]) -> Option<String> {
    let body = body_start(lines);
    let named = lines.iter().enumerate().skip(body).find(|(_, l)| {
        let t = l.trim_start();
        t.starts_with('#') && {
            let h = t.trim_start_matches('#').trim().to_lowercase();
            ["summary", "overview", "tl;dr", "tldr", "context", "notes"]
                .iter()
                .any(|k| h.starts_with(k))
        }
    });
    if let Some((i, _)) = named
        && let Some(p) = paragraph_from(lines, i + 1)
    {
        return Some(p);
    }
    paragraph_from(lines, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\ntitle: Call\ndate: '2026-11-20'\n---\n# Call with Example Co\n\n## Summary\nWe agreed on a pilot.\nPricing is open.\n\n## Action Items\n- [?] Send it @Dana\n";

    #[test]
    fn summary_prefers_the_summary_section() {
        let c = NoteContext::from_text(Arc::from("a.md"), NOTE);
        assert_eq!(
            c.summary.as_deref(),
            Some("We agreed on a pilot. Pricing is open.")
        );
        let around: Vec<(u32, &str)> = c.around(12, 1, 1).collect();
        assert_eq!(around[0], (11, "## Action Items"));
        assert_eq!(around[1], (12, "- [?] Send it @Dana"));
    }

    #[test]
    fn first_paragraph_without_a_summary_heading_and_controls_are_stripped() {
        let c = NoteContext::from_text(
            Arc::from("a.md"),
            "# T\nFirst \u{1b}[31mline\r\nsecond\n\n- [ ] x\n",
        );
        assert_eq!(c.summary.as_deref(), Some("First \u{fffd}[31mline second"));
        assert!(
            c.lines
                .iter()
                .all(|l| !l.contains('\u{1b}') && !l.ends_with('\r'))
        );
    }
}
