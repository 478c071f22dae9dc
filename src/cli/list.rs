//! `triage list`: every task, or those a query or saved view selects, as a table, JSON or a count.
//! Only reads the vault; note text reaches the terminal through the table's sanitising cut or as JSON.

use super::Ctx;
use super::table::{Style, Table, parse_columns};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::query::{Presets, Query, QueryError};
use triage::task::Task;

#[derive(clap::Args)]
pub struct ListArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// A query line (repeatable), e.g. -q 'not done' -q 'due before tomorrow'.
    #[arg(short = 'q', long = "query", value_name = "LINE")]
    pub query: Vec<String>,
    /// Run a saved view (a ```tasks block's note title, or a config view name).
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Group the output: owner, account, due bucket, status, priority, path, folder, heading, tags…
    #[arg(long, value_name = "FIELD")]
    pub group_by: Option<String>,
    /// Print one JSON array of task objects.
    #[arg(long, conflicts_with = "count")]
    pub json: bool,
    /// Print only the number of tasks.
    #[arg(long)]
    pub count: bool,
    /// The table's columns, in order of the list: due, priority, owner, account, description,
    /// location (default: all). Comma-separated or repeated.
    #[arg(long, value_name = "NAMES")]
    pub columns: Vec<String>,
}

pub fn run(ctx: &Ctx, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    if args.count && args.query.is_empty() && args.view.is_none() && args.group_by.is_none() {
        // Nothing to filter: the count needs the task lines, not the tasks built from them.
        let count = triage::vault::count_tasks(&root, &ctx.config)
            .with_context(|| format!("cannot read vault {}", root.display()))?;
        writeln!(std::io::stdout().lock(), "{count}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let index = ctx.index(&root)?;
    let query = compose(&index, ctx, &root, args).map_err(super::usage)?;
    let result = query.run(index.tasks(), ctx.today);

    let mut out = std::io::stdout().lock();
    if args.count {
        writeln!(out, "{}", result.total)?;
    } else if args.json {
        // A task under several tags is in several groups; JSON lists each task once.
        let mut seen = std::collections::HashSet::new();
        let all: Vec<&Task> = result
            .groups
            .iter()
            .flat_map(|g| g.tasks.iter().copied())
            .filter(|t| seen.insert(*t as *const Task))
            .collect();
        triage::text::write_json(&mut out, &all, false)?;
        writeln!(out)?;
    } else {
        // One table for all groups, so every group's columns line up with every other's.
        let shown = if args.columns.is_empty() {
            [true; 6]
        } else {
            parse_columns(&args.columns).map_err(anyhow::Error::msg)?
        };
        let mut table = Table::new(ctx.today, Style::detect(ctx.color), shown);
        for group in &result.groups {
            if !group.keys.is_empty() {
                let title = group.keys.join(" › ");
                table.heading(&format!("{} ({})", title, group.tasks.len()));
            }
            for task in &group.tasks {
                table.push(task);
            }
        }
        table.write(&mut out)?;
    }
    // The process ends after this command: freeing the index one allocation at a time would cost
    // ~100 ms per 20k notes and give back nothing the operating system does not reclaim anyway.
    drop(result);
    std::mem::forget(index);
    Ok(ExitCode::SUCCESS)
}

/// The view's query, then each `-q` line, all ANDed; `--group-by` replaces any grouping they set.
/// Each part is parsed on its own so an error names where it came from (a note line, a `-q`, the option).
fn compose(
    index: &triage::vault::Index,
    ctx: &Ctx,
    root: &std::path::Path,
    args: &ListArgs,
) -> anyhow::Result<Query> {
    let mut query = Query::default();
    let tasks = &ctx.config.tasks;
    let presets = Presets(Some(&tasks.presets.value));
    if let Some(name) = &args.view {
        let view = super::views::find(index, &ctx.config, name)?;
        let parsed = view
            .parse_alone(&ctx.config, root)
            .map_err(|e: QueryError| {
                match (&view.path, view.line) {
                    // The query starts on the line after the opening fence.
                    (Some(path), Some(fence)) => {
                        anyhow::anyhow!(
                            "view '{}': {}:{}: {}",
                            view.name,
                            path,
                            fence as usize + e.line,
                            e.message
                        )
                    }
                    _ => anyhow::anyhow!("view '{}' (config): {e}", view.name),
                }
            })?;
        query = query.and(parsed);
    }
    for line in &args.query {
        let parsed = Query::parse_with(line, presets)
            .map_err(|e| anyhow::anyhow!("query -q '{}': {}", line.trim(), e.message))?;
        query = query.and(parsed);
    }
    // The Obsidian Tasks global query runs before every query and view (none: every task).
    if args.view.is_some() || !args.query.is_empty() {
        let global = &tasks.global_query;
        query = query
            .with_global(&global.value, &tasks.presets.value)
            .map_err(|e| {
                let file = match global.from {
                    triage::config::SettingSource::Config => "the config's [obsidian_tasks]".into(),
                    _ => tasks
                        .file
                        .as_deref()
                        .map_or("data.json".into(), |f| f.display().to_string()),
                };
                anyhow::anyhow!("{file}: globalQuery line {}: {}", e.line, e.message)
            })?;
    }
    if let Some(field) = &args.group_by {
        let grouping = Query::parse(&format!("group by {field}"))
            .map_err(|e| anyhow::anyhow!("--group-by {field}: {}", e.message))?;
        query.regroup(&grouping);
    }
    Ok(query.name_statuses(&ctx.config))
}
