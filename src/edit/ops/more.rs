//! The line operations of the daily loop: owner, description, scheduled and start dates (SPEC §12).
//! Each changes only its own part of the line, in place; fields, tags and the block link stay.

use super::{Splices, append_point, set_date, writable};
use crate::edit::When;
use crate::parse::{TaskLine, parse_line};
use crate::task::DateKind;
use std::ops::Range;

/// Adds the splices for `SetScheduled`/`SetStart`; `Err` is why nothing changes.
pub(super) fn set_when(
    s: &mut Splices,
    line: &[u8],
    tl: &TaskLine,
    kind: DateKind,
    when: When,
    today: chrono::NaiveDate,
) -> Result<(), String> {
    let name = if kind == DateKind::Start {
        "start"
    } else {
        "scheduled"
    };
    let when = match when {
        // `due+3d`: counted from the task's due date (from today when it has none).
        When::FromDue(days) => {
            let due = super::date_fields(tl, DateKind::Due).find_map(|(_, d)| d);
            chrono::Duration::try_days(days)
                .and_then(|n| due.unwrap_or(today).checked_add_signed(n))
                .map(When::Date)
                .ok_or_else(|| {
                    format!("cannot set the {name} date {days} days from the due date")
                })?
        }
        w => w,
    };
    match when {
        When::FromDue(_) => unreachable!("resolved above"),
        When::Date(d) if !writable(d) => Err(format!(
            "{d} cannot be written as a YYYY-MM-DD date (years 0 to 9999)"
        )),
        When::Date(d) => {
            set_date(s, line, tl, kind, Some(d));
            Ok(())
        }
        When::Clear => {
            if super::date_fields(tl, kind).next().is_none() {
                return Err(format!("the task has no {name} date; nothing to remove"));
            }
            set_date(s, line, tl, kind, None);
            Ok(())
        }
    }
}

/// The mention to write for `name` (SPEC §2.2): `@Name`, `@Dana Reyes` when every further word is
/// capitalised letters, else the link form `@[[name]]`. `Err` says why the name cannot be written.
pub fn mention_for(name: &str) -> Result<String, String> {
    let name = name.trim();
    let name = name.strip_prefix('@').unwrap_or(name);
    let name = name
        .strip_prefix("[[")
        .and_then(|n| n.strip_suffix("]]"))
        .unwrap_or(name)
        .trim();
    if name.is_empty() {
        return Err("the owner's name is empty".into());
    }
    if name.chars().any(|c| c.is_control()) || name.contains(['[', ']', '|', '#', '^']) {
        return Err(format!(
            "{name:?} cannot be an owner's name: it holds a control character or one of [ ] | # ^"
        ));
    }
    let mut words = name.split(' ');
    let first_ok = words.next().is_some_and(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
            && !w.ends_with(['.', '-'])
    });
    let rest_ok = words.all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    });
    Ok(if first_ok && rest_ok {
        format!("@{name}")
    } else {
        format!("@[[{name}]]")
    })
}

/// Adds the splices that set (or with `None` remove) the owner: the last mention is replaced in
/// place, else the mention goes before the trailing tags and fields.
pub(super) fn set_owner(
    s: &mut Splices,
    line: &[u8],
    tl: &TaskLine,
    name: Option<&str>,
) -> Result<(), String> {
    let owner = tl.mentions.last().cloned();
    let Some(name) = name else {
        let Some(m) = owner else {
            return Err("the task has no owner; nothing to remove".into());
        };
        s.remove_with_space(line, m);
        return Ok(());
    };
    let mention = mention_for(name)?;
    let plain = mention.trim_start_matches('@');
    let plain = plain
        .strip_prefix("[[")
        .and_then(|p| p.strip_suffix("]]"))
        .unwrap_or(plain);
    let mut tries = vec![mention.clone()];
    if !mention.starts_with("@[[") {
        // A capitalised word right after the mention would join it (`@Dana Review`): the link form
        // cannot be misread.
        tries.push(format!("@[[{plain}]]"));
    }
    for m in tries {
        let mut trial = Splices::default();
        match &owner {
            Some(r) => trial.replace(r.clone(), m.as_bytes()),
            None => {
                let (at, text) = owner_point(line, tl, &m);
                trial.insert(at, text);
            }
        }
        let new = trial.apply(line);
        let reads = parse_line(&new).and_then(|t| t.owner(&new).map(|o| o.into_owned()));
        if reads.as_deref() == Some(plain) {
            match &owner {
                Some(r) => s.replace(r.clone(), m.as_bytes()),
                None => {
                    let (at, text) = owner_point(line, tl, &m);
                    s.insert(at, text);
                }
            }
            return Ok(());
        }
    }
    Err(format!(
        "{mention} would not read back as the owner {plain:?} on this line"
    ))
}

/// Where a new owner mention goes, and the text to insert there: before the run of tags and
/// fields at the end of the line, else at the end (before a block link).
fn owner_point(line: &[u8], tl: &TaskLine, mention: &str) -> (usize, String) {
    let run = trailing_start(line, tl);
    let end = append_point(line, tl);
    match run {
        // A field glued to the word before it (`x📅 …`) needs a space before the mention too.
        Some(at) if at < end && at > 0 && !matches!(line[at - 1], b' ' | b'\t') => {
            (at, format!(" {mention} "))
        }
        Some(at) if at < end => (at, format!("{mention} ")),
        _ if end > 0 && !matches!(line[end - 1], b' ' | b'\t') => (end, format!(" {mention}")),
        _ => (end, mention.to_string()),
    }
}

/// Where the run of tags and fields that ends the body starts (none: `None`).
fn trailing_start(line: &[u8], tl: &TaskLine) -> Option<usize> {
    let mut tokens: Vec<&Range<usize>> = tl.tags.iter().collect();
    tokens.extend(tl.fields.iter().map(|f| &f.span));
    tokens.sort_by_key(|r| std::cmp::Reverse(r.start));
    let mut cursor = tl
        .block_link
        .as_ref()
        .map_or(tl.body.end, |b| b.start.max(tl.body.start));
    let mut start = None;
    for r in tokens {
        let gap = line.get(r.end..cursor).unwrap_or_default();
        if r.end > cursor || !gap.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        cursor = r.start;
        start = Some(r.start);
    }
    start
}

/// Adds the splices that give the task `text` as its description: the description's words are
/// replaced where they stand; fields, tags at the end, the owner mention and the block link stay.
pub(super) fn rename(
    s: &mut Splices,
    line: &[u8],
    tl: &TaskLine,
    text: &str,
) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the new description is empty; nothing was written".into());
    }
    if text.chars().any(char::is_control) {
        return Err("the new description holds a line break or a control character".into());
    }
    let mut kept: Vec<Range<usize>> = tl.hidden_spans(line);
    // The owner stays even inside the sentence, unless the new text names someone itself.
    let owner = tl.mentions.last().filter(|_| !text.contains('@'));
    if let Some(o) = owner
        && !kept.contains(o)
    {
        kept.push(o.clone());
        kept.sort_by_key(|r| r.start);
    }
    let mut pieces = Vec::new();
    let mut at = tl.body.start;
    for r in kept.iter().filter(|r| r.start >= tl.body.start) {
        if r.start > at {
            pieces.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < tl.body.end {
        pieces.push(at..tl.body.end);
    }
    let words: Vec<Range<usize>> = pieces.into_iter().filter_map(|p| trim(line, p)).collect();
    // The text where the first words stood; or, when a mention right before them would take
    // its capitalised first word in (`@Sam Okafor New words`), before the mention; or, when a
    // field before them would take the words in as its value, at the start of the body.
    let plan = |place: u8| {
        let mut t = Splices::default();
        match (owner, words.split_first()) {
            (Some(o), _) if place == 1 => {
                t.insert(o.start, format!("{text} "));
                for w in &words {
                    t.remove_with_space(line, w.clone());
                }
            }
            (_, Some(_)) if place == 2 && !tl.body.is_empty() => {
                t.insert(tl.body.start, format!("{text} "));
                for w in &words {
                    t.remove_with_space(line, w.clone());
                }
            }
            (_, Some((first, rest))) => {
                t.replace(first.clone(), text.as_bytes());
                for w in rest {
                    t.remove_with_space(line, w.clone());
                }
            }
            // `- [ ]` alone: the space after the bracket may not be there yet.
            (_, None) if tl.body.is_empty() => {
                let at = tl.body.start.min(line.len());
                let spaced = at > 0 && matches!(line[at - 1], b' ' | b'\t');
                t.insert(
                    at,
                    if spaced {
                        text.to_string()
                    } else {
                        format!(" {text}")
                    },
                );
            }
            (_, None) => t.insert(tl.body.start, format!("{text} ")),
        }
        t
    };
    let was = tl.owner(line).map(|o| o.into_owned());
    // What the text reads as on a line of its own (a mention or tags at its end are not words).
    let alone = format!("- [ ] {text}");
    let alone =
        parse_line(alone.as_bytes()).map_or(String::new(), |t| t.description(alone.as_bytes()));
    let reads_right = |t: Splices| {
        let new = t.apply(line);
        parse_line(&new).is_some_and(|n| {
            let now = n.owner(&new).map(|o| o.into_owned());
            (owner.is_none() || now == was) && n.description(&new).contains(&alone)
        })
    };
    for place in 0..3 {
        if reads_right(plan(place)) {
            s.0 = plan(place).0;
            return Ok(());
        }
    }
    Err("the new text would not read back as the description (it would join the owner or a field); nothing was written".into())
}

/// `r` without the ASCII whitespace at its ends; `None` when nothing is left.
fn trim(line: &[u8], r: Range<usize>) -> Option<Range<usize>> {
    let (mut a, mut b) = (r.start, r.end);
    while a < b && line[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > a && line[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    (a < b).then_some(a..b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::edit::Op;
    use chrono::NaiveDate;

    fn run(line: &str, op: Op) -> (String, Option<String>) {
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let tl = parse_line(line.as_bytes()).unwrap();
        let e = super::super::apply(line.as_bytes(), &tl, &op, today, &Config::default());
        (String::from_utf8(e.line).unwrap(), e.warning)
    }

    #[test]
    fn owners_are_replaced_in_place_added_before_trailing_parts_or_removed() {
        let own = |l: &str, n: Option<&str>| run(l, Op::SetOwner(n.map(String::from))).0;
        // The last mention is the owner; the one inside the sentence stays.
        assert_eq!(
            own("- [ ] ask @Jon then @Sam #t", Some("Dana")),
            "- [ ] ask @Jon then @Dana #t"
        );
        assert_eq!(
            own("- [ ] a @[[Old Name]] 📅 2026-01-01", Some("Bo")),
            "- [ ] a @Bo 📅 2026-01-01"
        );
        assert_eq!(
            own("- [ ] a #t 📅 2026-01-01 ^id", Some("Bo")),
            "- [ ] a @Bo #t 📅 2026-01-01 ^id"
        );
        assert_eq!(own("- [ ] a", Some("Bo")), "- [ ] a @Bo");
        assert_eq!(own("- [ ]", Some("Bo")), "- [ ] @Bo");
        assert_eq!(own("- [ ] a @Bo #t", None), "- [ ] a #t");
        // `@Jo` before a capitalised word would read as `@Jo Review`: the link form instead.
        assert_eq!(
            own("- [ ] @[[Sam]] Review doc", Some("Jo")),
            "- [ ] @[[Jo]] Review doc"
        );
        assert_eq!(
            own("- [ ] x📅 2026-01-05", Some("jo")),
            "- [ ] x @jo 📅 2026-01-05"
        );
        let (same, why) = run("- [ ] a @Bo", Op::SetOwner(Some("Bo".into())));
        assert_eq!(same, "- [ ] a @Bo");
        assert!(why.unwrap().contains("already"));
    }

    #[test]
    fn rename_replaces_only_the_words() {
        let ren = |l: &str, t: &str| run(l, Op::Rename(t.into())).0;
        assert_eq!(
            ren("- [ ] Old words @Bo #a #b 📅 2026-01-01 ^x", "New text"),
            "- [ ] New text @Bo #a #b 📅 2026-01-01 ^x"
        );
        // Words on both sides of a field: the first place takes the text, the rest goes.
        assert_eq!(ren("- [ ] one ⏫ two #t", "three"), "- [ ] three ⏫ #t");
        // An owner inside the sentence stays unless the new text names someone.
        assert_eq!(ren("- [ ] ask @Bo about it", "call"), "- [ ] call @Bo");
        assert_eq!(ren("- [ ] ask @Bo about it", "ask @Al"), "- [ ] ask @Al");
        assert_eq!(ren("- [ ] 📅 2026-01-01", "x"), "- [ ] x 📅 2026-01-01");
        assert_eq!(ren("- [ ]", "x"), "- [ ] x");
        // `@Sam Okafor New` would be the owner: the text goes before the mention instead.
        assert_eq!(
            ren("- [ ] @Sam Okafor old words #t", "New words"),
            "- [ ] New words @Sam Okafor #t"
        );
        assert!(
            run("- [ ] a", Op::Rename(" ".into()))
                .1
                .unwrap()
                .contains("empty")
        );
    }

    #[test]
    fn mentions_take_the_plain_form_when_it_reads_back() {
        assert_eq!(mention_for("Dana").unwrap(), "@Dana");
        assert_eq!(mention_for("@Dana Reyes").unwrap(), "@Dana Reyes");
        assert_eq!(mention_for("dana reyes").unwrap(), "@[[dana reyes]]");
        assert_eq!(mention_for("[[Jon S]]").unwrap(), "@Jon S");
        assert!(mention_for(" ").is_err());
        assert!(mention_for("a|b").is_err());
    }
}
