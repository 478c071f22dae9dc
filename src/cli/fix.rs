//! `check --fix`: repair mojibake runs note by note through the safe writer.
//! Writes only the repaired runs' lines, with the writer's changed-since checks; never guesses a repair.

use std::collections::BTreeSet;
use std::path::Path;
use triage::Config;
use triage::edit::Editor;
use triage::parse::mojibake::repair_note;
use triage::task::FindingKind;
use triage::text::sanitize;
use triage::vault::Index;

pub struct FixSummary {
    pub files: usize,
    pub runs: usize,
    /// One line per repaired run: `path:line: before → after`.
    pub lines: Vec<String>,
}

/// Repairs every note with mojibake findings. A note that cannot be repaired safely is reported
/// on stderr and left as it is; the others are still repaired.
pub fn fix_mojibake(root: &Path, index: &Index, _cfg: &Config) -> anyhow::Result<FixSummary> {
    let editor = Editor::new(root)?;
    let paths: BTreeSet<&str> = index
        .findings()
        .filter(|f| f.kind == FindingKind::Mojibake)
        .map(|f| &*f.path)
        .collect();
    let mut summary = FixSummary {
        files: 0,
        runs: 0,
        lines: Vec::new(),
    };
    for path in paths {
        let fixed = editor.fix_note(path, |bytes| {
            repair_note(bytes).map(|r| (r.bytes, r.repairs))
        });
        match fixed {
            Ok(Some(repairs)) if !repairs.is_empty() => {
                summary.files += 1;
                summary.runs += repairs.len();
                for r in repairs {
                    summary
                        .lines
                        .push(format!("{path}:{}: {} → {}", r.line, r.before, r.after));
                }
            }
            Ok(_) => {}
            Err(e) => eprintln!("triage: not fixed: {}", sanitize(&e.to_string())),
        }
    }
    Ok(summary)
}
