//! Checks that need more than the schema: single-character statuses, alias chains and loops,
//! globs, theme colours, and the queries of `[views]`. Reports every problem; never changes the config.

use super::load::{Issue, Spans};
use super::lookup::{folder_matcher, same_ci, single_char};
use super::{Color, Config};
use crate::query::{Presets, Query};
use std::collections::{BTreeMap, HashMap};

pub(crate) fn check(cfg: &Config, spans: &Spans, text: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut push = |path: String, message: String| {
        out.push(Issue::new(spans.line(&path), path, message));
    };
    for (i, name) in cfg.me.iter().enumerate() {
        if name.trim().is_empty() {
            push(
                format!("me.{i}"),
                "an empty name in 'me' — expected me = [\"Myself\", \"Dana Reyes\"]".into(),
            );
        }
    }
    if let Some(dir) = &cfg.obsidian_dir
        && (dir.is_empty() || dir == "." || dir == ".." || dir.contains(['/', '\\']))
    {
        push(
            "obsidian_dir".into(),
            format!(
                "'obsidian_dir' must be one folder name, not {dir:?} — expected obsidian_dir = \".obsidian\""
            ),
        );
    }
    if let Some(note) = &cfg.inbox.note {
        let bad = note.trim().is_empty()
            || note.starts_with(['/', '\\'])
            || std::path::Path::new(note).is_absolute()
            || note.contains('\\')
            || note.split('/').any(|p| p == "..")
            || !note.ends_with(".md");
        if bad {
            push(
                "inbox.note".into(),
                format!(
                    "'note' in [inbox] must be a note's path inside the vault, relative, ending in .md, not {note:?} — expected note = \"Inbox.md\""
                ),
            );
        }
    }
    if cfg
        .inbox
        .heading
        .as_deref()
        .is_some_and(|h| h.contains(['\n', '\r']))
    {
        push(
            "inbox.heading".into(),
            "'heading' in [inbox] must be one line — expected heading = \"Captured\"".into(),
        );
    }
    aliases(&cfg.people.aliases, "people.aliases", &mut push);
    aliases(&cfg.accounts.aliases, "accounts.aliases", &mut push);
    for (alias, target) in &cfg.people.aliases {
        if cfg.is_me(alias) && !cfg.is_me(target) {
            push(
                format!("people.aliases.{alias}"),
                format!(
                    "'{alias}' is one of the 'me' names, so it cannot also be an alias of '{target}'"
                ),
            );
        }
    }
    for (symbol, def) in &cfg.statuses {
        let path = format!("statuses.{symbol}");
        if single_char(symbol).is_none() {
            push(
                path.clone(),
                format!(
                    "status key \"{symbol}\" in [statuses] must be exactly one character — expected [statuses.\"!\"]"
                ),
            );
        }
        if def.name.trim().is_empty() {
            push(
                format!("{path}.name"),
                "a status needs a name — expected name = \"Important\"".into(),
            );
        }
    }
    for (i, symbol) in cfg.proposed.symbols.iter().enumerate() {
        if single_char(symbol).is_none() {
            push(
                format!("proposed.symbols.{i}"),
                format!(
                    "proposed symbol \"{symbol}\" must be exactly one character — expected symbols = [\"?\"]"
                ),
            );
        }
    }
    for (i, glob) in cfg.ignore.iter().enumerate() {
        let mut b = ignore::overrides::OverrideBuilder::new("/");
        let glob = glob.trim_start_matches('!');
        if glob.trim().is_empty() {
            push(
                format!("ignore.{i}"),
                "an empty glob in 'ignore' — expected ignore = [\"Templates/**\"]".into(),
            );
        } else if let Err(e) = b.add(&format!("!{glob}")) {
            push(
                format!("ignore.{i}"),
                format!(
                    "bad glob \"{glob}\" in 'ignore': {} — expected ignore = [\"Templates/**\"]",
                    glob_reason(&e.to_string())
                ),
            );
        }
    }
    let rules = [
        ("accounts", &cfg.accounts.folders, "Customers/*"),
        ("people", &cfg.people.folders, "People/*"),
    ];
    for (table, folders, example) in rules {
        for (i, rule) in folders.iter().enumerate() {
            let path = format!("{table}.folders.{i}");
            if rule.trim().trim_matches('/').is_empty() {
                push(
                    path,
                    format!("an empty folder rule — expected folders = [\"{example}\"]"),
                );
            } else if let Err(e) = folder_matcher(rule) {
                push(
                    path,
                    format!(
                        "bad glob \"{rule}\" in {table}.folders: {} — expected folders = [\"{example}\"]",
                        glob_reason(&e.to_string())
                    ),
                );
            }
        }
    }
    for (role, color) in &cfg.theme.colors {
        if Color::parse(color).is_none() {
            push(
                format!("theme.colors.{role}"),
                format!(
                    "unknown colour \"{color}\" for '{role}' — expected a name ({}), \"#rrggbb\" or 0-255",
                    super::theme::COLOR_NAMES
                ),
            );
        }
    }
    for (name, query) in &cfg.views {
        // The vault's presets are not known yet: a preset name is checked when the view runs.
        if let Err(e) = Query::parse_with(query, Presets(None)) {
            let base = format!("views.{name}");
            let line = view_line(spans, text, &base, e.line);
            // The query's own message already says what it expected.
            out.push(Issue::new(
                line,
                base,
                format!("bad query in view '{name}': {}", e.message),
            ));
        }
    }
    out
}

/// Empty names, case-insensitive duplicates that disagree, chains and loops.
fn aliases(map: &BTreeMap<String, String>, table: &str, push: &mut dyn FnMut(String, String)) {
    let form = if table.starts_with("people") {
        "\"Jon\" = \"Jon Stefansson\""
    } else {
        "\"ACME\" = \"Acme Corp\""
    };
    let mut lower: HashMap<String, (&str, &str)> = HashMap::new();
    let mut conflict = false;
    for (alias, target) in map {
        let path = format!("{table}.{alias}");
        if alias.trim().is_empty() || target.trim().is_empty() {
            push(
                path,
                format!("an empty name in [{table}] — expected {form}"),
            );
            continue;
        }
        if let Some((other, other_target)) =
            lower.insert(alias.trim().to_lowercase(), (alias, target))
            && !same_ci(other_target, target)
        {
            conflict = true;
            push(
                path,
                format!(
                    "'{alias}' and '{other}' differ only in case but point to '{target}' and '{other_target}' — aliases ignore case; keep one"
                ),
            );
        }
    }
    if conflict {
        // Chains through a name with two targets would only repeat the same problem.
        return;
    }
    let next = |name: &str| -> Option<&str> {
        lower
            .get(&name.trim().to_lowercase())
            .map(|(_, t)| *t)
            .filter(|t| !same_ci(t, name))
    };
    let mut reported_loops: Vec<String> = Vec::new();
    for (alias, target) in map {
        if next(alias).is_none() {
            continue;
        }
        let path = format!("{table}.{alias}");
        let mut seen = vec![alias.as_str()];
        let mut cur = target.as_str();
        while let Some(n) = next(cur) {
            if seen.iter().any(|s| same_ci(s, cur)) {
                break;
            }
            seen.push(cur);
            cur = n;
        }
        if seen.iter().any(|s| same_ci(s, cur)) {
            let mut members: Vec<String> = seen.iter().map(|s| s.to_lowercase()).collect();
            members.sort();
            if reported_loops.contains(&members.join("\u{0}")) {
                continue;
            }
            reported_loops.push(members.join("\u{0}"));
            let chain: Vec<String> = seen
                .iter()
                .chain([&cur])
                .map(|s| format!("'{s}'"))
                .collect();
            push(
                path,
                format!(
                    "alias loop in [{table}]: {} — one name must be the canonical one and not an alias",
                    chain.join(" → ")
                ),
            );
        } else if seen.len() > 1 {
            push(
                path,
                format!(
                    "alias chain in [{table}]: '{alias}' points to '{target}', which is itself an alias of '{cur}' — expected \"{alias}\" = \"{cur}\""
                ),
            );
        }
    }
}

/// The config line of a query's `query_line`: list items have their own line; a `"""` string starts
/// on the line after its opening quotes.
fn view_line(spans: &Spans, text: &str, base: &str, query_line: usize) -> usize {
    let nth = query_line.saturating_sub(1);
    if let Some(l) = spans.lines.get(&format!("{base}.{nth}")) {
        return *l;
    }
    let start_line = spans.line(base);
    let Some(range) = spans.values.get(base) else {
        return start_line;
    };
    let raw = text.get(range.clone()).unwrap_or("");
    if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        let after = &raw[3..];
        let skip = usize::from(after.starts_with('\n') || after.starts_with("\r\n"));
        let first = super::load::LineIndex::new(text).line(range.start);
        return first + skip + nth;
    }
    start_line
}

/// globset's messages start with the glob again; keep only the reason.
fn glob_reason(message: &str) -> String {
    message
        .rsplit_once(": ")
        .map_or(message, |(_, r)| r)
        .trim()
        .to_string()
}
