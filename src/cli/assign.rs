//! `triage assign REF NAME|none`: set or remove a task's owner mention (SPEC §12).
//! One library call (`Op::SetOwner`) through the safe writer; prints the new line.

use super::Ctx;
use std::process::ExitCode;
use triage::edit::Op;

#[derive(clap::Args)]
pub struct AssignArgs {
    /// The task: its ref from `triage list --json`, or PATH:LINE.
    pub target: String,
    /// The new owner (`Dana Reyes`, `@Sam`), or `none` to remove the owner mention.
    pub name: String,
}

pub fn run(ctx: &Ctx, a: &AssignArgs) -> anyhow::Result<ExitCode> {
    let name = match a.name.trim() {
        "none" | "-" => None,
        n => Some(n.to_string()),
    };
    super::edit::run(ctx, &a.target, Ok(Op::SetOwner(name)))
}
