//! `triage owners` / `triage accounts`: names with counts and likely duplicates.
use super::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct NamesArgs {
    /// The vault folder.
    pub vault: Option<PathBuf>,
}

pub fn owners(_ctx: &Ctx, _args: &NamesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("owners: not built yet")
}

pub fn accounts(_ctx: &Ctx, _args: &NamesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("accounts: not built yet")
}
