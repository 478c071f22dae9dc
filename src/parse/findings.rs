//! The findings of one note for `check` (SPEC §8): mojibake, unknown statuses, invalid dates,
//! suspect fields, unreadable bytes. Only messages: it never changes what the parser reads.

use super::line::{FieldForm, FieldKind, TaskLine};
use super::{hostile, mojibake, suspect};
use crate::config::Config;
use crate::task::{Finding, FindingKind};
use std::sync::Arc;

/// Findings of one note, all with its path.
pub(super) struct Collector {
    pub(super) path: Arc<str>,
    pub(super) findings: Vec<Finding>,
}

impl Collector {
    pub(super) fn push(&mut self, line: u32, kind: FindingKind, message: String) {
        self.findings.push(Finding {
            path: self.path.clone(),
            line,
            kind,
            message,
        });
    }

    pub(super) fn not_a_task(&mut self, number: u32) {
        let message = "looks like a task, but Obsidian reads it as code or as text of the line above, not as a list item: \
            four or more columns of indent where no list item continues (indent it under its parent item or remove the indent), \
            or a numbered item right after text that does not start at 1 (put a blank line before it)";
        self.push(number, FindingKind::NotATask, message.to_string());
    }

    pub(super) fn mojibake(&mut self, number: u32, line: &[u8]) {
        // A few findings say enough about one damaged line; `--fix` repairs every run anyway.
        for run in mojibake::runs_in_bytes(line).into_iter().take(10) {
            let before = String::from_utf8_lossy(&line[run.range]);
            let message = format!(
                "mojibake `{}` should read `{}` (UTF-8 decoded as Mac Roman or Windows-1252); `triage check --fix` repairs it",
                before.replace('\u{F8FF}', ""),
                run.repaired
            );
            self.push(number, FindingKind::Mojibake, message);
        }
    }

    /// `utf8`: whether the line is valid UTF-8.
    pub(super) fn task_findings(
        &mut self,
        number: u32,
        line: &[u8],
        utf8: bool,
        t: &TaskLine,
        cfg: &Config,
    ) {
        if !cfg.status(t.status).known {
            let message = format!(
                "unknown status symbol `[{}]`, read as todo; known: `[ ]` `[?]` `[/]` `[x]` `[X]` `[-]` or one added under [statuses] in the config",
                t.status
            );
            self.push(number, FindingKind::UnknownStatus, message);
        }
        for f in &t.fields {
            if let FieldKind::Date(kind, None) = f.kind {
                let message = format!(
                    "`{}` is not a real calendar date, so the task has no {} date; expected YYYY-MM-DD with a day that exists",
                    String::from_utf8_lossy(&line[f.span.clone()]),
                    kind.as_str()
                );
                self.push(number, FindingKind::InvalidDate, message);
            }
            // A mojibake field that lost its leading U+F8FF cannot be repaired byte-exactly.
            if f.form == FieldForm::Mojibake
                && !line[f.span.clone()].starts_with("\u{F8FF}".as_bytes())
            {
                let written = String::from_utf8_lossy(&line[f.span.clone()]);
                if mojibake::runs_in_bytes(&line[f.span.clone()]).is_empty() {
                    let message = format!(
                        "`{written}` is a damaged field emoji (mojibake with a lost byte); it is read as a field, but `--fix` cannot repair it: retype the emoji"
                    );
                    self.push(number, FindingKind::Mojibake, message);
                }
            }
        }
        for s in suspect::suspects(line, t) {
            self.push(number, FindingKind::SuspectField, s.message);
        }
        if let Some(message) = hostile::unreadable_text_of(line, utf8) {
            self.push(number, FindingKind::UnreadableText, message);
        }
    }
}
