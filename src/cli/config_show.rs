//! `triage config show`: every effective setting, its value and where it came from (a default,
//! the config file and line, the environment, the command line). Reads only.

use super::{Ctx, GlobalArgs};
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::text::sanitize;
use triage::vault::discover::VaultSource;

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Print one JSON array of {key, value, source}.
    #[arg(long)]
    pub json: bool,
}

/// One effective setting. New kinds of settings (another file's, say) are new rows and, if they
/// come from a new place, a new [`Source`] variant.
#[derive(Serialize)]
pub struct Setting {
    pub key: String,
    pub value: Value,
    pub source: Source,
    /// What the user should know about it (a file that is not there, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a setting's value comes from.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Built into triage.
    Default,
    /// The config file; `line` is the key's line when it is written there.
    Config { file: PathBuf, line: Option<usize> },
    /// An environment variable.
    Env { var: &'static str },
    /// A command-line option.
    Option { option: &'static str },
    /// Found from the current folder (the vault), or not found at all (`value` null).
    Found { from: PathBuf },
    /// The vault's Obsidian Tasks settings file (SPEC §9).
    TasksPlugin { file: PathBuf },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Config {
                file,
                line: Some(n),
            } => write!(f, "{} line {n}", file.display()),
            Source::Config { file, line: None } => write!(f, "{}", file.display()),
            Source::Env { var } => f.write_str(var),
            Source::Option { option } => f.write_str(option),
            Source::Found { from } => write!(f, "looked at and above {}", from.display()),
            Source::TasksPlugin { .. } => f.write_str("Tasks data.json"),
        }
    }
}

pub fn run(global: &GlobalArgs, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::load(global, Some(None))?;
    let settings = settings(global, &ctx);
    let mut out = std::io::stdout().lock();
    if args.json {
        triage::text::write_json(&mut out, &settings, true)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = settings.iter().map(|s| s.key.len()).max().unwrap_or(0);
    for s in &settings {
        let value = sanitize(&s.value.to_string()).into_owned();
        let source = sanitize(&s.source.to_string()).into_owned();
        let note = s
            .note
            .as_deref()
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        let note = sanitize(&note).into_owned();
        writeln!(out, "{:width$}  {value}  ({source}{note})", s.key)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every setting a command of this run would use, in the order of the config file.
pub fn settings(global: &GlobalArgs, ctx: &Ctx) -> Vec<Setting> {
    let cfg = &ctx.config;
    let from_file = |key: &str| match &cfg.source.file {
        Some(file) => match cfg.source_line(key) {
            Some(line) => Source::Config {
                file: file.clone(),
                line: Some(line),
            },
            None => Source::Default,
        },
        None => Source::Default,
    };
    let row = |key: &str, value: Value| Setting {
        key: key.to_string(),
        source: from_file(key),
        value,
        note: None,
    };
    let mut rows = vec![config_file(global), vault(ctx)];
    rows.push(row("obsidian_dir", json!(cfg.obsidian_dir())));
    rows.push(row("me", json!(cfg.me)));
    rows.push(row("people.aliases", json!(cfg.people.aliases)));
    rows.push(row("accounts.aliases", json!(cfg.accounts.aliases)));
    rows.push(row("accounts.folders", json!(cfg.accounts.folders)));
    rows.push(row("ignore", json!(cfg.ignore)));
    let statuses: serde_json::Map<String, Value> = cfg
        .statuses
        .iter()
        .map(|(symbol, def)| {
            let kind = triage::task::StatusType::from(def.status_type);
            let def = json!({"name": def.name, "type": kind, "proposed": def.proposed});
            (symbol.clone(), def)
        })
        .collect();
    rows.push(row("statuses", Value::Object(statuses)));
    rows.push(row("proposed.tags", json!(cfg.proposed.tags)));
    rows.push(row("proposed.symbols", json!(cfg.proposed.symbols)));
    rows.push(row(
        "proposed.accept_removes_tags",
        json!(cfg.proposed.accept_removes_tags),
    ));
    rows.push(row("inbox.note", json!(cfg.inbox.note)));
    rows.push(row("inbox.heading", json!(cfg.inbox.heading)));
    rows.push(row("views", json!(cfg.views)));
    rows.push(row("keys", json!(cfg.keys)));
    rows.push(row("theme.monochrome", json!(cfg.theme.monochrome)));
    rows.push(row("theme.colors", json!(cfg.theme.colors)));
    rows.push(today(global, ctx));
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    rows.push(Setting {
        key: "color".into(),
        value: json!(format!("{:?}", ctx.color).to_lowercase()),
        source: match global.color {
            Some(_) => Source::Option { option: "--color" },
            None => Source::Default,
        },
        note: (ctx.color == super::ColorChoice::Auto && no_color)
            .then(|| "NO_COLOR is set: no colours".to_string()),
    });
    rows.push(cache(ctx));
    rows.extend(tasks_settings(cfg));
    rows
}

/// The vault's Obsidian Tasks settings, each from the plugin's default, its `data.json`, or the
/// config's `[obsidian_tasks]` / `[statuses]` (which win).
fn tasks_settings(cfg: &triage::Config) -> Vec<Setting> {
    use triage::config::SettingSource;
    let tasks = &cfg.tasks;
    let file = tasks.file.clone().unwrap_or_default();
    let note = match (&tasks.warning, tasks.found) {
        (Some(w), _) => Some(w.clone()),
        (None, false) => Some(format!(
            "{} is not there: the plugin's defaults",
            file.display()
        )),
        (None, true) => None,
    };
    let mut rows = vec![Setting {
        key: "tasks.settings_file".into(),
        value: json!(file),
        source: if tasks.found {
            Source::TasksPlugin { file: file.clone() }
        } else {
            Source::Default
        },
        note,
    }];
    for s in tasks.shown() {
        let source = match s.source {
            SettingSource::Default => Source::Default,
            SettingSource::TasksPlugin => Source::TasksPlugin { file: file.clone() },
            SettingSource::Config => Source::Config {
                file: cfg.source.file.clone().unwrap_or_default(),
                line: None,
            },
        };
        rows.push(Setting {
            key: format!("tasks.{}", s.key),
            value: json!(s.value),
            source,
            note: None,
        });
    }
    rows
}

fn config_file(global: &GlobalArgs) -> Setting {
    let path = triage::config::locate(global.config.as_deref()).map(|l| l.path);
    let source = match &global.config {
        None => Source::Default,
        Some(p) if std::env::var_os("TRIAGE_CONFIG").is_some_and(|v| p.as_os_str() == v) => {
            Source::Env {
                var: "TRIAGE_CONFIG",
            }
        }
        Some(_) => Source::Option { option: "--config" },
    };
    let exists = path.as_ref().is_some_and(|p| p.is_file());
    Setting {
        key: "config_file".into(),
        value: json!(path),
        source,
        note: (!exists).then(|| "no file there: built-in defaults".to_string()),
    }
}

fn vault(ctx: &Ctx) -> Setting {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (value, source, note) = match ctx.find_vault(None) {
        Ok(found) => {
            let source = match found.source {
                VaultSource::Argument => Source::Option { option: "--vault" },
                VaultSource::Env => Source::Env {
                    var: "TRIAGE_VAULT",
                },
                VaultSource::Config => Source::Config {
                    file: ctx.config.source.file.clone().unwrap_or_default(),
                    line: ctx.config.source_line("vault"),
                },
                VaultSource::Found => Source::Found { from: cwd },
            };
            let note = found
                .obsidian_name
                .map(|name| format!("the vault Obsidian calls {name:?}"));
            (json!(found.root), source, note)
        }
        Err(e) => {
            let note = e.to_string().lines().next().map(str::to_string);
            (Value::Null, Source::Found { from: cwd }, note)
        }
    };
    Setting {
        key: "vault".into(),
        value,
        source,
        note,
    }
}

fn today(global: &GlobalArgs, ctx: &Ctx) -> Setting {
    let source = match &global.today {
        None => Source::Default,
        Some(t) if std::env::var("TRIAGE_TODAY").is_ok_and(|v| v == *t) => Source::Env {
            var: "TRIAGE_TODAY",
        },
        Some(_) => Source::Option { option: "--today" },
    };
    Setting {
        key: "today".into(),
        value: json!(ctx.today.format("%Y-%m-%d").to_string()),
        source,
        note: None,
    }
}

fn cache(ctx: &Ctx) -> Setting {
    let cache_dir = || {
        std::env::var_os("TRIAGE_CACHE_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let (value, source) = if ctx.no_cache {
        (
            Value::Null,
            Source::Option {
                option: "--no-cache",
            },
        )
    } else if let Some(dir) = cache_dir() {
        (
            json!(dir),
            Source::Env {
                var: "TRIAGE_CACHE_DIR",
            },
        )
    } else {
        let dir =
            directories::ProjectDirs::from("", "", "triage").map(|d| d.cache_dir().to_path_buf());
        (json!(dir), Source::Default)
    };
    Setting {
        key: "cache_dir".into(),
        value,
        source,
        note: None,
    }
}
