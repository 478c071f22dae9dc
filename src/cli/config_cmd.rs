//! `triage config path|init`.
use super::GlobalArgs;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(clap::Subcommand)]
pub enum ConfigAction {
    /// Print the path the config is read from.
    Path,
    /// Write a commented default config (never overwrites).
    Init,
}

pub fn run(_global: &GlobalArgs, _args: &ConfigArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("config: not built yet")
}
