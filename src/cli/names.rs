//! `triage owners` / `triage accounts`: every spelling with its task counts, and likely duplicates
//! with alias lines ready to paste into the config. Counts raw spellings; never writes the config.

use super::Ctx;
use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use triage::names::{self, Counts, Duplicates, FolderRule, NameKind};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct NamesArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Print one JSON object: names with counts, duplicate groups, alias lines.
    #[arg(long)]
    pub json: bool,
}

pub fn owners(ctx: &Ctx, args: &NamesArgs) -> anyhow::Result<ExitCode> {
    run(ctx, args, NameKind::Owners)
}

pub fn accounts(ctx: &Ctx, args: &NamesArgs) -> anyhow::Result<ExitCode> {
    run(ctx, args, NameKind::Accounts)
}

/// One spelling as printed: its counts and what the config makes of it today.
#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    open: usize,
    all: usize,
    /// The name the config shows it under, when that is another name.
    aliased_to: Option<Arc<str>>,
    me: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    kind: NameKind,
    vault: String,
    names: Vec<Row<'a>>,
    missing: Missing,
    duplicates: &'a Duplicates,
    alias_lines: Vec<String>,
    /// Accounts only: folder rules that would name the tasks without an account.
    folder_rules: &'a [FolderRule],
    config: Option<String>,
}

#[derive(Serialize)]
struct Missing {
    open: usize,
    all: usize,
}

fn run(ctx: &Ctx, args: &NamesArgs, kind: NameKind) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    // Scan without aliases so that the counts show what the notes actually say.
    let raw = ctx.config.without_aliases();
    let index = triage::vault::scan(&root, &raw)
        .with_context(|| format!("cannot read vault {}", root.display()))?;
    let counts = names::count(index.tasks(), kind);
    let cfg = &ctx.config;
    let current = |n: &str| match kind {
        NameKind::Owners => cfg.canonical_owner(n),
        NameKind::Accounts => cfg.canonical_account(n),
    };
    let dups = names::find_duplicates(&counts.names, kind, &current);
    let rules = match kind {
        NameKind::Accounts if counts.missing_all > 0 => names::folder_rules(index.tasks(), 3),
        _ => Vec::new(),
    };
    let rows: Vec<Row> = counts
        .names
        .iter()
        .map(|n| {
            let shown = current(&n.name);
            Row {
                name: &n.name,
                open: n.open,
                all: n.all,
                aliased_to: (*shown != *n.name).then_some(shown),
                me: kind == NameKind::Owners && cfg.is_me(&n.name),
            }
        })
        .collect();
    let config = cfg
        .source
        .file
        .clone()
        .or_else(triage::config::default_path);
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = Report {
            kind,
            vault: root.display().to_string(),
            names: rows,
            missing: Missing {
                open: counts.missing_open,
                all: counts.missing_all,
            },
            alias_lines: dups
                .groups
                .iter()
                .flat_map(|g| g.aliases.iter().map(names::Alias::line))
                .collect(),
            duplicates: &dups,
            folder_rules: &rules,
            config: config.map(|p| p.display().to_string()),
        };
        triage::text::write_json(&mut out, &report, true)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_table(&mut out, kind, &root, &counts, &rows)?;
    print_duplicates(&mut out, kind, &dups, config.as_deref())?;
    if !rules.is_empty() {
        print_rules(&mut out, &rules, config.as_deref())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(
    out: &mut impl Write,
    kind: NameKind,
    root: &Path,
    counts: &Counts,
    rows: &[Row],
) -> anyhow::Result<()> {
    let (title, noun, none) = match kind {
        NameKind::Owners => ("Owners", "owner", "no owner"),
        NameKind::Accounts => ("Accounts", "account", "no account"),
    };
    let all: usize = counts.names.iter().map(|n| n.all).sum();
    let open: usize = counts.names.iter().map(|n| n.open).sum();
    writeln!(
        out,
        "{title} in {}: {} {noun} spelling{} on {all} tasks ({open} open)",
        sanitize(&root.display().to_string()),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    if rows.is_empty() && counts.missing_all == 0 {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{:>6} {:>6}  {noun}", "open", "all")?;
    for r in rows {
        let note = match (&r.aliased_to, r.me) {
            (_, true) if r.aliased_to.is_some() => format!(
                "   (me → {})",
                sanitize(r.aliased_to.as_deref().unwrap_or(""))
            ),
            (_, true) => "   (me)".to_string(),
            (Some(to), false) => format!("   (alias → {})", sanitize(to)),
            (None, false) => String::new(),
        };
        writeln!(
            out,
            "{:>6} {:>6}  {}{note}",
            r.open,
            r.all,
            sanitize(r.name)
        )?;
    }
    if counts.missing_all > 0 {
        writeln!(
            out,
            "{:>6} {:>6}  ({none})",
            counts.missing_open, counts.missing_all
        )?;
    }
    Ok(())
}

fn print_duplicates(
    out: &mut impl Write,
    kind: NameKind,
    dups: &Duplicates,
    config: Option<&Path>,
) -> anyhow::Result<()> {
    writeln!(out)?;
    let resolved = match dups.resolved {
        0 => String::new(),
        1 => " (1 group is already merged by your aliases)".to_string(),
        n => format!(" ({n} groups are already merged by your aliases)"),
    };
    if dups.groups.is_empty() && dups.ambiguous.is_empty() {
        writeln!(out, "No likely duplicates{resolved}.")?;
        return Ok(());
    }
    if !dups.groups.is_empty() {
        let n = dups.groups.len();
        writeln!(
            out,
            "Likely duplicates: {n} group{}{resolved}. Add these lines under {} in {}",
            if n == 1 { "" } else { "s" },
            kind.alias_table(),
            where_config(config)
        )?;
        writeln!(
            out,
            "(write that table line first if your config has none; the most frequent spelling is kept,\n\
             swap the two sides of a line to keep the other):"
        )?;
        writeln!(out)?;
        for g in &dups.groups {
            let members: Vec<String> = g
                .members
                .iter()
                .map(|m| format!("{} ({})", sanitize(&m.name), m.all))
                .collect();
            let reasons: Vec<&str> = g.reasons.iter().map(|r| r.label()).collect();
            writeln!(out, "# {} — {}", members.join(" · "), reasons.join(", "))?;
            for alias in &g.aliases {
                writeln!(out, "{}", sanitize(&alias.line()))?;
            }
        }
    }
    if dups.groups.is_empty() {
        writeln!(
            out,
            "No likely duplicates{resolved}, but short names fit several longer ones:"
        )?;
    }
    for a in &dups.ambiguous {
        let options: Vec<String> = a
            .candidates
            .iter()
            .map(|c| format!("\"{}\" ({})", sanitize(&c.name), c.all))
            .collect();
        writeln!(
            out,
            "# \"{}\" ({}) fits {}: alias it by hand if it is one of them",
            sanitize(&a.name.name),
            a.name.all,
            options.join(" or ")
        )?;
    }
    Ok(())
}

fn print_rules(
    out: &mut impl Write,
    rules: &[FolderRule],
    config: Option<&Path>,
) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Tasks without an account sit in these folders. A folder rule under [accounts] in {} names them:",
        where_config(config)
    )?;
    writeln!(out)?;
    for r in rules {
        let names: Vec<String> = r
            .names
            .iter()
            .take(5)
            .map(|n| format!("{} ({})", sanitize(&n.name), n.all))
            .collect();
        let more = if r.names.len() > 5 { ", …" } else { "" };
        writeln!(
            out,
            "folders = [{}]   # {} tasks: {}{more}",
            sanitize(&names::toml_quote(&r.rule)),
            r.tasks,
            names.join(", ")
        )?;
    }
    Ok(())
}

fn where_config(config: Option<&Path>) -> String {
    match config {
        Some(p) if p.is_file() => p.display().to_string(),
        Some(p) => format!("{} (`triage config init` creates it)", p.display()),
        None => "your config file".to_string(),
    }
}
