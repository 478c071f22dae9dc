//! `triage toggle|accept|reject|due|priority|undo`: one-line edits from the command line.
//! Prints the new line (sanitised); a refusal goes to stderr with exit status 1, never a panic.

use super::Ctx;
use std::io::Write;
use std::process::ExitCode;
use triage::Priority;
use triage::edit::{self, Op, Outcome, Target, When};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct TargetArgs {
    /// The task, as PATH:LINE (PATH relative to the vault).
    pub target: String,
}

#[derive(clap::Args)]
pub struct DueArgs {
    /// The task, as PATH:LINE.
    pub target: String,
    /// YYYY-MM-DD, +Nd, +Nw, tomorrow, a weekday name, or none.
    pub when: String,
}

#[derive(clap::Args)]
pub struct PriorityArgs {
    /// The task, as PATH:LINE.
    pub target: String,
    /// highest, high, medium, none, low or lowest.
    pub level: String,
}

#[derive(clap::Args)]
pub struct UndoArgs {}

pub fn toggle(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, Ok(Op::ToggleDone))
}

pub fn accept(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, Ok(Op::Accept))
}

pub fn reject(ctx: &Ctx, a: &TargetArgs) -> anyhow::Result<ExitCode> {
    run(ctx, &a.target, Ok(Op::Reject))
}

pub fn due(ctx: &Ctx, a: &DueArgs) -> anyhow::Result<ExitCode> {
    let op = When::parse(&a.when, ctx.today)
        .map(Op::SetDue)
        .map_err(|e| e.to_string());
    run(ctx, &a.target, op)
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
    run(ctx, &a.target, op)
}

pub fn undo(ctx: &Ctx, _args: &UndoArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(None)?;
    match edit::undo(&root, &ctx.config) {
        Ok(out) => {
            let mut o = std::io::stdout().lock();
            writeln!(o, "undid {}", out.what)?;
            print_outcome(&mut o, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&e.to_string())),
    }
}

fn run(ctx: &Ctx, target: &str, op: Result<Op, String>) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(None)?;
    let op = match op {
        Ok(op) => op,
        Err(why) => return Ok(refuse(&why)),
    };
    let result =
        Target::parse(target).and_then(|t| edit::apply(&root, &t, &op, ctx.today, &ctx.config));
    match result {
        // The library reports "nothing to do" as an unchanged outcome with a reason (the UI shows
        // it as a note); on the command line it is a refusal, so scripts can tell from the status.
        Ok(out) if !out.changed => {
            let why = out
                .warning
                .as_deref()
                .unwrap_or("the task already reads that way");
            let at = format!("{}:{}", out.path, out.line);
            let tail = if why.contains("nothing") {
                ""
            } else {
                "; nothing was written"
            };
            Ok(refuse(&format!("{at}: refused: {why}{tail}")))
        }
        Ok(out) => {
            print_outcome(&mut std::io::stdout().lock(), &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&e.to_string())),
    }
}

fn print_outcome(o: &mut impl Write, out: &Outcome) -> std::io::Result<()> {
    if let Some(ins) = &out.inserted {
        let at = format!("{}:{}", out.path, out.line.saturating_sub(1));
        writeln!(o, "{}: {}", sanitize(&at), sanitize(ins))?;
    }
    let at = format!("{}:{}", out.path, out.line);
    writeln!(o, "{}: {}", sanitize(&at), sanitize(&out.new_line))?;
    if let Some(w) = &out.warning {
        eprintln!("triage: {}: {}", sanitize(&at), sanitize(w));
    }
    Ok(())
}

fn refuse(why: &str) -> ExitCode {
    eprintln!("triage: {}", sanitize(why));
    ExitCode::from(1)
}
