//! Fitting the table to the terminal: which column gives way first, and how a location is
//! shortened (in its folders, never from the left). Widths in, widths out; prints nothing.

use super::{DESCRIPTION, LOCATION, MIN_DESCRIPTION, MIN_LOCATION, MIN_NAME};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Fits the column widths into `total` columns: the location is shortened first (down to
/// [`MIN_LOCATION`]), then owner and account (down to [`MIN_NAME`]); when that is not enough and
/// the columns were not chosen by `--columns`, account, priority and owner are left out in that
/// order. The description takes what is left, and only it goes below its natural width.
pub(super) fn fit(widths: &mut [usize; 6], shown: &mut [bool; 6], total: usize, may_drop: bool) {
    let used = |w: &[usize; 6], shown: &[bool; 6]| -> usize {
        w.iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(w, _)| w + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    // The description's fair share: a third of the line, or all it needs if less.
    let want = widths[DESCRIPTION].min((total / 3).max(MIN_DESCRIPTION));
    let over = |w: &[usize; 6], shown: &[bool; 6]| {
        let others = used(w, shown)
            - if shown[DESCRIPTION] {
                w[DESCRIPTION]
            } else {
                0
            };
        (others + if shown[DESCRIPTION] { want } else { 0 }).saturating_sub(total)
    };
    let cut = over(widths, shown).min(widths[LOCATION].saturating_sub(MIN_LOCATION));
    widths[LOCATION] -= cut;
    for i in [3, 2] {
        let cut = over(widths, shown).min(widths[i].saturating_sub(MIN_NAME));
        widths[i] -= cut;
    }
    let natural_location = widths[LOCATION] + cut;
    for i in [3, 1, 2] {
        if may_drop && over(widths, shown) > 0 {
            shown[i] = false;
        }
    }
    // Room freed by a left-out column is shared: half back to the location, the rest below.
    if shown[DESCRIPTION] && shown[LOCATION] {
        let others = used(widths, shown) - widths[DESCRIPTION];
        let spare = total.saturating_sub(others + want);
        widths[LOCATION] += (spare / 2).min(natural_location - widths[LOCATION]);
    }
    if shown[DESCRIPTION] {
        let others = used(widths, shown) - widths[DESCRIPTION];
        let rest = total.saturating_sub(others);
        widths[DESCRIPTION] = widths[DESCRIPTION].min(rest.max(MIN_DESCRIPTION));
    }
}

/// `PATH:LINE` (already sanitised) in at most `max` columns. Too wide, the folders are shortened
/// in the middle (`Customers/…/call.md:30`): the start says where, the file name and line number
/// tell rows apart. Only a file name wider than `max` on its own is cut, in its middle too.
pub(super) fn shorten_location(loc: &str, max: usize) -> String {
    if loc.width() <= max {
        return loc.to_string();
    }
    let (dirs, file) = match loc.rfind('/') {
        Some(i) => (&loc[..i + 1], &loc[i + 1..]),
        None => ("", loc),
    };
    let room = max.saturating_sub(file.width() + 1);
    if room == 0 || dirs.is_empty() {
        return middle(loc, max);
    }
    let mut head = String::new();
    let mut w = 0;
    for c in dirs.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        head.push(c);
        w += cw;
    }
    format!("{head}…{file}")
}

/// `s` cut in its middle to `max` columns, keeping both ends.
fn middle(s: &str, max: usize) -> String {
    if s.width() <= max || max == 0 {
        return if max == 0 {
            String::new()
        } else {
            s.to_string()
        };
    }
    let keep = max - 1;
    let (front, back) = (keep / 2, keep - keep / 2);
    let mut head = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > front {
            break;
        }
        head.push(c);
        w += cw;
    }
    let mut tail = Vec::new();
    let mut w = 0;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > back {
            break;
        }
        tail.push(c);
        w += cw;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_shortened_in_their_folders() {
        let loc = "Customers/Brightwater Foods/Meetings/2025-12-16 MAI pricing call.md:30";
        assert_eq!(shorten_location(loc, 200), loc);
        let cut = shorten_location(loc, 50);
        assert_eq!(cut, "Customers/Bright…2025-12-16 MAI pricing call.md:30");
        assert_eq!(cut.width(), 50);
        let tiny = shorten_location(loc, 20);
        assert!(tiny.ends_with("call.md:30") && tiny.width() == 20, "{tiny}");
    }
}
