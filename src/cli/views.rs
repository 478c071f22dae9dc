//! `triage views`: list saved views.
use super::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ViewsArgs {
    /// The vault folder.
    pub vault: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_ctx: &Ctx, _args: &ViewsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("views: not built yet")
}

/// A saved view by name.
pub struct View {
    pub query: String,
}

/// Finds the view called `name` (case-insensitive).
pub fn find(_index: &triage::vault::Index, _cfg: &triage::Config, name: &str) -> anyhow::Result<View> {
    anyhow::bail!("no view named {name:?}")
}
