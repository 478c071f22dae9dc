//! `triage views`: list the saved views (```tasks blocks and config views) as a table or JSON.
//! Only lists and looks up views; running one is `triage list --view NAME`.

use super::Ctx;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::query::views::{self, View};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct ViewsArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Print one JSON array of {name, path, line, query, source}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Ctx, args: &ViewsArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    let index = ctx.index(&root)?;
    let all = views::collect(&index, &ctx.config);
    let mut out = std::io::stdout().lock();
    if args.json {
        triage::text::write_json(&mut out, &all, false)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        writeln!(
            out,
            "No saved views: add a ```tasks block to a note, or a [views] table to the config."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for view in &all {
        writeln!(
            out,
            "{}  ({})",
            sanitize(&view.name),
            sanitize(&view.location())
        )?;
        for line in view.query.lines().filter(|l| !l.trim().is_empty()) {
            writeln!(out, "    {}", sanitize(line.trim_end()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Finds the view called `name` (case-insensitive); an unknown name lists the available ones.
pub fn find(
    index: &triage::vault::Index,
    cfg: &triage::Config,
    name: &str,
) -> anyhow::Result<View> {
    let all = views::collect(index, cfg);
    Ok(views::find(&all, name)?.clone())
}
