//! `triage rename REF TEXT`: give a task a new description (SPEC §12).
//! One library call (`Op::Rename`); fields, tags, owner and block link stay where they are.

use super::Ctx;
use std::process::ExitCode;
use triage::edit::Op;

#[derive(clap::Args)]
pub struct RenameArgs {
    /// The task: its ref from `triage list --json`, or PATH:LINE.
    pub target: String,
    /// The new description (one line, not empty).
    pub text: String,
}

pub fn run(ctx: &Ctx, a: &RenameArgs) -> anyhow::Result<ExitCode> {
    super::edit::run(ctx, &a.target, Ok(Op::Rename(a.text.clone())))
}
