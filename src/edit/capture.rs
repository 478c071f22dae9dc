//! Capture: the text a person types for a new task (`Call @Dana due fri !! #work`) turned into
//! the task line to write (`- [ ] Call @Dana #work ⏫ 📅 2026-12-11`). Reads no file, no clock.

use super::When;
use crate::parse::{FieldKind, parse_line};
use crate::task::Priority;
use chrono::NaiveDate;

/// What a capture may set besides its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaptureOptions {
    /// Add ➕ today (Obsidian Tasks' `setCreatedDate`).
    pub created: bool,
    /// Write the fields it adds as `[due:: …]` (Obsidian Tasks' `taskFormat: dataview`).
    pub dataview: bool,
}

impl CaptureOptions {
    /// As the vault's Obsidian Tasks settings (read into `cfg`) say.
    pub fn from_config(cfg: &crate::config::Config) -> CaptureOptions {
        CaptureOptions {
            created: cfg.tasks.set_created_date.value,
            dataview: cfg.tasks.task_format.value == crate::config::obsidian::TaskFormat::Dataview,
        }
    }
}

/// The task line for `text`: `due|sched|scheduled|start PHRASE` become 📅/⏳/🛫 dates (PHRASE as
/// `triage due` takes it, up to three words), `!` `!!` `!!!` or `!high`/`priority high` the
/// priority; mentions, tags and fields typed as emoji stay where they are. `Err` says why not.
pub fn task_line(text: &str, today: NaiveDate, opts: CaptureOptions) -> Result<String, String> {
    if text.chars().any(char::is_control) {
        return Err(
            "the text holds a line break or a control character; a task is one line".into(),
        );
    }
    let text = text.trim();
    let text = ["- [ ] ", "- [ ]", "- "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Err("the text is empty".into());
    }
    let mut kept: Vec<&str> = Vec::new();
    let (mut due, mut scheduled, mut start, mut priority) = (None, None, None, None);
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let slot = match w.to_lowercase().as_str() {
            "due" => Some((&mut due, "due")),
            "sched" | "scheduled" => Some((&mut scheduled, "scheduled")),
            "start" | "starts" => Some((&mut start, "start")),
            _ => None,
        };
        if let Some((slot, name)) = slot
            && let Some((date, used)) = phrase(&words[i + 1..], today)
        {
            if slot.is_some() {
                return Err(format!("two {name} dates in {text:?}"));
            }
            *slot = Some(date);
            i += 1 + used;
            continue;
        }
        let lower = w.to_lowercase();
        let level = match lower.as_str() {
            "!" => Some(Priority::Medium),
            "!!" => Some(Priority::High),
            "!!!" => Some(Priority::Highest),
            "priority" | "prio" => words
                .get(i + 1)
                .and_then(|n| Priority::from_name(n))
                .inspect(|_| i += 1),
            _ => lower.strip_prefix('!').and_then(Priority::from_name),
        };
        if let Some(p) = level {
            if priority.replace(p).is_some() {
                return Err(format!("two priorities in {text:?}"));
            }
            i += 1;
            continue;
        }
        kept.push(w);
        i += 1;
    }
    let mut line = format!("- [ ] {}", kept.join(" "));
    if let Some(p) = priority.filter(|p| *p != Priority::None) {
        match p.emoji() {
            Some(_) if opts.dataview => line.push_str(&format!(" [priority:: {}]", p.as_str())),
            Some(e) => line.push_str(&format!(" {e}")),
            None => {}
        }
    }
    let dates = [
        ("➕", "created", opts.created.then_some(today)),
        ("🛫", "start", start),
        ("⏳", "scheduled", scheduled),
        ("📅", "due", due),
    ];
    for (emoji, key, d) in dates {
        if let Some(d) = d {
            let d = d.format("%Y-%m-%d");
            match opts.dataview {
                true => line.push_str(&format!(" [{key}:: {d}]")),
                false => line.push_str(&format!(" {emoji} {d}")),
            }
        }
    }
    check(&line)?;
    Ok(line)
}

/// The date that the first one to three `words` name, and how many words it took (the longest).
fn phrase(words: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    (1..=words.len().min(3))
        .rev()
        .find_map(|n| match When::parse(&words[..n].join(" "), today) {
            Ok(When::Date(d)) => Some((d, n)),
            _ => None,
        })
}

/// The line must read back as one task with a description and at most one field of each kind.
fn check(line: &str) -> Result<(), String> {
    let tl = parse_line(line.as_bytes()).ok_or("the text does not make a task line")?;
    if tl.description(line.as_bytes()).trim().is_empty() {
        return Err("the task has no text, only fields; say what is to be done".into());
    }
    let mut seen: Vec<FieldKind> = Vec::new();
    for f in &tl.fields {
        let kind = match f.kind.clone() {
            FieldKind::Date(k, _) => FieldKind::Date(k, None),
            FieldKind::Priority(_) => FieldKind::Priority(Priority::None),
            k => k,
        };
        if seen.contains(&kind) {
            return Err(format!(
                "{line:?} would have two {} fields",
                kind_name(&kind)
            ));
        }
        seen.push(kind);
    }
    Ok(())
}

fn kind_name(k: &FieldKind) -> String {
    match k {
        FieldKind::Date(d, _) => format!("{d:?}").to_lowercase(),
        FieldKind::Priority(_) => "priority".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Result<String, String> {
        // 2026-12-08 is a Tuesday.
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        task_line(s, today, CaptureOptions::default())
    }

    #[test]
    fn phrases_become_fields() {
        assert_eq!(
            t("Call @Dana Reyes due fri !! #work").unwrap(),
            "- [ ] Call @Dana Reyes #work ⏫ 📅 2026-12-11"
        );
        assert_eq!(
            t("Plan sched mon start tomorrow priority low").unwrap(),
            "- [ ] Plan 🔽 🛫 2026-12-09 ⏳ 2026-12-14"
        );
        assert_eq!(
            t("- [ ] Pay 📅 2026-12-11").unwrap(),
            "- [ ] Pay 📅 2026-12-11"
        );
        // Words that only look like a phrase stay text.
        assert_eq!(
            t("due diligence for start-up").unwrap(),
            "- [ ] due diligence for start-up"
        );
        let created = task_line(
            "x",
            NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            CaptureOptions {
                created: true,
                dataview: false,
            },
        );
        assert_eq!(created.unwrap(), "- [ ] x ➕ 2026-12-08");
        let dataview = task_line(
            "x due fri !!",
            NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            CaptureOptions {
                created: true,
                dataview: true,
            },
        );
        assert_eq!(
            dataview.unwrap(),
            "- [ ] x [priority:: high] [created:: 2026-12-08] [due:: 2026-12-11]"
        );
    }

    #[test]
    fn refusals() {
        assert!(t("").is_err());
        assert!(t("due fri").is_err());
        assert!(t("a\nb").is_err());
        assert!(t("a due fri due mon").is_err());
        assert!(t("a 📅 2026-12-11 due fri").is_err());
        assert!(t("a ! !!").is_err());
    }
}
