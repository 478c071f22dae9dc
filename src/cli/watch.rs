//! `triage watch`: follow the vault and print one line per note whose tasks changed (SPEC §8).
//! Prints only, one flushed line per event; never writes a note. Ends quietly when stdout closes.

use super::Ctx;
use serde_json::json;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use triage::text::sanitize;
use triage::vault::{Change, ChangeKind, Index, LiveMsg, LiveOptions, LiveVault, Mode};

#[derive(clap::Args)]
pub struct WatchArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Poll instead of OS file events.
    #[arg(long)]
    pub poll: bool,
}

/// Runs until interrupted, or until stdout is closed (then exits 0).
pub fn run(ctx: &Ctx, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    let mode = if args.poll { Mode::Poll } else { Mode::Auto };
    let opts = LiveOptions {
        mode,
        cache: ctx.cache(&root),
        ..LiveOptions::default()
    };
    let (live, messages) = LiveVault::start_with(&root, &ctx.config, opts)?;
    let mut out = io::stdout().lock();
    let mut index: Option<Index> = None;
    for msg in messages {
        let written = match msg {
            LiveMsg::Progress { .. } => Ok(()),
            LiveMsg::Warning(w) => {
                let _ = writeln!(io::stderr(), "triage: {}", sanitize(&w));
                Ok(())
            }
            LiveMsg::Ready(ready) => {
                let written = print_ready(&mut out, &ready, args.json);
                index = Some(ready);
                written
            }
            LiveMsg::Changed(updates) => match index.as_mut() {
                Some(index) => index
                    .apply_all(updates)
                    .iter()
                    .filter(|c| c.tasks_changed)
                    .try_for_each(|c| print_change(&mut out, c, args.json)),
                None => Ok(()),
            },
        };
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(anyhow::anyhow!("cannot write to stdout: {e}")),
        }
    }
    drop(live);
    anyhow::bail!("watching {} stopped unexpectedly", root.display())
}

fn print_ready(out: &mut impl Write, index: &Index, json: bool) -> io::Result<()> {
    let (notes, tasks) = (index.note_count(), index.task_count());
    if json {
        writeln!(
            out,
            "{}",
            json!({"event": "ready", "notes": notes, "tasks": tasks})
        )?;
    } else {
        writeln!(
            out,
            "ready: {notes} notes, {tasks} tasks; watching for changes"
        )?;
    }
    out.flush()
}

fn print_change(out: &mut impl Write, change: &Change, json: bool) -> io::Result<()> {
    let path = &*change.path;
    match (change.kind, json) {
        (ChangeKind::Removed, true) => json_line(out, &json!({"event": "remove", "path": path}))?,
        (_, true) => json_line(
            out,
            &json!({"event": "update", "path": path, "tasks": change.tasks}),
        )?,
        (ChangeKind::Removed, false) => writeln!(out, "removed {}", sanitize(path))?,
        (_, false) => writeln!(out, "updated {}: {} tasks", sanitize(path), change.tasks)?,
    }
    out.flush()
}

fn json_line(out: &mut impl Write, value: &serde_json::Value) -> io::Result<()> {
    triage::text::write_json(&mut *out, value, false)?;
    writeln!(out)
}
