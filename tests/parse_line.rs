//! The task-line grammar of SPEC §2: markers, statuses, fields, tags, mentions, spans.

use triage::parse::{FieldForm, FieldKind, TaskLine, parse_line};
use triage::task::{DateKind, Priority};

fn p(s: &str) -> TaskLine {
    parse_line(s.as_bytes()).unwrap_or_else(|| panic!("not a task: {s:?}"))
}

fn slice<'a>(s: &'a str, r: &std::ops::Range<usize>) -> &'a str {
    &s[r.clone()]
}

fn date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

fn due(t: &TaskLine) -> Option<&FieldKind> {
    t.fields
        .iter()
        .map(|f| &f.kind)
        .find(|k| matches!(k, FieldKind::Date(DateKind::Due, _)))
}

fn desc(s: &str) -> String {
    p(s).description(s.as_bytes())
}

#[test]
fn every_list_marker() {
    for l in [
        "- [ ] a",
        "* [ ] a",
        "+ [ ] a",
        "1. [ ] a",
        "12) [ ] a",
        "123456789. [ ] a",
    ] {
        let t = p(l);
        assert_eq!(slice(l, &t.body), "a", "{l}");
    }
    assert!(parse_line(b"1234567890. [ ] a").is_none());
    assert!(parse_line(b"a. [ ] a").is_none());
    assert!(parse_line(b"1 [ ] a").is_none());
}

#[test]
fn indents_of_spaces_tabs_and_callouts() {
    for l in [
        "  - [ ] a",
        "\t- [ ] a",
        "> - [ ] a",
        "> > - [x] a",
        ">\t- [ ] a",
        " \t> \t- [ ] a",
    ] {
        let t = p(l);
        assert_eq!(t.indent.start, 0);
        assert_eq!(&l[t.marker.clone()], "-", "{l}");
    }
}

#[test]
fn not_tasks() {
    for l in [
        "-[ ] a",
        "- [] a",
        "- [ ]a",
        "- [ab] a",
        "- [ ",
        "- [",
        "[ ] a",
        "text - [ ] a",
        "",
        "-",
        "- a",
        "-\t[ ] a",
        "- ( ) a",
        "#- [ ] a",
    ] {
        assert!(parse_line(l.as_bytes()).is_none(), "{l:?}");
    }
}

#[test]
fn status_is_one_scalar() {
    for (l, c) in [
        ("- [ ] a", ' '),
        ("- [x] a", 'x'),
        ("- [X] a", 'X'),
        ("- [?] a", '?'),
        ("- [/] a", '/'),
        ("- [-] a", '-'),
        ("- [!] a", '!'),
        ("- [é] a", 'é'),
        ("- [🔥] a", '🔥'),
    ] {
        let t = p(l);
        assert_eq!(t.status, c);
        assert_eq!(&l[t.status_span.clone()], c.to_string());
    }
    assert!(parse_line(b"- [\xff] a").is_none());
}

#[test]
fn empty_body_is_a_task() {
    let t = p("- [ ]");
    assert!(t.body.is_empty());
    let t = p("- [ ] ");
    assert_eq!(t.body, 6..6);
    assert_eq!(p("- [ ]\r").body, 5..5);
}

#[test]
fn crlf_is_not_part_of_the_body() {
    let l = "- [ ] a 📅 2026-01-12\r";
    let t = p(l);
    assert_eq!(&l[t.body.clone()], "a 📅 2026-01-12");
    assert_eq!(
        due(&t),
        Some(&FieldKind::Date(DateKind::Due, date(2026, 1, 12)))
    );
}

#[test]
fn every_priority_emoji() {
    for (e, pr) in [
        ("🔺", Priority::Highest),
        ("⏫", Priority::High),
        ("🔼", Priority::Medium),
        ("🔽", Priority::Low),
        ("⏬", Priority::Lowest),
    ] {
        for l in [format!("- [ ] a {e}"), format!("- [ ] a {e}\u{FE0F} b")] {
            let t = p(&l);
            assert_eq!(t.fields.len(), 1, "{l}");
            assert_eq!(t.fields[0].kind, FieldKind::Priority(pr));
            assert_eq!(t.fields[0].form, FieldForm::Emoji);
            assert!(l[t.fields[0].span.clone()].starts_with(e));
            assert_eq!(desc(&l).trim_end_matches(" b"), "a");
        }
    }
}

#[test]
fn every_date_emoji() {
    for (e, k) in [
        ("📅", DateKind::Due),
        ("📆", DateKind::Due),
        ("🗓", DateKind::Due),
        ("🗓️", DateKind::Due),
        ("⏳", DateKind::Scheduled),
        ("⌛", DateKind::Scheduled),
        ("🛫", DateKind::Start),
        ("➕", DateKind::Created),
        ("✅", DateKind::Done),
        ("❌", DateKind::Cancelled),
        ("📅\u{FE0F}", DateKind::Due),
    ] {
        for sep in ["", " ", "   "] {
            let l = format!("- [ ] call {e}{sep}2026-03-04 now");
            let t = p(&l);
            assert_eq!(t.fields.len(), 1, "{l}");
            let f = &t.fields[0];
            assert_eq!(f.kind, FieldKind::Date(k, date(2026, 3, 4)), "{l}");
            assert_eq!(&l[f.value.clone()], "2026-03-04");
            assert_eq!(&l[f.span.clone()], format!("{e}{sep}2026-03-04"));
            assert_eq!(desc(&l), "call now");
        }
    }
}

#[test]
fn fields_anywhere_in_the_body() {
    let l = "- [ ] 📅 2026-01-05 ⏫ send the brief 🛫 2026-01-01 to Dana";
    let t = p(l);
    assert_eq!(t.fields.len(), 3);
    assert_eq!(desc(l), "send the brief to Dana");
}

#[test]
fn invalid_values_are_plain_text() {
    for l in [
        "- [ ] a 📅 2026-1-5",
        "- [ ] a 📅 tomorrow",
        "- [ ] a 📅",
        "- [ ] a 📅 2026-01-123",
        "- [ ] a 🆔 ,",
        "- [ ] a 🔁 sometimes",
        "- [ ] a [due:: next week]",
        "- [ ] a [priority:: urgent]",
        "- [ ] a (due:: 2026-01-01",
    ] {
        let t = p(l);
        assert!(t.fields.is_empty(), "{l}: {:?}", t.fields);
        assert_eq!(desc(l), l[6..], "{l}");
    }
}

#[test]
fn impossible_dates_are_invalid_fields() {
    for l in [
        "- [ ] a 📅 2026-02-30",
        "- [ ] a [due:: 2026-13-01]",
        "- [ ] a 📅 2025-02-29",
    ] {
        let t = p(l);
        assert_eq!(due(&t), Some(&FieldKind::Date(DateKind::Due, None)), "{l}");
        assert_eq!(desc(l), "a");
    }
    assert_eq!(
        due(&p("- [ ] a 📅 2024-02-29")),
        Some(&FieldKind::Date(DateKind::Due, date(2024, 2, 29)))
    );
}

#[test]
fn bare_dates_in_prose_are_not_fields() {
    let t = p("- [ ] meeting on 2026-01-05 went well");
    assert!(t.fields.is_empty());
}

#[test]
fn dataview_fields_both_brackets_any_case() {
    for (l, k) in [
        (
            "- [ ] a [due:: 2026-01-02]",
            FieldKind::Date(DateKind::Due, date(2026, 1, 2)),
        ),
        (
            "- [ ] a (due:: 2026-01-02)",
            FieldKind::Date(DateKind::Due, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [Due::2026-01-02]",
            FieldKind::Date(DateKind::Due, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [scheduled:: 2026-01-02]",
            FieldKind::Date(DateKind::Scheduled, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [start:: 2026-01-02]",
            FieldKind::Date(DateKind::Start, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [created:: 2026-01-02]",
            FieldKind::Date(DateKind::Created, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [completion:: 2026-01-02]",
            FieldKind::Date(DateKind::Done, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [cancelled:: 2026-01-02]",
            FieldKind::Date(DateKind::Cancelled, date(2026, 1, 2)),
        ),
        (
            "- [ ] a [priority:: high]",
            FieldKind::Priority(Priority::High),
        ),
        (
            "- [ ] a [PRIORITY:: Lowest]",
            FieldKind::Priority(Priority::Lowest),
        ),
        (
            "- [ ] a [priority:: none]",
            FieldKind::Priority(Priority::None),
        ),
        ("- [ ] a [repeat:: every week]", FieldKind::Recurrence),
        ("- [ ] a [id:: abc-1]", FieldKind::Id),
        ("- [ ] a [dependsOn:: abc-1,def-2]", FieldKind::DependsOn),
        ("- [ ] a [dependson:: abc-1]", FieldKind::DependsOn),
    ] {
        let t = p(l);
        assert_eq!(t.fields.len(), 1, "{l}");
        assert_eq!(t.fields[0].kind, k, "{l}");
        assert_eq!(t.fields[0].form, FieldForm::Dataview);
        assert_eq!(t.fields[0].span.end, l.len());
        assert_eq!(desc(l), "a");
    }
}

#[test]
fn dataview_brackets_must_match() {
    assert!(p("- [ ] a [due:: 2026-01-02)").fields.is_empty());
    assert!(p("- [ ] a [owner:: Dana]").fields.is_empty());
    let l = "- [ ] a [repeat:: every week [[x]]] b";
    let t = p(l);
    assert_eq!(&l[t.fields[0].value.clone()], "every week [[x]]");
}

#[test]
fn recurrence_runs_to_the_next_field() {
    let l = "- [ ] water plants 🔁 every week on Monday when done 📅 2026-01-05 #home";
    let t = p(l);
    let r = t
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Recurrence)
        .expect("rule");
    assert_eq!(&l[r.value.clone()], "every week on Monday when done");
    assert_eq!(&l[r.span.clone()], "🔁 every week on Monday when done");
    let l = "- [ ] pay rent 🔁 every month on the 15th";
    let t = p(l);
    assert_eq!(&l[t.fields[0].value.clone()], "every month on the 15th");
    let l = "- [ ] x 🔁 every day #tag";
    assert_eq!(&l[p(l).fields[0].value.clone()], "every day");
    assert_eq!(desc(l), "x");
}

#[test]
fn ids_and_dependencies() {
    let l = "- [ ] a 🆔 abc-1 ⛔ def-2,ghi_3 b";
    let t = p(l);
    assert_eq!(t.fields[0].kind, FieldKind::Id);
    assert_eq!(&l[t.fields[0].value.clone()], "abc-1");
    assert_eq!(t.fields[1].kind, FieldKind::DependsOn);
    assert_eq!(&l[t.fields[1].value.clone()], "def-2,ghi_3");
    assert_eq!(desc(l), "a b");
}

#[test]
fn tags() {
    let l = "- [ ] a #task #account/example-co b#no #123 #x1 (#paren) see https://x.io/#frag #end.";
    let t = p(l);
    let tags: Vec<_> = t.tag_names(l.as_bytes()).collect();
    assert_eq!(tags, ["task", "account/example-co", "x1", "end"]);
}

#[test]
fn tags_stop_at_forbidden_characters() {
    for (l, want) in [
        ("- [ ] #a,b", "a"),
        ("- [ ] #a!b", "a"),
        ("- [ ] #a:b", "a"),
        ("- [ ] #ü-ß_x", "ü-ß_x"),
        ("- [ ] #a\"b", "a"),
        ("- [ ] #a)b", "a"),
    ] {
        let t = p(l);
        assert_eq!(
            t.tag_names(l.as_bytes()).next().as_deref(),
            Some(want),
            "{l}"
        );
    }
}

#[test]
fn mentions_and_owner() {
    let cases = [
        ("- [ ] a @Dana", Some("Dana")),
        ("- [ ] a @Dana Reyes ⏫", Some("Dana Reyes")),
        (
            "- [ ] a @Dana Reyes Okafor-Smith",
            Some("Dana Reyes Okafor"),
        ),
        ("- [ ] a @dana.reyes_2", Some("dana.reyes_2")),
        ("- [ ] a @Dana then @Sam Okafor", Some("Sam Okafor")),
        ("- [ ] mail name@example.com", None),
        ("- [ ] a @[[Dana Reyes]] b", Some("Dana Reyes")),
        ("- [ ] a @[[People/Dana Reyes|Dana]]", Some("Dana Reyes")),
        ("- [ ] @Myself", Some("Myself")),
        ("- [ ] ask @Dana.", Some("Dana")),
        ("- [ ] ask @Dana, then go", Some("Dana")),
        ("- [ ] a @ b", None),
        ("- [ ] a @Dana lowercase", Some("Dana")),
        ("- [ ] a @José Núñez", Some("José Núñez")),
    ];
    for (l, owner) in cases {
        let t = p(l);
        assert_eq!(t.owner(l.as_bytes()).as_deref(), owner, "{l}");
    }
}

#[test]
fn description_drops_trailing_owner_and_tags_only() {
    let l = "- [?] Draft the integration brief for the partner review @Myself 📅 2025-12-17 ⏫ #task #proposed #auto";
    assert_eq!(
        desc(l),
        "Draft the integration brief for the partner review"
    );
    assert_eq!(
        desc("- [ ] Ask @Sam about #pricing today #task"),
        "Ask @Sam about #pricing today"
    );
    assert_eq!(desc("- [ ] Send it @Dana @Sam #task"), "Send it @Dana");
    assert_eq!(desc("- [ ]   lots   of\tspace  "), "lots of space");
    assert_eq!(desc("- [ ] #only #tags"), "");
    assert_eq!(desc("- [ ]"), "");
}

#[test]
fn block_links() {
    let l = "- [ ] a 📅 2026-01-01 ^abc-123";
    let t = p(l);
    assert_eq!(&l[t.block_link.clone().expect("link")], " ^abc-123");
    assert_eq!(t.block_id(l.as_bytes()).as_deref(), Some("abc-123"));
    assert_eq!(desc(l), "a");
    assert!(p("- [ ] x^abc").block_link.is_none());
    assert!(p("- [ ] a ^bad_id").block_link.is_none());
    assert_eq!(p("- [ ] ^only").block_link, Some(5..11));
}

#[test]
fn code_spans_hide_fields() {
    let l = "- [ ] run `📅 2026-01-01 #x @y` now";
    let t = p(l);
    assert!(t.fields.is_empty() && t.tags.is_empty() && t.mentions.is_empty());
    let l = "- [ ] a ` b #tag";
    assert_eq!(p(l).tags.len(), 1);
}

#[test]
fn mojibake_fields_are_fields() {
    for (l, kind) in [
        (
            "- [ ] a \u{F8FF}üìÖ 2026-01-12",
            FieldKind::Date(DateKind::Due, date(2026, 1, 12)),
        ),
        (
            "- [ ] a üìÖ 2026-01-12",
            FieldKind::Date(DateKind::Due, date(2026, 1, 12)),
        ),
        (
            "- [ ] a ðŸ“… 2026-01-12",
            FieldKind::Date(DateKind::Due, date(2026, 1, 12)),
        ),
        ("- [ ] a ‚è´", FieldKind::Priority(Priority::High)),
        (
            "- [ ] a \u{F8FF}üî∫",
            FieldKind::Priority(Priority::Highest),
        ),
        ("- [ ] a \u{F8FF}üîº", FieldKind::Priority(Priority::Medium)),
        (
            "- [ ] a ‚úÖ 2026-01-12",
            FieldKind::Date(DateKind::Done, date(2026, 1, 12)),
        ),
    ] {
        let t = p(l);
        assert_eq!(t.fields.len(), 1, "{l}");
        assert_eq!(t.fields[0].kind, kind, "{l}");
        assert_eq!(t.fields[0].form, FieldForm::Mojibake);
        assert_eq!(t.fields[0].span.start, 8, "{l}");
        assert_eq!(desc(l), "a", "{l}");
    }
}

#[test]
fn descriptions_are_shown_repaired() {
    assert_eq!(
        desc("- [ ] Review Dana‚Äôs notes ‚Äì today"),
        "Review Dana’s notes – today"
    );
    assert_eq!(desc("- [ ] Itâ€™s â€œdoneâ€\u{9d}"), "It’s “done”");
}

#[test]
fn spans_survive_invalid_utf8() {
    let mut l = b"- [ ] caf\xe9 \xff ".to_vec();
    l.extend_from_slice("📅 2026-01-12 #t".as_bytes());
    let t = parse_line(&l).expect("task");
    let f = &t.fields[0];
    assert_eq!(&l[f.value.clone()], b"2026-01-12");
    assert_eq!(&l[t.tags[0].clone()], b"#t");
    assert_eq!(t.description(&l), "caf\u{FFFD} \u{FFFD}");
}

#[test]
fn huge_lines_stay_linear() {
    // Quadratic work on any of these would take minutes at this size, even in a debug build.
    for piece in [
        "`",
        "[due:: ",
        "(due:: 2026-",
        "@[[",
        "#",
        "@Dana Reyes ",
        "📅",
        "📅 ",
        "🔁 every day ",
        "‚Äô",
        "https://x/ ",
        "a",
        " ^b",
        "[",
        "(",
        "((due::",
        "``x",
        "#a@b",
    ] {
        let mut line = b"- [ ] ".to_vec();
        while line.len() < 300_000 {
            line.extend_from_slice(piece.as_bytes());
        }
        let start = std::time::Instant::now();
        let t = parse_line(&line).expect("task");
        let _ = t.description(&line);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{piece:?}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn two_char_status_and_padding_are_not_tasks() {
    assert!(parse_line(b"- [  ] a").is_none());
    assert!(parse_line(b"- [ x] a").is_none());
    assert!(
        parse_line(b"-  [ ] a").is_some(),
        "several spaces after the marker"
    );
    assert!(parse_line(b"- [ ]\ta").is_some(), "a tab after the status");
}

#[test]
fn spans_edit_single_fields_in_place() {
    let mut line = b"\t> 3) [?] r\xe9sum\xe9 \xff [due:: 2026-01-05] ".to_vec();
    line.extend_from_slice("📅 2026-02-30 ⏫ #proposed ^b1\r".as_bytes());
    let t = parse_line(&line).expect("task");
    assert_eq!(&line[t.indent.clone()], b"\t> ");
    assert_eq!(&line[t.marker.clone()], b"3)");
    assert_eq!(&line[t.status_span.clone()], b"?");
    let dv = &t.fields[0];
    assert_eq!(&line[dv.value.clone()], b"2026-01-05");
    let emoji = &t.fields[1];
    assert_eq!(emoji.kind, FieldKind::Date(DateKind::Due, None));
    assert_eq!(&line[t.block_link.clone().expect("link")], b" ^b1");
    // Replace from the end so earlier spans stay valid, as an edit would.
    let mut edited = line.clone();
    edited.splice(emoji.span.clone(), "📅 2026-03-01".bytes());
    edited.splice(dv.value.clone(), b"2026-02-01".iter().copied());
    edited.splice(t.status_span.clone(), *b" ");
    let mut want = b"\t> 3) [ ] r\xe9sum\xe9 \xff [due:: 2026-02-01] ".to_vec();
    want.extend_from_slice("📅 2026-03-01 ⏫ #proposed ^b1\r".as_bytes());
    assert_eq!(edited, want);
    let again = parse_line(&edited).expect("task");
    assert_eq!(
        again.fields[1].kind,
        FieldKind::Date(DateKind::Due, date(2026, 3, 1))
    );
}

#[test]
fn status_span_covers_multibyte_symbols() {
    let l = "- [✓] a";
    let t = p(l);
    assert_eq!(t.status, '✓');
    assert_eq!(t.status_span, 3..6);
}

#[test]
fn link_mentions_name_the_note() {
    for (l, owner) in [
        ("- [ ] a @[[People/Dana Reyes.md|Dana]]", Some("Dana Reyes")),
        ("- [ ] a @[[Dana Reyes#Contact]]", Some("Dana Reyes")),
        ("- [ ] a @[[#Heading]]", None),
        ("- [ ] a @[[ ]]", None),
    ] {
        assert_eq!(p(l).owner(l.as_bytes()).as_deref(), owner, "{l}");
    }
}
