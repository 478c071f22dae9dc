//! Hostile notes: deep quotes and lists, fence storms, bracket and symbol floods, invalid UTF-8.
//! Each must parse without a panic, in time linear in its size, and keep the tasks around it.

use std::sync::Arc;
use std::time::{Duration, Instant};
use triage::Config;
use triage::parse::parse_note;
use triage::task::ParsedNote;

fn note(bytes: &[u8]) -> ParsedNote {
    parse_note(Arc::from("n.md"), bytes, &Config::default())
}

/// Parses `make(n)` and `make(4 * n)`; quadratic work would take about 16 times as long.
fn linear(name: &str, n: usize, make: impl Fn(usize) -> Vec<u8>) {
    let parsed = timed(name, n, make);
    // The neighbour task after the hostile part is still read.
    let last = parsed.tasks.last().map(|t| t.text());
    assert_eq!(last, Some("- [ ] neighbour"), "{name}");
}

fn timed(name: &str, n: usize, make: impl Fn(usize) -> Vec<u8>) -> ParsedNote {
    let time = |bytes: &[u8]| {
        let start = Instant::now();
        let parsed = note(bytes);
        (start.elapsed(), parsed)
    };
    let small = make(n);
    let large = make(4 * n);
    let (t1, _) = time(&small);
    let (t4, parsed) = time(&large);
    let floor = Duration::from_millis(40);
    assert!(
        t4 <= t1.max(floor) * 10,
        "{name}: {} bytes took {t1:?}, {} bytes took {t4:?}",
        small.len(),
        large.len()
    );
    parsed
}

fn with_neighbour(mut body: Vec<u8>) -> Vec<u8> {
    body.extend_from_slice(b"\n\n- [ ] neighbour\n");
    body
}

#[test]
fn deep_quotes() {
    linear("one deep quote line", 50_000, |n| {
        let mut b = vec![b'>'; n];
        b.extend_from_slice(b" - [ ] deep");
        with_neighbour(b)
    });
    linear("quotes getting deeper", 300, |n| {
        let mut b = Vec::new();
        for i in 0..n {
            b.extend(std::iter::repeat_n(b'>', i % 200));
            b.extend_from_slice(b" - [ ] q\n");
        }
        with_neighbour(b)
    });
    let n = note(b">>>>>>>>>> - [ ] ten deep\n");
    assert_eq!(n.tasks.len(), 1);
}

#[test]
fn deep_lists() {
    linear("list nesting past the tracked depth", 250, |n| {
        let mut b = Vec::new();
        for i in 0..n {
            b.extend(std::iter::repeat_n(b' ', 2 * (i % 100)));
            b.extend_from_slice(b"- [ ] nested\n");
        }
        with_neighbour(b)
    });
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&" ".repeat(2 * i));
        text.push_str("- [ ] level\n");
    }
    assert_eq!(note(text.as_bytes()).tasks.len(), 100);
}

#[test]
fn alternating_fences() {
    // Whether a fence is still open at the end depends on the mix: only time and no panic count.
    let parsed = timed("fence storm", 25_000, |n| {
        let mut b = Vec::new();
        for i in 0..n {
            let fence: &[u8] = match i % 4 {
                0 => b"```\n",
                1 => b"  ~~~~\n",
                2 => b"- ```\n",
                _ => b"> ```\n",
            };
            b.extend_from_slice(fence);
            b.extend_from_slice(b"- [ ] maybe\n");
        }
        b
    });
    assert!(!parsed.tasks.is_empty());
}

#[test]
fn bracket_and_symbol_floods() {
    linear("brackets", 250_000, |n| {
        with_neighbour([b"- [ ] ".as_slice(), &b"[[".repeat(n)].concat())
    });
    linear("brackets on their own", 250_000, |n| {
        with_neighbour(b"[[[[".repeat(n))
    });
    linear("at signs", 250_000, |n| {
        with_neighbour([b"- [ ] ".as_slice(), &b"@".repeat(4 * n)].concat())
    });
    linear("hashes", 250_000, |n| {
        with_neighbour([b"- [ ] #".as_slice(), &b"# #".repeat(n)].concat())
    });
    // Which `%%` is a comment depends on the spans; only the time is checked.
    timed("backtick runs", 20_000, |n| {
        let runs: String = (1..80).map(|k| "`".repeat(k) + " %% ").collect();
        with_neighbour(runs.repeat(n / 100 + 1).into_bytes())
    });
    linear("dataview openers", 100_000, |n| {
        with_neighbour([b"- [ ] ".as_slice(), &b"[due:: (".repeat(n)].concat())
    });
}

#[test]
fn emoji_lines_and_invalid_bytes() {
    linear("emoji lines", 5_000, |n| {
        with_neighbour("😀📅⏫🔁\u{FE0F}\n".repeat(n).into_bytes())
    });
    linear("emoji task", 50_000, |n| {
        with_neighbour(format!("- [ ] {}", "📅 ".repeat(n)).into_bytes())
    });
    linear("invalid UTF-8", 50_000, |n| {
        let mut b = Vec::new();
        for i in 0..n {
            b.extend_from_slice(&[0xFF, 0xC3, b'-', 0xE2, 0x82]);
            if i % 7 == 0 {
                b.extend_from_slice(b"\n- [\xFF] \xF0\x9F bad\n");
            }
        }
        with_neighbour(b)
    });
}

#[test]
fn long_indents_and_html() {
    linear("one huge indent", 250_000, |n| {
        with_neighbour([" ".repeat(n).as_bytes(), b"- [ ] far"].concat())
    });
    linear("html blocks", 20_000, |n| {
        with_neighbour("<div>\n- [ ] hidden\n\n".repeat(n).into_bytes())
    });
    linear("open html comments", 20_000, |n| {
        with_neighbour("<!-- a\n- [ ] hidden -->\n".repeat(n).into_bytes())
    });
}
