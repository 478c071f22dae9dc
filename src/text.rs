//! Display-safe text: note content with every control character (ESC, BEL, C1, …) replaced.
//! Anything that shows note text on a terminal passes it through here first; it never alters files.

use std::borrow::Cow;

/// Replaces control characters (C0 but tab, DEL, C1) and bidi overrides with `�`; tabs become a space.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(shown).collect())
}

/// How one character is shown: control characters and bidi overrides as `�`, a tab as a space.
/// For callers that cut text to a width and so must stop before reading all of it.
pub fn shown(c: char) -> char {
    match c {
        '\t' => ' ',
        c if needs_replacing(c) => '\u{FFFD}',
        c => c,
    }
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Writes `value` as JSON with every character that a terminal could act on escaped as `\uXXXX`:
/// serde escapes C0 controls, and this adds DEL, C1 controls and bidi overrides (U+061C,
/// U+200E–F, U+202A–E, U+2066–9), so that `list --json` piped to a terminal is inert too.
pub fn write_json<W: std::io::Write, T: serde::Serialize + ?Sized>(
    mut out: W,
    value: &T,
    pretty: bool,
) -> std::io::Result<()> {
    let bytes = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .map_err(std::io::Error::other)?;
    out.write_all(&escape_json_controls(bytes))
}

/// The same JSON with the characters of [`write_json`] escaped. Outside strings JSON holds only
/// ASCII punctuation, digits and words, so every such character is inside a string.
pub fn escape_json_controls(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    if !text.chars().any(json_unsafe) {
        return bytes;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if json_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into_bytes()
}

fn json_unsafe(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn json_never_carries_terminal_controls() {
        let hostile = "a\u{7f}b\u{9b}31m\u{202e}c\u{1b}[2J \u{2067}";
        let mut out = Vec::new();
        super::write_json(&mut out, &serde_json::json!({ "d": hostile }), false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() || super::json_unsafe(c)),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["d"], hostile);
    }

    #[test]
    fn escape_sequences_never_pass() {
        let hostile = "ok \u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m end\u{202e}";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(|c| c.is_control()));
        assert!(!clean.contains('\u{202e}'));
        assert!(clean.starts_with("ok "));
        assert!(clean.contains("end"));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            sanitize("Send the brief 📅"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(sanitize("a\tb"), "a b");
    }
}
