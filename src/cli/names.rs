//! `triage owners` / `triage accounts`: every spelling with its task counts, and likely duplicates
//! as numbered alias lines with their evidence. Counts raw spellings; writes the config only for
//! `--apply`, and then only the alias table.

use super::Ctx;
use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use triage::config::{AliasTable, add_aliases};
use triage::names::{self, Counts, Duplicates, FolderRule, NameKind, Suggestion};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct NamesArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Print one JSON object: names with counts, duplicate groups, alias lines.
    #[arg(long)]
    pub json: bool,
    /// Accept suggestions: their numbers as listed, a spelling, `all`, or `NAME=TARGET` to merge
    /// any name into another. Writes the alias lines into the config file, keeping its comments.
    #[arg(long, value_name = "N|NAME|all|NAME=TARGET")]
    pub apply: Vec<String>,
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
    /// The name it is shown under, when that is another name.
    aliased_to: Option<Arc<str>>,
    /// Whether the vault (its notes, or a spelling equal up to case or punctuation), not the
    /// config, shows it under that name.
    declared: bool,
    me: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    kind: NameKind,
    vault: String,
    names: Vec<Row<'a>>,
    missing: Missing,
    duplicates: &'a Duplicates,
    /// Numbered, with their evidence: what `--apply` takes.
    suggestions: &'a [Suggestion],
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
    let dir = index.directory();
    let book = match kind {
        NameKind::Owners => &dir.people,
        NameKind::Accounts => &dir.accounts,
    };
    let by_config = |n: &str| match kind {
        NameKind::Owners => cfg.canonical_owner(n),
        NameKind::Accounts => cfg.canonical_account(n),
    };
    // What the UI shows a spelling as: the config's alias, then the vault's own declarations.
    let current = |n: &str| {
        let c = by_config(n);
        match book.find(&c) {
            Some(e) if !(kind == NameKind::Owners && cfg.is_me(&c)) => e.shown.clone(),
            _ => c,
        }
    };
    let spellings = names::spellings(&counts.names, index.tasks(), dir, kind);
    let (dups, suggestions) = names::suggest(&spellings, dir, kind, &current);
    let config = cfg
        .source
        .file
        .clone()
        .or_else(triage::config::default_path);
    if !args.apply.is_empty() {
        return apply(kind, &args.apply, &suggestions, config.as_deref());
    }
    let rules = match kind {
        NameKind::Accounts if counts.missing_all > 0 => {
            let person = |name: &str| dir.people.find(name).is_some_and(|e| e.declared);
            names::folder_rules(index.tasks(), 3, &person)
        }
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
                declared: (*by_config(&n.name) == *n.name && *shown != *n.name),
                aliased_to: (*shown != *n.name).then_some(shown),
                me: kind == NameKind::Owners && cfg.is_me(&n.name),
            }
        })
        .collect();
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
            alias_lines: suggestions.iter().map(Suggestion::line).collect(),
            suggestions: &suggestions,
            duplicates: &dups,
            folder_rules: &rules,
            config: config.map(|p| p.display().to_string()),
        };
        triage::text::write_json(&mut out, &report, true)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_table(&mut out, kind, &root, &counts, &rows)?;
    print_duplicates(
        &mut out,
        kind,
        &dups,
        &suggestions,
        &spellings,
        config.as_deref(),
    )?;
    print_declared(&mut out, kind, book)?;
    if !rules.is_empty() {
        print_rules(&mut out, &rules, config.as_deref())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--apply`: the named suggestions (or `NAME=TARGET` merges) written into the config.
fn apply(
    kind: NameKind,
    wanted: &[String],
    suggestions: &[Suggestion],
    config: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let Some(config) = config else {
        anyhow::bail!("no config file to write to: pass --config FILE");
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for w in wanted {
        let w = w.trim();
        let picked: Vec<&Suggestion> = if w.eq_ignore_ascii_case("all") {
            suggestions.iter().collect()
        } else if let Ok(n) = w.parse::<usize>() {
            suggestions.iter().filter(|s| s.number == n).collect()
        } else if let Some((name, target)) = w.split_once('=') {
            let (name, target) = (name.trim(), target.trim());
            if name.is_empty() || target.is_empty() {
                anyhow::bail!("--apply {w:?}: write NAME=TARGET, both names non-empty");
            }
            pairs.push((name.to_string(), target.to_string()));
            continue;
        } else {
            suggestions
                .iter()
                .filter(|s| s.alias.to_lowercase() == w.to_lowercase())
                .collect()
        };
        if picked.is_empty() {
            anyhow::bail!(
                "--apply {w:?}: no such suggestion (there {}); `triage {}` lists them with their numbers",
                match suggestions.len() {
                    0 => "are none".to_string(),
                    1 => "is 1".to_string(),
                    n => format!("are {n}, numbered 1 to {n}"),
                },
                match kind {
                    NameKind::Owners => "owners",
                    NameKind::Accounts => "accounts",
                }
            );
        }
        pairs.extend(
            picked
                .into_iter()
                .map(|s| (s.alias.to_string(), s.canonical.to_string())),
        );
    }
    let table = match kind {
        NameKind::Owners => AliasTable::People,
        NameKind::Accounts => AliasTable::Accounts,
    };
    let written = add_aliases(config, table, &pairs)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {} under {} in {}:",
        if written.created {
            "Created, with"
        } else {
            "Wrote"
        },
        match written.added.len() {
            1 => "1 alias line".to_string(),
            n => format!("{n} alias lines"),
        },
        kind.alias_table(),
        config.display()
    )?;
    for (alias, canonical) in &written.added {
        writeln!(out, "{}", sanitize(&names::alias_line(alias, canonical)))?;
    }
    for (alias, canonical) in &written.repointed {
        writeln!(
            out,
            "{}   # re-pointed: it named an alias",
            sanitize(&names::alias_line(alias, canonical))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// People or accounts the vault's own notes declare, with the spellings they tie together.
fn print_declared(
    out: &mut impl Write,
    kind: NameKind,
    book: &triage::names::Book,
) -> anyhow::Result<()> {
    let tied: Vec<_> = book.declared().filter(|e| e.spellings.len() > 1).collect();
    if tied.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "Already one {} by the vault's own notes (person/account notes, aliases, tags, links):",
        match kind {
            NameKind::Owners => "person each",
            NameKind::Accounts => "account each",
        }
    )?;
    for e in tied.iter().take(20) {
        let others: Vec<String> = e
            .spellings
            .iter()
            .filter(|s| ***s != *e.shown)
            .take(6)
            .map(|s| sanitize(s).into_owned())
            .collect();
        let note = e
            .note
            .as_deref()
            .map(|n| format!("   ({})", sanitize(n)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} ← {}{note}",
            sanitize(&e.shown),
            others.join(" · ")
        )?;
    }
    if tied.len() > 20 {
        writeln!(out, "  … and {} more", tied.len() - 20)?;
    }
    Ok(())
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
            (Some(to), false) if r.declared => format!("   (shown as {})", sanitize(to)),
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
    suggestions: &[Suggestion],
    spellings: &names::Spellings,
    config: Option<&Path>,
) -> anyhow::Result<()> {
    writeln!(out)?;
    let resolved = match dups.resolved {
        0 => String::new(),
        1 => " (1 group is already merged by your aliases or notes)".to_string(),
        n => format!(" ({n} groups are already merged by your aliases or notes)"),
    };
    if dups.groups.is_empty() && dups.ambiguous.is_empty() {
        writeln!(out, "No likely duplicates{resolved}.")?;
        return Ok(());
    }
    let command = match kind {
        NameKind::Owners => "owners",
        NameKind::Accounts => "accounts",
    };
    if !dups.groups.is_empty() {
        let n = dups.groups.len();
        writeln!(
            out,
            "Likely duplicates: {n} group{}{resolved}. Accept one with `triage {command} --apply N` \
             (N as numbered below, or `all`),\nor add these lines under {} in {}",
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
        for (gi, g) in dups.groups.iter().enumerate() {
            let members: Vec<String> = g
                .members
                .iter()
                .map(|m| {
                    let in_notes = spellings.in_notes.get(&m.name).copied().unwrap_or(0);
                    match (m.all, in_notes) {
                        (0, 0) => format!("{} (declared)", sanitize(&m.name)),
                        (0, n) => format!(
                            "{} (in {n} note{})",
                            sanitize(&m.name),
                            if n == 1 { "" } else { "s" }
                        ),
                        (t, _) => format!("{} ({t})", sanitize(&m.name)),
                    }
                })
                .collect();
            let reasons: Vec<&str> = g.reasons.iter().map(|r| r.label()).collect();
            writeln!(out, "# {} — {}", members.join(" · "), reasons.join(", "))?;
            for s in suggestions.iter().filter(|s| s.group == gi) {
                let extra = s
                    .why
                    .split_once("; ")
                    .map(|(_, e)| format!(" {}", sanitize(e)))
                    .unwrap_or_default();
                writeln!(out, "{}   # [{}]{extra}", sanitize(&s.line()), s.number)?;
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
            "# \"{}\" ({}) fits {}: merge it by hand if it is one of them (`--apply \"{}=NAME\"`)",
            sanitize(&a.name.name),
            a.name.all,
            options.join(" or "),
            sanitize(&a.name.name),
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
