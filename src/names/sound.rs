//! How a word sounds, as keys two spellings can share: a rough sound key for near spellings
//! (`Stephenson`/`Stefansson`) and a consonant-and-vowel skeleton for transliterations (`Dada`/`Datta`).

/// A rough sound key for one word so that `Stephenson`/`Stefansson` or `Jon`/`John` come close:
/// ph → f, c → k (s before e/i/y), z → s, y → i, a silent h dropped, doubled letters once.
pub(super) fn sound(word: &str) -> Vec<char> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mapped = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                'f'
            }
            ('c', Some('k')) => {
                i += 1;
                'k'
            }
            ('c', Some('e' | 'i' | 'y')) => 's',
            ('c', _) | ('q', _) => 'k',
            ('z', _) => 's',
            ('y', _) => 'i',
            // A silent h: after a consonant (`Thomas`), or closing a vowel (`John`, `Sarah`).
            ('h', _)
                if out
                    .last()
                    .is_some_and(|p| !is_vowel(*p) || !next.is_some_and(is_vowel)) =>
            {
                i += 1;
                continue;
            }
            (c, _) => c,
        };
        if out.last() != Some(&mapped) {
            out.push(mapped);
        }
        i += 1;
    }
    out
}

/// A word's consonants and vowel sounds, so that transliterations come together (`Dada`/`Datta`,
/// `Manish`/`Maneesh`) while a changed vowel keeps names apart (`Dana`/`Dina`): voiced and
/// voiceless pairs fold (d/t, b/p, g/k, v/f), `ph` → f, `c` → k or s, silent `h` and `w` drop,
/// doubled consonants count once; `ee`/`ea` → i, `oo`/`ou` → u, other vowel runs by their first.
pub(super) fn skeleton(word: &str) -> (Vec<char>, Vec<char>) {
    let chars: Vec<char> = word.chars().collect();
    let (mut cons, mut vowels) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if is_vowel(c) || c == 'y' {
            let mut j = i;
            while j < chars.len() && (is_vowel(chars[j]) || chars[j] == 'y') {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            vowels.push(match run.as_str() {
                "ee" | "ea" | "ie" | "y" | "ey" => 'i',
                "oo" | "ou" => 'u',
                r => r.chars().next().unwrap_or('a'),
            });
            i = j;
            continue;
        }
        let folded = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                Some('f')
            }
            ('c', Some('e' | 'i' | 'y')) => Some('s'),
            ('c' | 'q' | 'g', _) => Some('k'),
            ('d', _) => Some('t'),
            ('b', _) => Some('p'),
            ('v', _) => Some('f'),
            ('z', _) => Some('s'),
            ('h' | 'w', _) => None,
            (c, _) => Some(c),
        };
        if let Some(f) = folded
            && cons.last() != Some(&f)
        {
            cons.push(f);
        }
        i += 1;
    }
    (cons, vowels)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}
