//! `triage toggle|accept|reject|due|priority|undo|redo`: one-line edits from the command line.
//! Prints the new line (sanitised); a refusal goes to stderr with exit status 1, never a panic.

use super::Ctx;
use std::io::Write;
use std::process::ExitCode;
use triage::Priority;
use triage::edit::message::{outcome, refusal};
use triage::edit::{self, Editor, EntryState, Op, Outcome, Target, When};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct TargetArgs {
    /// The task: its ref from `triage list --json` (reaches the task even if lines moved), or
    /// PATH:LINE (PATH relative to the vault; whatever task is at that line now).
    pub target: String,
}

#[derive(clap::Args)]
pub struct DueArgs {
    /// The task: its ref from `triage list --json`, or PATH:LINE.
    pub target: String,
    /// YYYY-MM-DD, +3d, in 2 weeks, fri, next fri, dec 15 (from today), due+3d (from its due date), or none.
    pub when: String,
}

#[derive(clap::Args)]
pub struct PriorityArgs {
    /// The task: its ref from `triage list --json`, or PATH:LINE.
    pub target: String,
    /// highest, high, medium, none, low or lowest.
    pub level: String,
}

#[derive(clap::Args)]
pub struct UndoArgs {
    /// Undo this entry of `--list` instead of the newest edit.
    pub entry: Option<u64>,
    /// List the vault's recent edits, newest first, with their numbers and whether undone.
    #[arg(long, conflicts_with = "entry")]
    pub list: bool,
    /// With --list: print one JSON array.
    #[arg(long, requires = "list")]
    pub json: bool,
    /// With --list: how many entries.
    #[arg(long, default_value_t = 20, requires = "list")]
    pub limit: usize,
}

#[derive(clap::Args)]
pub struct RedoArgs {}

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

pub fn undo(ctx: &Ctx, a: &UndoArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(None)?;
    let editor = match Editor::new(&root) {
        Ok(e) => e,
        Err(e) => return Ok(refuse(&e.to_string())),
    };
    if a.list {
        return list(&editor, a);
    }
    let result = match a.entry {
        Some(n) => editor.undo_entry(n),
        None => editor.undo(),
    };
    done("undid", result)
}

pub fn redo(ctx: &Ctx, _args: &RedoArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(None)?;
    done("redid", Editor::new(&root).and_then(|e| e.redo()))
}

fn done(verb: &str, result: Result<Outcome, edit::EditError>) -> anyhow::Result<ExitCode> {
    match result {
        Ok(out) => {
            let mut o = std::io::stdout().lock();
            writeln!(o, "{verb} {}", out.what)?;
            let taken_back = if verb == "undid" { "undone" } else { "redone" };
            print_outcome(&mut o, &out, Some(taken_back))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&refusal(&e).text())),
    }
}

/// `undo --list`: the history, newest first, one line each (or JSON).
fn list(editor: &Editor, a: &UndoArgs) -> anyhow::Result<ExitCode> {
    let entries = match editor.history(a.limit) {
        Ok(e) => e,
        Err(e) => return Ok(refuse(&e.to_string())),
    };
    let mut o = std::io::stdout().lock();
    if a.json {
        triage::text::write_json(&mut o, &entries, false)?;
        writeln!(o)?;
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        writeln!(o, "No edits to undo in this vault.")?;
    }
    for e in &entries {
        let when = e.time.get(..16).unwrap_or(&e.time).replace('T', " ");
        let state = match e.state {
            EntryState::Done => "",
            EntryState::Undone => "  (undone)",
        };
        let at = format!("{}:{}", e.path, e.line);
        writeln!(
            o,
            "{:>5}  {when} UTC  {:<9} {}{state}\n       {} → {}",
            e.seq,
            sanitize(&e.op),
            sanitize(&at),
            sanitize(&e.before),
            sanitize(&e.after)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run(ctx: &Ctx, target: &str, op: Result<Op, String>) -> anyhow::Result<ExitCode> {
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
        Ok(out) if !out.changed => Ok(refuse(&outcome(&out, None).text())),
        Ok(out) => {
            print_outcome(&mut std::io::stdout().lock(), &out, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&refusal(&e).text())),
    }
}

/// The new line(s) on stdout; the outcome line, as the UI shows it, on stderr.
pub(super) fn print_outcome(
    o: &mut impl Write,
    out: &Outcome,
    taken_back: Option<&str>,
) -> std::io::Result<()> {
    if let Some(ins) = &out.inserted {
        let at = format!("{}:{}", out.path, out.line.saturating_sub(1));
        writeln!(o, "{}: {}", sanitize(&at), sanitize(ins))?;
    }
    let at = format!("{}:{}", out.path, out.line);
    writeln!(o, "{}: {}", sanitize(&at), sanitize(&out.new_line))?;
    eprintln!("triage: {}", sanitize(&outcome(out, taken_back).text()));
    Ok(())
}

pub(super) fn refuse(why: &str) -> ExitCode {
    let mark = if why.starts_with('✗') { "" } else { "✗ " };
    eprintln!("triage: {mark}{}", sanitize(why));
    ExitCode::from(1)
}
