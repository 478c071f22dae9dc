//! The two single-byte code pages that turn UTF-8 into mojibake: Mac Roman and Windows-1252.
//! Tables only (byte ↔ char); deciding what is mojibake lives in `mojibake`, never here.

/// A code page that UTF-8 bytes were wrongly decoded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    MacRoman,
    Windows1252,
}

impl Codec {
    pub const ALL: [Codec; 2] = [Codec::MacRoman, Codec::Windows1252];

    /// The char this code page shows for `byte`.
    pub fn decode(self, byte: u8) -> char {
        match (self, byte) {
            (_, 0..=0x7F) => byte as char,
            (Codec::MacRoman, _) => MAC_ROMAN[usize::from(byte - 0x80)],
            (Codec::Windows1252, 0x80..=0x9F) => CP1252_LOW[usize::from(byte - 0x80)],
            // 0xA0..=0xFF of Windows-1252 are Latin-1.
            (Codec::Windows1252, _) => byte as char,
        }
    }

    /// The byte this code page writes for `c`, if it has one. Only bytes ≥ 0x80 matter for mojibake.
    /// A binary search over a sorted reverse table: this runs for every non-ASCII char of a note.
    pub fn encode_high(self, c: char) -> Option<u8> {
        let cp = u32::from(c);
        if !(0x80..=0xFB02).contains(&cp) {
            return None;
        }
        if self == Codec::Windows1252 && (0xA0..=0xFF).contains(&cp) {
            return Some(cp as u8);
        }
        let table: &[(char, u8)] = match self {
            Codec::MacRoman => &REVERSE.0,
            Codec::Windows1252 => &REVERSE.1,
        };
        table
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| table[i].1)
    }

    /// Decodes every byte of `bytes` as this code page: how UTF-8 text looks after the damage.
    pub fn decode_all(self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.decode(b)).collect()
    }
}

/// char → byte for both code pages (Windows-1252 only for 0x80..=0x9F), sorted by char.
type Reverse = Vec<(char, u8)>;

static REVERSE: std::sync::LazyLock<(Reverse, Reverse)> = std::sync::LazyLock::new(|| {
    let sorted = |pairs: &mut Vec<(char, u8)>| pairs.sort_unstable();
    let mut mac: Vec<(char, u8)> = (0x80..=0xFFu8)
        .map(|b| (Codec::MacRoman.decode(b), b))
        .collect();
    let mut win: Vec<(char, u8)> = (0x80..=0x9Fu8)
        .map(|b| (Codec::Windows1252.decode(b), b))
        .collect();
    sorted(&mut mac);
    sorted(&mut win);
    (mac, win)
});

/// Mac OS Roman 0x80..=0xFF (the 8.5+ mapping: 0xDB is €, 0xF0 is the Apple logo U+F8FF).
const MAC_ROMAN: [char; 128] = [
    '\u{00C4}', '\u{00C5}', '\u{00C7}', '\u{00C9}', '\u{00D1}', '\u{00D6}', '\u{00DC}', '\u{00E1}',
    '\u{00E0}', '\u{00E2}', '\u{00E4}', '\u{00E3}', '\u{00E5}', '\u{00E7}', '\u{00E9}', '\u{00E8}',
    '\u{00EA}', '\u{00EB}', '\u{00ED}', '\u{00EC}', '\u{00EE}', '\u{00EF}', '\u{00F1}', '\u{00F3}',
    '\u{00F2}', '\u{00F4}', '\u{00F6}', '\u{00F5}', '\u{00FA}', '\u{00F9}', '\u{00FB}', '\u{00FC}',
    '\u{2020}', '\u{00B0}', '\u{00A2}', '\u{00A3}', '\u{00A7}', '\u{2022}', '\u{00B6}', '\u{00DF}',
    '\u{00AE}', '\u{00A9}', '\u{2122}', '\u{00B4}', '\u{00A8}', '\u{2260}', '\u{00C6}', '\u{00D8}',
    '\u{221E}', '\u{00B1}', '\u{2264}', '\u{2265}', '\u{00A5}', '\u{00B5}', '\u{2202}', '\u{2211}',
    '\u{220F}', '\u{03C0}', '\u{222B}', '\u{00AA}', '\u{00BA}', '\u{03A9}', '\u{00E6}', '\u{00F8}',
    '\u{00BF}', '\u{00A1}', '\u{00AC}', '\u{221A}', '\u{0192}', '\u{2248}', '\u{2206}', '\u{00AB}',
    '\u{00BB}', '\u{2026}', '\u{00A0}', '\u{00C0}', '\u{00C3}', '\u{00D5}', '\u{0152}', '\u{0153}',
    '\u{2013}', '\u{2014}', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00F7}', '\u{25CA}',
    '\u{00FF}', '\u{0178}', '\u{2044}', '\u{20AC}', '\u{2039}', '\u{203A}', '\u{FB01}', '\u{FB02}',
    '\u{2021}', '\u{00B7}', '\u{201A}', '\u{201E}', '\u{2030}', '\u{00C2}', '\u{00CA}', '\u{00C1}',
    '\u{00CB}', '\u{00C8}', '\u{00CD}', '\u{00CE}', '\u{00CF}', '\u{00CC}', '\u{00D3}', '\u{00D4}',
    '\u{F8FF}', '\u{00D2}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{0131}', '\u{02C6}', '\u{02DC}',
    '\u{00AF}', '\u{02D8}', '\u{02D9}', '\u{02DA}', '\u{00B8}', '\u{02DD}', '\u{02DB}', '\u{02C7}',
];

/// Windows-1252 0x80..=0x9F as browsers decode it: the five unassigned bytes become C1 controls.
const CP1252_LOW: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

#[cfg(test)]
mod tests {
    use super::Codec;

    #[test]
    fn every_high_byte_round_trips() {
        for codec in Codec::ALL {
            for b in 0x80..=0xFFu8 {
                assert_eq!(
                    codec.encode_high(codec.decode(b)),
                    Some(b),
                    "{codec:?} {b:#x}"
                );
            }
        }
    }

    #[test]
    fn spec_examples_decode_as_written() {
        let due = "📅".as_bytes();
        assert_eq!(Codec::MacRoman.decode_all(due), "\u{F8FF}üìÖ");
        assert_eq!(Codec::MacRoman.decode_all("⏫".as_bytes()), "‚è´");
        assert_eq!(Codec::MacRoman.decode_all("🔺".as_bytes()), "\u{F8FF}üî∫");
        assert_eq!(Codec::MacRoman.decode_all("’".as_bytes()), "‚Äô");
        assert_eq!(Codec::MacRoman.decode_all("–".as_bytes()), "‚Äì");
        assert_eq!(Codec::Windows1252.decode_all("’".as_bytes()), "â€™");
        assert_eq!(Codec::Windows1252.decode_all(due), "ðŸ“…");
    }
}
