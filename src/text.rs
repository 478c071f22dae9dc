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

#[cfg(test)]
mod tests {
    use super::sanitize;

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
