//! The terminal UI (binary only).
use crate::cli::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_ctx: &Ctx, _vault: Option<PathBuf>, _demo: bool, _poll: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the terminal UI is not built yet; try `triage list`")
}
