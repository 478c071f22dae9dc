//! Adding one whole line to a note (capture) and taking it away again (its undo), byte for byte:
//! the rest of the note, its line endings, BOM and a missing final newline are kept as they were.

use super::EditError;
use super::journal::{Side, Text};
use super::line_number;
use super::lines::{ending_for, split_lines};

/// A line added to a note: its 1-based number afterwards and its text (SPEC §12).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Added {
    pub line: u32,
    pub text: Text,
}

/// `bytes` with `text` as a new line at 0-based `index` (at most the number of lines: the end).
pub(crate) fn insert_line(bytes: &[u8], index: usize, text: &[u8]) -> Vec<u8> {
    let lines = split_lines(bytes);
    let mut out = Vec::with_capacity(bytes.len() + text.len() + 2);
    if let Some(at) = lines.get(index) {
        out.extend_from_slice(&bytes[..at.start]);
        out.extend_from_slice(text);
        out.extend_from_slice(&ending_for(bytes, &lines, index));
        out.extend_from_slice(&bytes[at.start..]);
        return out;
    }
    out.extend_from_slice(bytes);
    match lines.last() {
        // The note does not end with a newline: the new line is its last, without one either.
        Some(last) if last.next == last.end => {
            out.extend_from_slice(&ending_for(bytes, &lines, lines.len() - 1));
            out.extend_from_slice(text);
        }
        Some(_) => {
            out.extend_from_slice(text);
            out.extend_from_slice(&ending_for(bytes, &lines, lines.len() - 1));
        }
        None => {
            out.extend_from_slice(text);
            out.push(b'\n');
        }
    }
    out
}

/// `bytes` without the line at 0-based `index`: the exact inverse of [`insert_line`].
fn remove_line(bytes: &[u8], index: usize) -> Vec<u8> {
    let lines = split_lines(bytes);
    let l = lines[index];
    let range = if l.next > l.end || index == 0 {
        l.start..l.next
    } else {
        lines[index - 1].end..l.end
    };
    let mut out = bytes[..range.start].to_vec();
    out.extend_from_slice(&bytes[range.end..]);
    out
}

/// Where a captured line goes: after the last non-blank line of the section under the heading
/// named `heading` (any level, outside code), or `None` when the note has no such heading.
pub(crate) fn under_heading(bytes: &[u8], heading: &str) -> Option<usize> {
    let lines = split_lines(bytes);
    let want = heading.trim().trim_start_matches('#').trim();
    let mut fence: Option<&[u8]> = None;
    let mut found: Option<(usize, usize)> = None;
    let mut last_filled = 0;
    // Frontmatter holds YAML, whose `# comments` are not headings.
    let mut in_front = lines
        .first()
        .is_some_and(|l| bytes[l.start..l.end].trim_ascii_end() == b"---");
    for (i, l) in lines.iter().enumerate() {
        let text = &bytes[l.start..l.end];
        if in_front {
            in_front = i == 0 || text.trim_ascii_end() != b"---";
            last_filled = i;
            continue;
        }
        let trimmed = text.trim_ascii();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            last_filled = i;
            continue;
        }
        if trimmed.starts_with(b"```") || trimmed.starts_with(b"~~~") {
            fence = Some(&trimmed[..3]);
            last_filled = i;
            continue;
        }
        if let Some(level) = heading_level(text) {
            if let Some((_, at_level)) = found
                && level <= at_level
            {
                return Some(last_filled + 1);
            }
            let title = String::from_utf8_lossy(&text[level..]);
            if found.is_none() && title.trim().eq_ignore_ascii_case(want) {
                found = Some((i, level));
            }
        }
        if !trimmed.is_empty() {
            last_filled = i;
        }
    }
    found.map(|_| last_filled + 1)
}

/// The level of an ATX heading line (`## Title`), if it is one.
fn heading_level(text: &[u8]) -> Option<usize> {
    let n = text.iter().take_while(|b| **b == b'#').count();
    ((1..=6).contains(&n) && matches!(text.get(n), Some(b' ' | b'\t') | None)).then_some(n)
}

/// The journalled add taken back (`from` is [`Side::After`]: the line is removed) or made again
/// (`Side::Before`: inserted at its number). Returns the new bytes, the line and its text.
pub(crate) fn splice(
    bytes: &[u8],
    path: &str,
    added: &Added,
    from: Side,
) -> Result<(Vec<u8>, u32, Vec<u8>), EditError> {
    let text = added
        .text
        .to_bytes()
        .ok_or_else(|| EditError::UndoConflict {
            path: path.to_string(),
            line: added.line,
            why: "its journal record is damaged".into(),
        })?;
    let lines = split_lines(bytes);
    let n = added.line as usize;
    if from == Side::Before {
        let index = n.saturating_sub(1).min(lines.len());
        return Ok((insert_line(bytes, index, &text), line_number(index), text));
    }
    let reads = |i: usize| bytes[lines[i].start..lines[i].end] == text[..];
    let index = if n >= 1 && n <= lines.len() && reads(n - 1) {
        n - 1
    } else {
        let hits: Vec<usize> = (0..lines.len()).filter(|i| reads(*i)).collect();
        match hits.as_slice() {
            [one] => *one,
            [] => {
                return Err(EditError::UndoConflict {
                    path: path.to_string(),
                    line: added.line,
                    why: "the added task was changed or removed since".into(),
                });
            }
            _ => {
                return Err(EditError::UndoConflict {
                    path: path.to_string(),
                    line: added.line,
                    why: "the added task moved and several lines read the same; not guessing"
                        .into(),
                });
            }
        }
    };
    Ok((remove_line(bytes, index), line_number(index), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_and_remove_are_inverse() {
        let notes: [&[u8]; 6] = [b"", b"\xEF\xBB\xBF", b"a\r\nb\r\n", b"a\nb", b"a\n", b"x"];
        for note in notes {
            let n = split_lines(note).len();
            for i in 0..=n {
                let with = insert_line(note, i, b"- [ ] t");
                let lines = split_lines(&with);
                assert_eq!(
                    &with[lines[i].start..lines[i].end],
                    b"- [ ] t",
                    "{note:?} {i}"
                );
                assert_eq!(remove_line(&with, i), note, "{note:?} {i}");
            }
        }
        assert_eq!(insert_line(b"a\r\nb", 2, b"t"), b"a\r\nb\r\nt");
    }

    #[test]
    fn the_heading_section_ends_before_blank_lines_and_the_next_heading() {
        let note = b"# Day\n## Inbox\n- [ ] a\n\n## Notes\ntext\n";
        assert_eq!(under_heading(note, "inbox"), Some(3));
        assert_eq!(under_heading(note, "## Notes"), Some(6));
        assert_eq!(under_heading(b"## Inbox\n", "Inbox"), Some(1));
        assert_eq!(under_heading(b"```\n## Inbox\n```\n", "Inbox"), None);
        assert_eq!(under_heading(note, "Missing"), None);
        assert_eq!(under_heading(b"---\n# Inbox\n---\n", "Inbox"), None);
        assert_eq!(
            under_heading(b"---\na: 1\n---\n# Inbox\n", "Inbox"),
            Some(4)
        );
    }
}
