//! `triage scheduled|start REF DATE|none`: set or remove a task's ⏳ scheduled or 🛫 start date.
//! The same date phrases as `due`; one library call each (`Op::SetScheduled`, `Op::SetStart`).

use super::Ctx;
use std::process::ExitCode;
use triage::edit::{Op, When};

pub use super::edit::DueArgs as DateArgs;

pub fn scheduled(ctx: &Ctx, a: &DateArgs) -> anyhow::Result<ExitCode> {
    let op = When::parse(&a.when, ctx.today)
        .map(Op::SetScheduled)
        .map_err(|e| e.to_string());
    super::edit::run(ctx, &a.target, op)
}

pub fn start(ctx: &Ctx, a: &DateArgs) -> anyhow::Result<ExitCode> {
    let op = When::parse(&a.when, ctx.today)
        .map(Op::SetStart)
        .map_err(|e| e.to_string());
    super::edit::run(ctx, &a.target, op)
}
