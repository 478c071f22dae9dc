//! Lower-case search text kept back to back in one buffer, and the byte masks that let a filter
//! skip most of it. Pure functions over bytes; nothing here knows about tasks or the screen.

use std::collections::HashMap;

/// Newline-separated lower-case strings; string `i` ends at `ends[i]` (the newline follows).
/// Words never hold a newline, so a match can never span two strings.
#[derive(Debug, Default)]
pub struct Haystack {
    buf: String,
    ends: Vec<u32>,
}

impl Haystack {
    pub fn push(&mut self, s: &str) -> u32 {
        push_lower(&mut self.buf, s);
        self.ends.push(self.buf.len() as u32);
        self.buf.push('\n');
        self.ends.len() as u32 - 1
    }

    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
        &self.buf.as_bytes()[start..self.ends[i] as usize]
    }

    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    /// Which strings hold `word`, in one pass over the buffer.
    pub fn hits(&self, word: &[u8]) -> Vec<bool> {
        hits_in(self.buf.as_bytes(), &self.ends, word)
    }
}

/// Distinct names (owners, accounts, note titles) as ids into a haystack of their own.
#[derive(Debug, Default)]
pub struct Names {
    pub hay: Haystack,
    ids: HashMap<Box<str>, u32>,
}

impl Names {
    pub fn id(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else {
            return super::store::NONE;
        };
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.hay.push(name);
        self.ids.insert(name.into(), id);
        id
    }

    pub fn clear(&mut self) {
        self.hay.clear();
        self.ids.clear();
    }
}

/// One pass: after a hit the search goes on from the next string.
fn hits_in(buf: &[u8], ends: &[u32], word: &[u8]) -> Vec<bool> {
    let mut hits = vec![word.is_empty(); ends.len()];
    if word.is_empty() {
        return hits;
    }
    let finder = memchr::memmem::Finder::new(word);
    let mut pos = 0;
    let mut i = 0;
    while pos < buf.len()
        && let Some(off) = finder.find(&buf[pos..])
    {
        let at = pos + off;
        i = next_end(ends, i, at);
        let Some(h) = hits.get_mut(i) else { break };
        *h = true;
        pos = ends[i] as usize + 1;
    }
    hits
}

/// The first `j >= i` with `ends[j] > at`: galloping, since the next hit is usually close by.
fn next_end(ends: &[u32], i: usize, at: usize) -> usize {
    let mut step = 1;
    let mut lo = i;
    while lo + step < ends.len() && (ends[lo + step] as usize) <= at {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step + 1).min(ends.len());
    lo + ends[lo..hi].partition_point(|&e| (e as usize) <= at)
}

/// A 64-bit summary of which bytes a text holds: letters and digits get a bit each (exact), every
/// other byte shares the bits by its value (a necessary condition only).
pub fn byte_mask(text: &[u8]) -> u64 {
    text.iter().fold(0u64, |m, &b| m | byte_bit(b))
}

pub fn byte_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 1 << (36 + b % 28),
    }
}

/// Whether a byte's bit in [`byte_mask`] stands for that byte alone.
pub fn exact_bit(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_hits_never_span_two_strings() {
        let mut h = Haystack::default();
        for s in ["Send the pricing", "book a room", "", "call PRICING desk"] {
            h.push(s);
        }
        assert_eq!(h.hits(b"pricing"), vec![true, false, false, true]);
        assert_eq!(h.hits(b"groom"), vec![false; 4]);
        // "ng b" would span "pricing" and "book" only through the newline, which words never hold.
        assert_eq!(h.hits(b"ng b"), vec![false; 4]);
        assert_eq!(h.hits(b"k"), vec![false, true, false, true]);
        assert_eq!(h.get(3), b"call pricing desk");
        let many: Vec<u32> = (1..=1000).map(|i| i * 10).collect();
        for at in [0, 9, 10, 11, 5000, 9999] {
            for i in [0, 3, 400] {
                let expect = i + many[i..].partition_point(|&e| (e as usize) <= at);
                assert_eq!(next_end(&many, i, at), expect, "i {i} at {at}");
            }
        }
    }

    #[test]
    fn byte_masks_are_exact_for_letters_and_digits() {
        let m = byte_mask(b"send 3 decks!");
        assert!(m & byte_bit(b's') != 0 && m & byte_bit(b'3') != 0 && m & byte_bit(b'!') != 0);
        assert!(m & byte_bit(b'z') == 0 && m & byte_bit(b'7') == 0);
        assert!(exact_bit(b'q') && !exact_bit(b'-'));
    }

    #[test]
    fn names_are_interned_once() {
        let mut n = Names::default();
        let a = n.id(Some("Dana Reyes"));
        assert_eq!(n.id(Some("Dana Reyes")), a);
        assert_ne!(n.id(Some("Sam")), a);
        assert_eq!(n.id(None), super::super::store::NONE);
        assert_eq!(n.hay.get(a as usize), b"dana reyes");
    }
}
