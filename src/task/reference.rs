//! Task references (SPEC §10): `PATH:LINE:DIGEST`, a task named by its place and its text, so
//! that an edit reaches that task even after lines moved, or is refused. Plain data, both ways.

use super::Task;

/// A reference as `list --json` prints it: the note's path, the 1-based line, and eight hex
/// digits of the line's text (FNV-1a, folded to 32 bits; the same on every platform and version).
pub fn reference(path: &str, line: u32, text: &str) -> String {
    format!("{path}:{line}:{:08x}", digest(text))
}

impl Task {
    /// This task's reference (SPEC §10).
    pub fn reference(&self) -> String {
        reference(&self.note.path, self.line, self.text())
    }
}

/// The digest of a task line's text as read (invalid bytes as replacement characters).
pub fn digest(text: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Splits a reference into path, line and digest; `None` when `spec` is not one (`PATH:LINE`, say).
pub fn parse(spec: &str) -> Option<(&str, u32, u32)> {
    let (head, hex) = spec.rsplit_once(':')?;
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (path, line) = head.rsplit_once(':')?;
    if path.is_empty() || line.is_empty() || !line.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let line = line.parse().ok().filter(|n| *n > 0)?;
    Some((path, line, u32::from_str_radix(hex, 16).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_reads_back() {
        let r = reference("a/b c.md", 12, "- [ ] Call Dana");
        assert_eq!(parse(&r), Some(("a/b c.md", 12, digest("- [ ] Call Dana"))));
        assert_ne!(digest("- [ ] Call Dana"), digest("- [ ] Call Dan"));
        // The digest is pinned: refs printed by one version are read by the next.
        assert_eq!(digest(""), 0xcbf29ce4 ^ 0x84222325);
    }

    #[test]
    fn path_line_is_not_a_reference() {
        assert_eq!(parse("a.md:12"), None);
        assert_eq!(parse("a.md:12345678"), None);
        assert_eq!(parse("x:1.md:12345678"), None);
        assert_eq!(parse(":3:12345678"), None);
        assert_eq!(parse("a.md:0:12345678"), None);
        assert_eq!(parse("a.md:3:1234567g"), None);
        assert_eq!(parse("a:b.md:3:0000abcd"), Some(("a:b.md", 3, 0xabcd)));
    }
}
