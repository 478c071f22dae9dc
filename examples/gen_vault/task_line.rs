//! One generated task line: the mix of markers, statuses, owners, fields, tags and mojibake of SPEC §0.
//! Writes text only; the caller decides where in the note it goes.

use super::words::*;
use super::{Rng, slug, some_date};
use std::fmt::Write as _;

pub struct TaskCtx<'a> {
    pub account: &'a str,
    pub participants: &'a [&'a str; 3],
}

/// One task line in the mix SPEC §0 describes: owners, dates, priorities, tags, proposed items,
/// Dataview fields, fields mid-sentence, mojibake, block links.
pub fn task_line(rng: &mut Rng, ctx: &TaskCtx, out: &mut String) {
    let marker = match rng.below(100) {
        0..85 => "-".to_string(),
        85..92 => "*".to_string(),
        92..95 => "+".to_string(),
        _ => format!("{}.", 1 + rng.below(9)),
    };
    let status = match rng.below(100) {
        0..48 => ' ',
        48..62 => '?',
        62..80 => 'x',
        80..86 => '/',
        86..93 => '-',
        93..96 => 'X',
        _ => *rng.pick(&[&'>', &'!', &'i']),
    };
    let mojibake = rng.chance(3, 100);
    let dataview = rng.chance(12, 100);
    let _ = write!(
        out,
        "{marker} [{status}] {} {}",
        rng.pick(VERBS),
        rng.pick(OBJECTS)
    );
    if rng.chance(1, 3) {
        let _ = write!(out, " for {}", ctx.account);
    }
    let due = rng.chance(65, 100).then(|| {
        if rng.chance(1, 200) {
            "2026-02-30".to_string()
        } else {
            some_date(rng)
        }
    });
    let mid_sentence = rng.chance(1, 10);
    if mid_sentence && let Some(d) = &due {
        let _ = write!(out, " 📅 {d} and loop in @{}", rng.pick(PEOPLE));
    }
    if rng.chance(1, 5) {
        out.push_str(" (see https://example.com/wiki#section-2)");
    }
    if rng.chance(85, 100) {
        let owner = if rng.chance(1, 2) {
            ctx.participants[rng.below(3)]
        } else {
            rng.pick(PEOPLE)
        };
        if rng.chance(1, 15) {
            let _ = write!(out, " @[[{owner}]]");
        } else {
            let _ = write!(out, " @{owner}");
        }
    }
    if !mid_sentence && let Some(d) = &due {
        if dataview {
            let _ = write!(out, " [due:: {d}]");
        } else if mojibake {
            let _ = write!(out, " \u{F8FF}üìÖ {d}");
        } else if rng.chance(1, 20) {
            let _ = write!(out, " 📆{d}");
        } else {
            let _ = write!(out, " 📅 {d}");
        }
    }
    if rng.chance(1, 10) {
        let _ = write!(out, " ⏳ {}", some_date(rng));
    }
    if rng.chance(1, 20) {
        let _ = write!(out, " 🛫 {}", some_date(rng));
    }
    if rng.chance(1, 5) {
        let _ = write!(out, " ➕ {}", some_date(rng));
    }
    if rng.chance(1, 2) {
        let p = if dataview {
            rng.pick(DATAVIEW_PRIORITIES)
        } else if mojibake {
            rng.pick(MOJIBAKE_PRIORITIES)
        } else {
            rng.pick(PRIORITIES)
        };
        out.push_str(p);
    }
    if rng.chance(1, 25) {
        out.push_str(rng.pick(RECURRENCES));
    }
    if rng.chance(1, 30) {
        let _ = write!(out, " 🆔 t{:x}", rng.next_u64() & 0xffff);
    }
    if rng.chance(1, 50) {
        let _ = write!(out, " ⛔ t{:x}", rng.next_u64() & 0xffff);
    }
    match status {
        'x' | 'X' if rng.chance(7, 10) => {
            let _ = write!(out, " ✅ {}", some_date(rng));
        }
        '-' => {
            let _ = write!(out, " ❌ {}", some_date(rng));
        }
        _ => {}
    }
    if rng.chance(8, 10) {
        out.push_str(" #task");
    }
    if status == '?' && rng.chance(1, 2) || status == ' ' && rng.chance(1, 20) {
        out.push_str(" #proposed");
    }
    if rng.chance(3, 10) {
        out.push_str(" #auto");
    }
    if rng.chance(15, 100) {
        let _ = write!(out, " #account/{}", slug(ctx.account));
    }
    if rng.chance(1, 20) {
        let _ = write!(out, " ^t{:x}", rng.next_u64() & 0xfffff);
    }
    out.push('\n');
}
