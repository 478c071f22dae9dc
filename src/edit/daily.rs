//! Today's daily note as Obsidian's daily-notes settings place it (`daily-notes.json`: `folder`,
//! `format` in moment.js tokens, `template`), and the template's `{{date}}`-style placeholders.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Obsidian's daily-notes settings; a missing file or key takes Obsidian's default.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct DailyNotes {
    pub folder: String,
    pub format: String,
    pub template: String,
}

impl DailyNotes {
    /// Reads the settings from the text of `daily-notes.json`.
    pub fn parse(json: &str) -> Result<DailyNotes, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// The vault-relative path of the daily note for `day`.
    pub fn path(&self, day: NaiveDate) -> String {
        let format = match self.format.trim() {
            "" => "YYYY-MM-DD",
            f => f,
        };
        let name = moment(format, day.and_hms_opt(0, 0, 0).unwrap_or_default());
        let folder = self.folder.trim().trim_matches('/');
        let file = format!("{name}.md");
        if folder.is_empty() {
            file
        } else {
            format!("{folder}/{file}")
        }
    }

    /// The template note's vault-relative path, if one is set (Obsidian stores it without `.md`).
    pub fn template_path(&self) -> Option<String> {
        let t = self.template.trim().trim_start_matches('/');
        match t {
            "" => None,
            t if t.ends_with(".md") => Some(t.to_string()),
            t => Some(format!("{t}.md")),
        }
    }

    /// `template` with `{{date}}`, `{{time}}`, `{{title}}` and `{{date:FORMAT}}` /
    /// `{{time:FORMAT}}` filled in as Obsidian fills them for the note at `path`.
    pub fn render(&self, template: &str, path: &str, now: NaiveDateTime) -> String {
        let title = path.rsplit('/').next().unwrap_or(path);
        let title = title.strip_suffix(".md").unwrap_or(title);
        let date_format = match self.format.trim() {
            "" => "YYYY-MM-DD",
            f => f,
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                out.push_str(&rest[open..]);
                return out;
            };
            let inner = after[..close].trim();
            let (key, format) = match inner.split_once(':') {
                Some((k, f)) => (k.trim(), Some(f.trim())),
                None => (inner, None),
            };
            match key.to_ascii_lowercase().as_str() {
                "date" => out.push_str(&moment(format.unwrap_or(date_format), now)),
                "time" => out.push_str(&moment(format.unwrap_or("HH:mm"), now)),
                "title" => out.push_str(title),
                _ => out.push_str(&rest[open..open + 2 + close + 2]),
            }
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        out
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats `t` with moment.js tokens (English names): years `YYYY YY`, months `MMMM MMM MM M`,
/// days `DD D Do DDDD DDD`, weekdays `dddd ddd dd d E`, ISO weeks `WW W GGGG`, `HH H hh h mm m
/// ss s A a`; `[text]` is literal; other characters are kept.
pub fn moment(format: &str, t: NaiveDateTime) -> String {
    const TOKENS: [&str; 30] = [
        "YYYY", "GGGG", "MMMM", "DDDD", "dddd", "MMM", "DDD", "ddd", "YY", "MM", "DD", "Do", "dd",
        "WW", "HH", "hh", "mm", "ss", "M", "D", "d", "E", "W", "H", "h", "m", "s", "A", "a", "Q",
    ];
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            match rest[1..].find(']') {
                Some(end) => {
                    out.push_str(&rest[1..1 + end]);
                    rest = &rest[end + 2..];
                }
                None => {
                    out.push_str(&rest[1..]);
                    rest = "";
                }
            }
            continue;
        }
        let Some(tok) = TOKENS.iter().find(|tok| rest.starts_with(**tok)) else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let wd = t.weekday().num_days_from_monday() as usize;
        let h12 = match t.hour() % 12 {
            0 => 12,
            h => h,
        };
        let s = match *tok {
            "YYYY" => format!("{:04}", t.year()),
            "GGGG" => format!("{:04}", t.iso_week().year()),
            "YY" => format!("{:02}", t.year().rem_euclid(100)),
            "Q" => ((t.month0() / 3) + 1).to_string(),
            "MMMM" => MONTHS[t.month0() as usize].to_string(),
            "MMM" => MONTHS[t.month0() as usize][..3].to_string(),
            "MM" => format!("{:02}", t.month()),
            "M" => t.month().to_string(),
            "DDDD" => format!("{:03}", t.ordinal()),
            "DDD" => t.ordinal().to_string(),
            "DD" => format!("{:02}", t.day()),
            "D" => t.day().to_string(),
            "Do" => ordinal(t.day()),
            "dddd" => DAYS[wd].to_string(),
            "ddd" => DAYS[wd][..3].to_string(),
            "dd" => DAYS[wd][..2].to_string(),
            "d" => t.weekday().num_days_from_sunday().to_string(),
            "E" => (wd + 1).to_string(),
            "WW" => format!("{:02}", t.iso_week().week()),
            "W" => t.iso_week().week().to_string(),
            "HH" => format!("{:02}", t.hour()),
            "H" => t.hour().to_string(),
            "hh" => format!("{h12:02}"),
            "h" => h12.to_string(),
            "mm" => format!("{:02}", t.minute()),
            "m" => t.minute().to_string(),
            "ss" => format!("{:02}", t.second()),
            "s" => t.second().to_string(),
            "A" => if t.hour() < 12 { "AM" } else { "PM" }.to_string(),
            _ => if t.hour() < 12 { "am" } else { "pm" }.to_string(),
        };
        out.push_str(&s);
        rest = &rest[tok.len()..];
    }
    out
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 5, 0)
            .unwrap()
    }

    #[test]
    fn moment_tokens() {
        let t = at(2026, 12, 8, 14);
        assert_eq!(
            moment("YYYY/MM/YYYY-MM-DD ddd", t),
            "2026/12/2026-12-08 Tue"
        );
        assert_eq!(
            moment("dddd, MMMM Do YYYY", t),
            "Tuesday, December 8th 2026"
        );
        assert_eq!(
            moment("[Week] WW [of] GGGG, h:mm A", t),
            "Week 50 of 2026, 2:05 PM"
        );
        assert_eq!(moment("D.M.YY", at(2026, 1, 2, 0)), "2.1.26");
    }

    #[test]
    fn path_and_template() {
        let s = DailyNotes::parse(
            r#"{"folder":"/Daily/","format":"YYYY/MM/YYYY-MM-DD ddd","template":"Templates/Day"}"#,
        )
        .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        assert_eq!(s.path(day), "Daily/2026/12/2026-12-08 Tue.md");
        assert_eq!(s.template_path().as_deref(), Some("Templates/Day.md"));
        let text = s.render(
            "# {{title}}\n{{date:dddd}} {{time}} {{other}} {{date}}\n",
            "Daily/2026/12/2026-12-08 Tue.md",
            at(2026, 12, 8, 9),
        );
        assert_eq!(
            text,
            "# 2026-12-08 Tue\nTuesday 09:05 {{other}} 2026/12/2026-12-08 Tue\n"
        );
        assert_eq!(DailyNotes::default().path(day), "2026-12-08.md");
    }
}
