//! `triage vaults`: the vaults Obsidian knows, from its own `obsidian.json`, by the names that
//! `--vault NAME` accepts. Reads that file only; never writes it.

use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use triage::text::sanitize;
use triage::vault::discover::{self, KnownVault};

#[derive(clap::Args)]
pub struct VaultsArgs {
    /// Print one JSON array of {name, path, open, exists}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    vault: &'a KnownVault,
    /// Whether the folder is there now (Obsidian keeps vaults whose folder has gone).
    exists: bool,
}

pub fn run(args: &VaultsArgs) -> anyhow::Result<ExitCode> {
    let file = discover::obsidian_list_file();
    let known = match &file {
        Some(f) => discover::read_obsidian_list(f)?,
        None => None,
    };
    let Some(known) = known else {
        let place = file.as_deref().map_or_else(
            || "no home folder to look in".to_string(),
            |f| format!("looked for {}", f.display()),
        );
        eprintln!(
            "triage: Obsidian's vault list was not found ({place}); if Obsidian keeps it elsewhere, \
             set TRIAGE_OBSIDIAN_CONFIG to that obsidian.json"
        );
        return print(args, &[]);
    };
    print(args, &known)
}

fn print(args: &VaultsArgs, known: &[KnownVault]) -> anyhow::Result<ExitCode> {
    let rows: Vec<Row> = known
        .iter()
        .map(|vault| Row {
            vault,
            exists: vault.path.is_dir(),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        triage::text::write_json(&mut out, &rows, false)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = rows
        .iter()
        .map(|r| name(r).chars().count())
        .max()
        .unwrap_or(0);
    for row in &rows {
        let mut notes = Vec::new();
        if row.vault.open {
            notes.push("open in Obsidian");
        }
        if !row.exists {
            notes.push("folder missing");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        writeln!(
            out,
            "{:width$}  {}{notes}",
            name(row),
            shown(&row.vault.path)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn name(row: &Row) -> String {
    sanitize(&row.vault.name).into_owned()
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}
