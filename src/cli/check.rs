//! `triage check`: report what is wrong in the vault's notes, with path and line; `--fix` repairs
//! mojibake runs in place (only those bytes, through the safe writer).

use super::Ctx;
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::task::Finding;
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The vault folder.
    pub vault: Option<PathBuf>,
    /// Repair mojibake runs in the files (only runs that re-encode to valid UTF-8).
    #[arg(long)]
    pub fix: bool,
    /// Print one JSON array of findings.
    #[arg(long)]
    pub json: bool,
}

/// Exit status: 0 when nothing is left to report, 1 when findings remain.
pub fn run(ctx: &Ctx, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    let mut index = triage::vault::scan(&root, &ctx.config)
        .with_context(|| format!("cannot read vault {}", root.display()))?;
    let mut out = std::io::stdout().lock();
    if args.fix {
        let summary = super::fix::fix_mojibake(&root, &index, &ctx.config)?;
        for line in &summary.lines {
            writeln!(out, "{}", sanitize(line))?;
        }
        writeln!(
            out,
            "fixed {} mojibake run(s) in {} note(s)",
            summary.runs, summary.files
        )?;
        if summary.files > 0 {
            index = triage::vault::scan(&root, &ctx.config)?;
        }
    }
    let findings: Vec<&Finding> = index.findings().collect();
    if args.json {
        serde_json::to_writer(&mut out, &findings)?;
        writeln!(out)?;
    } else {
        for f in &findings {
            let at = if f.line > 0 {
                format!("{}:{}", f.path, f.line)
            } else {
                f.path.to_string()
            };
            writeln!(
                out,
                "{}: {}: {}",
                sanitize(&at),
                f.kind.as_str(),
                sanitize(&f.message)
            )?;
        }
        if findings.is_empty() {
            writeln!(out, "no problems found in {} notes", index.note_count())?;
        } else {
            writeln!(
                out,
                "{} problem(s) in {} notes",
                findings.len(),
                index.note_count()
            )?;
        }
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
