//! `triage add TEXT [--note PATH]`: capture a new task line (SPEC §12) into a note, the config's
//! `[inbox]`, or today's daily note. One library call (`Editor::capture`); prints the new line.

use super::Ctx;
use super::edit::{print_outcome, refuse};
use std::process::ExitCode;
use triage::edit::message::refusal;
use triage::edit::{CaptureOptions, Editor};

#[derive(clap::Args)]
pub struct AddArgs {
    /// The task: words, `@Owner`, `#tags`, dates (`due fri`, `sched mon`, `start 2026-12-14`,
    /// `📅 2026-12-11`) and priority (`!` medium, `!!` high, `!!!` highest, `!low`, `priority low`).
    pub text: String,
    /// The note to add to (vault-relative; `.md` may be left out). It must exist. Default: the
    /// config's [inbox] note, else today's daily note (created from Obsidian's daily-notes template).
    #[arg(long, value_name = "PATH")]
    pub note: Option<String>,
}

pub fn run(ctx: &Ctx, a: &AddArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(None)?;
    // ➕ today and the field form follow the vault's Obsidian Tasks settings (SPEC §9).
    let opts = CaptureOptions::from_config(&ctx.config);
    let result = Editor::new(&root)
        .and_then(|e| e.capture(&a.text, a.note.as_deref(), ctx.today, &ctx.config, opts));
    match result {
        Ok(out) => {
            print_outcome(&mut std::io::stdout().lock(), &out, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(refuse(&refusal(&e).text())),
    }
}
