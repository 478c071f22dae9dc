//! `triage watch`: print index changes as JSON lines.
use super::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct WatchArgs {
    /// The vault folder.
    pub vault: Option<PathBuf>,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Poll instead of OS file events.
    #[arg(long)]
    pub poll: bool,
}

pub fn run(_ctx: &Ctx, _args: &WatchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("watch: not built yet")
}
