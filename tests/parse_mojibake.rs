//! Mojibake (SPEC §2.4): every field emoji in both damaged forms, display repair, `check --fix` bytes.

use triage::parse::codec::Codec;
use triage::parse::fields::EMOJI;
use triage::parse::mojibake::{repair, repair_note};
use triage::parse::{FieldForm, parse_line};

#[test]
fn every_field_emoji_is_read_in_both_damaged_forms() {
    for (emoji, _) in EMOJI {
        for codec in Codec::ALL {
            let garbled = codec.decode_all(emoji.as_bytes());
            let value = match emoji {
                "🔁" => " every day",
                "🆔" | "⛔" => " abc-1",
                "🏁" => " delete",
                "🔺" | "⏫" | "🔼" | "🔽" | "⏬" => "",
                _ => " 2026-01-12",
            };
            let line = format!("- [ ] a {garbled}{value} #t");
            let t = parse_line(line.as_bytes()).expect("task");
            assert_eq!(t.fields.len(), 1, "{codec:?} {emoji} {line}");
            assert_eq!(t.fields[0].form, FieldForm::Mojibake);
            assert_eq!(&line[t.fields[0].span.clone()], format!("{garbled}{value}"));
            assert_eq!(t.description(line.as_bytes()), "a", "{line}");
            assert_eq!(repair(&garbled), emoji, "{codec:?}");
        }
    }
}

#[test]
fn damaged_variation_selector_is_part_of_the_symbol() {
    for codec in Codec::ALL {
        let garbled = codec.decode_all("📅\u{FE0F}".as_bytes());
        let line = format!("- [ ] a {garbled} 2026-01-12");
        let t = parse_line(line.as_bytes()).expect("task");
        assert_eq!(t.fields.len(), 1, "{codec:?}");
        assert_eq!(t.fields[0].span.start, 8);
        assert_eq!(t.description(line.as_bytes()), "a");
    }
}

#[test]
fn punctuation_repairs() {
    for s in ["’", "–", "—", "“", "”", "…", "é", "ü", "°", "€", "✅"] {
        for codec in Codec::ALL {
            let garbled = codec.decode_all(s.as_bytes());
            assert_eq!(
                repair(&format!("x{garbled}y")),
                format!("x{s}y"),
                "{codec:?} {garbled}"
            );
        }
    }
}

#[test]
fn repair_note_changes_only_the_runs() {
    let mut note = b"\xEF\xBB\xBF---\r\ntitle: It\xE2\x80\x9A\xC3\x84\xC3\xB4s\r\n---\r\n".to_vec();
    note.extend_from_slice("- [ ] Dana‚Äôs \u{F8FF}üìÖ 2026-01-12 ".as_bytes());
    note.extend_from_slice(b"\xff\r\n");
    note.extend_from_slice(b"- [ ] bad \xff byte\r\n");
    note.extend_from_slice("```\ncode ‚Äô stays\n```\nno newline‚Äì".as_bytes());
    let r = repair_note(&note).expect("repairs");
    let want_tail = "```\ncode ‚Äô stays\n```\nno newline–";
    assert!(
        r.bytes
            .starts_with(b"\xEF\xBB\xBF---\r\ntitle: It\xE2\x80\x99s\r\n---\r\n")
    );
    let text = String::from_utf8_lossy(&r.bytes);
    assert!(
        text.contains("- [ ] Dana’s 📅 2026-01-12 \u{FFFD}\r\n"),
        "{text}"
    );
    assert!(r.bytes.windows(12).any(|w| w == b"bad \xff byte\r\n"));
    assert!(text.ends_with(want_tail), "{text}");
    let lines: Vec<u32> = r.repairs.iter().map(|x| x.line).collect();
    assert_eq!(lines, [2, 4, 4, 9]);
    assert_eq!(r.repairs[1].after, "’");
    assert_eq!(r.repairs[2].after, "📅");
    assert!(repair_note(&r.bytes).is_none(), "idempotent");
}

#[test]
fn nothing_to_repair() {
    assert!(repair_note(b"plain\n").is_none());
    assert!(repair_note("naïve café – “ok” 📅 l’été".as_bytes()).is_none());
    assert!(repair_note("üìÖ lost byte".as_bytes()).is_none());
}
