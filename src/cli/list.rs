//! `triage list`: every task, or those a query or saved view selects, as a table, JSON or a count.

use super::Ctx;
use super::table::{Style, Table};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::query::Query;
use triage::task::Task;

#[derive(clap::Args)]
pub struct ListArgs {
    /// The vault folder.
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
}

pub fn run(ctx: &Ctx, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    let index = triage::vault::scan(&root, &ctx.config)
        .with_context(|| format!("cannot read vault {}", root.display()))?;
    let mut text = String::new();
    if let Some(name) = &args.view {
        text.push_str(&super::views::find(&index, &ctx.config, name)?.query);
        text.push('\n');
    }
    for line in &args.query {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(field) = &args.group_by {
        text.push_str(&format!("group by {field}\n"));
    }
    let query = Query::parse(&text).map_err(|e| anyhow::anyhow!("query {e}"))?;
    let result = query.run(index.tasks(), ctx.today);

    let mut out = std::io::stdout().lock();
    if args.count {
        writeln!(out, "{}", result.total)?;
    } else if args.json {
        let all: Vec<&Task> = result.groups.iter().flat_map(|g| g.tasks.iter().copied()).collect();
        serde_json::to_writer(&mut out, &all)?;
        writeln!(out)?;
    } else {
        let style = Style::detect();
        for group in &result.groups {
            if !group.keys.is_empty() {
                let title = group.keys.join(" › ");
                writeln!(out, "{}", style.heading(&format!("{} ({})", title, group.tasks.len())))?;
            }
            let mut table = Table::new(ctx.today, style);
            for task in &group.tasks {
                table.push(task);
            }
            table.write(&mut out)?;
            if !group.keys.is_empty() {
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
