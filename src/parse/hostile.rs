//! Task lines that hold what no person wrote on purpose: terminal control sequences, bytes that
//! are not UTF-8, or a line too long to read. Reported by `check`; display code sanitises them anyway.

/// A task line longer than this is reported: it is almost certainly pasted data, not a task.
const LONG_LINE: usize = 64 * 1024;

/// What is wrong with the bytes of one task line, or `None` when it is plain text.
#[cfg(test)]
pub fn unreadable_text(line: &[u8]) -> Option<String> {
    unreadable_text_of(line, std::str::from_utf8(line).is_ok())
}

/// [`unreadable_text`] for a caller that has already validated the line (`utf8`: whether it is
/// UTF-8), so a task line is validated once.
pub fn unreadable_text_of(line: &[u8], utf8: bool) -> Option<String> {
    if utf8 && line.len() <= LONG_LINE && !may_hold_control(line) {
        return None;
    }
    problems(line)
}

/// Every check, on every line: what [`unreadable_text_of`] answers.
fn problems(line: &[u8]) -> Option<String> {
    let mut problems = Vec::new();
    if let Some((at, code)) = control_at(line) {
        problems.push(format!(
            "a control character (U+{code:04X}) at byte {at}: a terminal escape sequence or other \
             invisible bytes, shown as `\u{FFFD}`"
        ));
    }
    if let Err(e) = std::str::from_utf8(line) {
        problems.push(format!(
            "bytes that are not UTF-8 from byte {}, shown as `\u{FFFD}` (edits keep them as they are)",
            e.valid_up_to()
        ));
    }
    if line.len() > LONG_LINE {
        problems.push(format!(
            "{} KiB on one line; only its start is shown",
            line.len() / 1024
        ));
    }
    (!problems.is_empty()).then(|| format!("the task line holds {}", problems.join("; and ")))
}

/// A branch-free test over every byte (so it runs a word at a time) that rules out
/// [`control_at`] for nearly every line: its matches all hold a byte below 0x20 other than tab,
/// 0x7F, or the 0xC2 that starts a C1 control.
fn may_hold_control(line: &[u8]) -> bool {
    line.iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\t')) | (b == 0x7F) | (b == 0xC2)
    })
}

/// The byte offset and code point of the first C0 control (but tab), DEL, or UTF-8-encoded C1 control.
fn control_at(line: &[u8]) -> Option<(usize, u32)> {
    line.iter().enumerate().find_map(|(i, &b)| {
        if (b < 0x20 && b != b'\t') || b == 0x7F {
            return Some((i, u32::from(b)));
        }
        match line.get(i + 1) {
            Some(&n) if b == 0xC2 && (0x80..=0x9F).contains(&n) => Some((i, u32::from(n))),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{problems, unreadable_text};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_byte_test_only_skips_plain_lines(
            line in prop::collection::vec(
                prop_oneof![
                    4 => 0x20u8..0x7F,
                    1 => any::<u8>(),
                    1 => prop::sample::select(vec![0x09u8, 0x1B, 0x7F, 0xC2, 0x9B, 0x85, 0xA0]),
                ],
                0..60,
            )
        ) {
            prop_assert_eq!(unreadable_text(&line), problems(&line));
        }
    }

    #[test]
    fn plain_lines_pass() {
        assert_eq!(
            unreadable_text("- [ ] Send it 📅 2026-01-02\t#x".as_bytes()),
            None
        );
        assert_eq!(unreadable_text("- [ ] Café ’quoted’ — ok".as_bytes()), None);
    }

    #[test]
    fn escapes_invalid_bytes_and_long_lines_are_named() {
        let esc = unreadable_text(b"- [ ] evil \x1b[2J\x1b]0;pwned\x07 @Bob").expect("escape");
        assert!(esc.contains("U+001B") && esc.contains("byte 11"), "{esc}");
        let c1 = unreadable_text("- [ ] x \u{9b}31m".as_bytes()).expect("C1");
        assert!(c1.contains("U+009B"), "{c1}");
        let bad = unreadable_text(b"- [ ] caf\xe9 ok").expect("invalid UTF-8");
        assert!(bad.contains("not UTF-8 from byte 9"), "{bad}");
        let long = format!("- [ ] {}", "a".repeat(70 * 1024));
        let msg = unreadable_text(long.as_bytes()).expect("long");
        assert!(msg.contains("70 KiB"), "{msg}");
    }
}
