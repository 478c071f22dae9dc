//! `triage toggle|accept|reject|due|priority|undo`: one-line edits from the command line.
use super::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// YYYY-MM-DD, +Nd, +Nw, tomorrow, a weekday name, or none.
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

fn not_yet() -> anyhow::Result<ExitCode> {
    anyhow::bail!("edits: not built yet")
}
pub fn toggle(_: &Ctx, _: &TargetArgs) -> anyhow::Result<ExitCode> { not_yet() }
pub fn accept(_: &Ctx, _: &TargetArgs) -> anyhow::Result<ExitCode> { not_yet() }
pub fn reject(_: &Ctx, _: &TargetArgs) -> anyhow::Result<ExitCode> { not_yet() }
pub fn due(_: &Ctx, _: &DueArgs) -> anyhow::Result<ExitCode> { not_yet() }
pub fn priority(_: &Ctx, _: &PriorityArgs) -> anyhow::Result<ExitCode> { not_yet() }
pub fn undo(_: &Ctx, _: &UndoArgs) -> anyhow::Result<ExitCode> { not_yet() }
