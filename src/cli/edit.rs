//! `triage toggle|accept|reject|due|priority|undo`: one-line edits from the command line.
//! Prints the new line (sanitised); a refusal goes to stderr with exit status 1, never a panic.

use super::Ctx;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use triage::Priority;
use triage::edit::message::{outcome, refusal};
use triage::edit::{self, Op, Outcome, Target, When};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct TargetArgs {
    /// The task, as PATH:LINE (PATH relative to the vault).
    pub target: String,
    /// The vault folder.
    #[arg(long)]
    pub vault: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct DueArgs {
    /// The task, as PATH:LINE.
    pub target: String,
    /// YYYY-MM-DD, +3d, in 2 weeks, fri, next fri, dec 15 (from today), due+3d (from its due date), or none.
    pub when: String,
    #[arg(long)]
    pub vault: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct PriorityArgs {
    /// The task, as PATH:LINE.
    pub target: String,
    /// highest, high, medium, none, low or lowest.
    pub level: String,
    #[arg(long)]
    pub vault: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct UndoArgs {
    #[arg(long)]
    pub vault: Option<PathBuf>,
}

pub fn toggle(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, a.vault.as_deref(), Ok(Op::ToggleDone))
}

pub fn accept(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, a.vault.as_deref(), Ok(Op::Accept))
}

pub fn reject(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, a.vault.as_deref(), Ok(Op::Reject))
}

pub fn due(ctx: &Ctx, a: &DueArgs) -> anyhow::Result<ExitCode> {
    let op = When::parse(&a.when, ctx.today)
        .map(Op::SetDue)
        .map_err(|e| e.to_string());
    run(ctx, &a.target, a.vault.as_deref(), op)
}

pub fn priority(ctx: &Ctx, a: &PriorityArgs) -> anyhow::Result<ExitCode> {
    let op = Priority::from_name(&a.level)
        .map(Op::SetPriority)
        .ok_or_else(|| {
            format!(
                "{:?} is not a priority: use highest, high, medium, none, low or lowest",
                a.level
            )
        });
    run(ctx, &a.target, a.vault.as_deref(), op)
}

pub fn undo(ctx: &Ctx, a: &UndoArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(a.vault.as_deref())?;
    match edit::undo(&root, &ctx.config) {
        Ok(out) => {
            let mut o = std::io::stdout().lock();
            writeln!(o, "undid {}", out.what)?;
            print_outcome(&mut o, &out, true)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&refusal(&e).text())),
    }
}

fn run(
    ctx: &Ctx,
    target: &str,
    vault: Option<&Path>,
    op: Result<Op, String>,
) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(vault)?;
    let op = match op {
        Ok(op) => op,
        Err(why) => return Ok(refuse(&why)),
    };
    let result =
        Target::parse(target).and_then(|t| edit::apply(&root, &t, &op, ctx.today, &ctx.config));
    match result {
        // The library reports "nothing to do" as an unchanged outcome with a reason (the UI shows
        // it as a note); on the command line it is a refusal, so scripts can tell from the status.
        Ok(out) if !out.changed => Ok(refuse(&outcome(&out, false).text())),
        Ok(out) => {
            print_outcome(&mut std::io::stdout().lock(), &out, false)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&refusal(&e).text())),
    }
}

/// The new line(s) on stdout; the outcome line, as the UI shows it, on stderr.
fn print_outcome(o: &mut impl Write, out: &Outcome, undo: bool) -> std::io::Result<()> {
    if let Some(ins) = &out.inserted {
        let at = format!("{}:{}", out.path, out.line.saturating_sub(1));
        writeln!(o, "{}: {}", sanitize(&at), sanitize(ins))?;
    }
    let at = format!("{}:{}", out.path, out.line);
    writeln!(o, "{}: {}", sanitize(&at), sanitize(&out.new_line))?;
    eprintln!("triage: {}", sanitize(&outcome(out, undo).text()));
    Ok(())
}

fn refuse(why: &str) -> ExitCode {
    let mark = if why.starts_with('✗') { "" } else { "✗ " };
    eprintln!("triage: {mark}{}", sanitize(why));
    ExitCode::from(1)
}
