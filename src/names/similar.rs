//! When two spellings likely name the same person or account: equal up to case, accents,
//! punctuation or spacing; one's words within the other's; or a small edit distance. Pure string logic.

use super::sound::{skeleton, sound};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Why two spellings were grouped, from the surest to the loosest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Case,
    Accents,
    Punctuation,
    CompanySuffix,
    WordOrder,
    Spelling,
    Sound,
    FewerWords,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::Case => "case",
            Reason::Accents => "accents",
            Reason::Punctuation => "punctuation or spacing",
            Reason::CompanySuffix => "company suffix",
            Reason::WordOrder => "word order",
            Reason::FewerWords => "fewer or shortened words",
            Reason::Spelling => "similar spelling",
            Reason::Sound => "sounds alike",
        }
    }
}

/// How two spellings relate. `Within` is one-sided and loose (`Jon` within `Jon Stefansson` and
/// within `Jon Smith` alike), so the caller only follows it when it points to one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Same(Reason),
    /// The first name's words are all found (whole, as an initial, or as a prefix) in the second's.
    Within,
}

/// A spelling prepared for comparison.
#[derive(Clone, Debug)]
pub struct Folded {
    lower: String,
    plain: String,
    /// Letters and digits only, words split on anything else.
    words: Vec<String>,
    /// `words` without company suffixes (accounts only; the same as `words` for people).
    core: Vec<String>,
    /// `core` sorted, to see a change of word order.
    sorted: Vec<String>,
    key: String,
    sounds: Vec<Vec<char>>,
    /// Per word: its consonants and its vowels, each folded to how they sound (see [`skeleton`]).
    skeletons: Vec<(Vec<char>, Vec<char>)>,
    /// A hash of all of `skeletons`: names that sound alike share it, so most pairs are told
    /// apart by one comparison.
    skeleton_key: u64,
}

const COMPANY_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "bv",
    "nv",
    "ab",
    "as",
    "oy",
    "srl",
    "spa",
    "pty",
    "kk",
    "group",
    "the",
];

impl Folded {
    pub fn new(name: &str, company: bool) -> Folded {
        let lower = name.trim().to_lowercase();
        let plain = strip_accents(&lower);
        let words: Vec<String> = plain
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut core: Vec<String> = if company {
            words
                .iter()
                .filter(|w| !COMPANY_SUFFIXES.contains(&w.as_str()))
                .cloned()
                .collect()
        } else {
            words.clone()
        };
        if core.is_empty() {
            core = words.clone();
        }
        let sounds = core.iter().map(|w| sound(w)).collect();
        let skeletons: Vec<(Vec<char>, Vec<char>)> = core.iter().map(|w| skeleton(w)).collect();
        let skeleton_key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            skeletons.hash(&mut h);
            h.finish()
        };
        let mut sorted = core.clone();
        sorted.sort();
        Folded {
            lower,
            plain,
            key: words.concat(),
            words,
            core,
            sorted,
            sounds,
            skeletons,
            skeleton_key,
        }
    }

    /// The key two spellings share when they differ only by case, accents, punctuation or spacing.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Lower case, accents removed (`Jón Stefánsson` → `jon stefansson`), and letters that have no
/// decomposition (ø, ł, æ, ß, þ, ð) written the way an English keyboard would.
pub fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out
}

/// Same number of words, and each pair either equal or, from four letters on, alike by
/// [`skeleton`].
fn sounds_alike(a: &Folded, b: &Folded) -> bool {
    // Equal words have equal skeletons: names that differ in the whole key cannot qualify.
    if a.skeleton_key != b.skeleton_key
        || a.core.len() != b.core.len()
        || a.core.is_empty()
        || a.core == b.core
    {
        return false;
    }
    a.core
        .iter()
        .zip(&b.core)
        .zip(a.skeletons.iter().zip(&b.skeletons))
        .all(|((wa, wb), (sa, sb))| {
            wa == wb || (wa.chars().count() >= 4 && wb.chars().count() >= 4 && sa == sb)
        })
}

/// How `a` relates to `b`, if they likely name the same one. Checks the surest reasons first.
pub fn relate(a: &Folded, b: &Folded) -> Option<Relation> {
    if a.lower == b.lower {
        return Some(Relation::Same(Reason::Case));
    }
    if a.plain == b.plain {
        return Some(Relation::Same(Reason::Accents));
    }
    if a.key == b.key && !a.words.is_empty() {
        return Some(Relation::Same(Reason::Punctuation));
    }
    if a.core == b.core {
        return Some(Relation::Same(Reason::CompanySuffix));
    }
    if a.core.len() > 1 && a.sorted == b.sorted {
        return Some(Relation::Same(Reason::WordOrder));
    }
    if similar_spelling(a, b) {
        return Some(Relation::Same(Reason::Spelling));
    }
    if sounds_alike(a, b) {
        return Some(Relation::Same(Reason::Sound));
    }
    if within(&a.core, &b.core) {
        return Some(Relation::Within);
    }
    None
}

/// Whether all of `a`'s words are found in `b`'s (the one-sided test of [`relate`], for the other order).
pub fn is_within(a: &Folded, b: &Folded) -> bool {
    within(&a.core, &b.core)
}

/// Same number of words, each pair within an edit distance that grows with the word's length
/// (none up to 4 letters, 1 up to 8, 2 beyond), and at most 2 edits in all. Compared on sound keys.
fn similar_spelling(a: &Folded, b: &Folded) -> bool {
    if a.sounds.len() != b.sounds.len() || a.sounds.is_empty() {
        return false;
    }
    let mut total = 0;
    for ((sa, sb), (wa, wb)) in a
        .sounds
        .iter()
        .zip(&b.sounds)
        .zip(a.core.iter().zip(&b.core))
    {
        let len = wa.chars().count().min(wb.chars().count());
        let allowed = match len {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        if sa.len().abs_diff(sb.len()) > allowed {
            return false;
        }
        // Most pairs are unrelated: settle the cheap cases without the full distance table.
        let d = match allowed {
            0 if sa == sb => 0,
            0 => return false,
            1 => match within_one_edit(sa, sb) {
                Some(d) => d,
                None => return false,
            },
            _ => damerau_levenshtein(sa, sb),
        };
        if d > allowed {
            return false;
        }
        total += d;
    }
    total <= 2
}

/// The distance between `a` and `b` when it is 0 or 1 (one substitution, insertion, deletion or
/// adjacent transposition), else `None`.
fn within_one_edit(a: &[char], b: &[char]) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let pre = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let same = |x: &[char], y: &[char]| x == y;
    let one = if short.len() == long.len() {
        same(&short[pre + 1..], &long[pre + 1..])
            || (pre + 1 < short.len()
                && short[pre] == long[pre + 1]
                && short[pre + 1] == long[pre]
                && same(&short[pre + 2..], &long[pre + 2..]))
    } else {
        long.len() == short.len() + 1 && same(&short[pre..], &long[pre + 1..])
    };
    one.then_some(1)
}

/// Every word of `a` matches a different word of `b`: whole, as an initial (`J` for `Jon`), or as a
/// prefix of at least 3 letters (`Corp` for `Corporation`); and `a` is not simply `b`.
fn within(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || a.len() > b.len() || a == b {
        return false;
    }
    if b.len() > 64 {
        return false;
    }
    let mut used: u64 = 0;
    for w in a {
        let found = b.iter().enumerate().position(|(i, v)| {
            used & (1 << i) == 0
                && (v == w
                    || (w.chars().count() == 1 && v.starts_with(w.as_str()))
                    || (w.chars().count() >= 3 && v.starts_with(w.as_str())))
        });
        match found {
            Some(i) => used |= 1 << i,
            None => return false,
        }
    }
    true
}

/// The optimal-string-alignment form of the Damerau-Levenshtein distance (adjacent transpositions
/// count as one edit).
pub fn damerau_levenshtein(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: &str, b: &str) -> Option<Relation> {
        relate(&Folded::new(a, false), &Folded::new(b, false))
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distance() {
        assert_eq!(damerau_levenshtein(&chars("abc"), &chars("abc")), 0);
        assert_eq!(damerau_levenshtein(&chars("abc"), &chars("acb")), 1);
        assert_eq!(damerau_levenshtein(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(damerau_levenshtein(&chars(""), &chars("abc")), 3);
    }

    #[test]
    fn one_edit_shortcut_agrees_with_the_full_distance() {
        let words = [
            "stefanson",
            "stefenson",
            "stefansson",
            "tsefanson",
            "stefanso",
            "xstefanson",
            "stfeanson",
            "a",
            "",
            "ab",
            "ba",
        ];
        for a in words {
            for b in words {
                let full = damerau_levenshtein(&chars(a), &chars(b));
                let quick = within_one_edit(&chars(a), &chars(b));
                assert_eq!(quick, (full <= 1).then_some(full), "{a} / {b}");
            }
        }
    }

    #[test]
    fn exact_variants() {
        assert_eq!(
            rel("jon stefansson", "Jon Stefansson"),
            Some(Relation::Same(Reason::Case))
        );
        assert_eq!(
            rel("Jón Stefánsson", "Jon Stefansson"),
            Some(Relation::Same(Reason::Accents))
        );
        assert_eq!(
            rel("Jon-Stefansson", "Jon Stefansson"),
            Some(Relation::Same(Reason::Punctuation))
        );
        assert_eq!(rel("Søren", "Soren"), Some(Relation::Same(Reason::Accents)));
        assert_eq!(
            rel("Stefansson Jon", "Jon Stefansson"),
            Some(Relation::Same(Reason::WordOrder))
        );
    }

    #[test]
    fn spelling_variants() {
        assert_eq!(
            rel("Jon Stephenson", "Jon Stefansson"),
            Some(Relation::Same(Reason::Spelling))
        );
        assert_eq!(
            rel("Stephenson", "Stefansson"),
            Some(Relation::Same(Reason::Spelling))
        );
        assert_eq!(rel("John", "Jon"), Some(Relation::Same(Reason::Spelling)));
        assert_eq!(
            rel("Dana Reyez", "Dana Reyes"),
            Some(Relation::Same(Reason::Spelling))
        );
    }

    #[test]
    fn different_short_names_stay_apart() {
        for (a, b) in [
            ("Mark", "Mary"),
            ("Sam", "Pam"),
            ("Dana", "Dina"),
            ("Jane", "June"),
            ("Mark Smith", "Mary Smith"),
            ("Ann Lee", "Ben Lee"),
            ("Sam Okafor", "Dana Reyes"),
            ("Dana Reyes", "Dina Reyes"),
            ("Kushal Dada", "Kushal Shah"),
            ("Sam Okafor", "Sam Lee"),
            ("Marta", "Marco"),
        ] {
            assert_eq!(rel(a, b), None, "{a} / {b}");
        }
    }

    #[test]
    fn transliterations_sound_alike() {
        assert_eq!(
            rel("Kushal Dada", "Kushal Datta"),
            Some(Relation::Same(Reason::Sound))
        );
        assert_eq!(rel("Dada", "Datta"), Some(Relation::Same(Reason::Sound)));
        for (a, b) in [("Manish Sah", "Maneesh Sah"), ("Manish", "Maneesh")] {
            assert!(
                matches!(
                    rel(a, b),
                    Some(Relation::Same(Reason::Spelling | Reason::Sound))
                ),
                "{a} / {b}"
            );
        }
    }

    #[test]
    fn fewer_words_is_one_sided() {
        assert_eq!(rel("Jon", "Jon Stefansson"), Some(Relation::Within));
        assert_eq!(
            rel("J. Stefansson", "Jon Stefansson"),
            Some(Relation::Within)
        );
        assert_eq!(rel("Jon Stefansson", "Jon"), None);
        assert_eq!(rel("Jo", "Jon Stefansson"), None);
    }

    #[test]
    fn company_suffixes_count_for_accounts_only() {
        let acme_inc = Folded::new("Acme Inc.", true);
        let acme_corp = Folded::new("ACME Corp", true);
        assert_eq!(
            relate(&acme_inc, &acme_corp),
            Some(Relation::Same(Reason::CompanySuffix))
        );
        assert_eq!(rel("Acme Inc.", "ACME Corp"), None);
        assert_eq!(
            relate(
                &Folded::new("Acme Corp", true),
                &Folded::new("Acme Corporation", true)
            ),
            Some(Relation::Same(Reason::CompanySuffix))
        );
    }
}
