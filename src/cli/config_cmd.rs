//! `triage config path|init|show`: where the config is read from, a commented default to start
//! from, and every effective setting with its source. `init` never overwrites a file; nothing else here writes.

use super::GlobalArgs;
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use triage::config::{DEFAULT_CONFIG, Location, LocationSource};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(clap::Subcommand)]
pub enum ConfigAction {
    /// Print the path the config is read from (and, on stderr, whether it exists and is valid).
    Path,
    /// Write a commented default config (never overwrites).
    Init,
    /// Print each effective setting (the config's and the vault's Obsidian Tasks settings) and where it came from.
    Show(ShowArgs),
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The vault whose Obsidian Tasks settings to read (default: TRIAGE_VAULT, the config's `vault`, or this folder).
    pub vault: Option<PathBuf>,
}

/// One effective setting: its name, its value as text, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Shown {
    pub key: String,
    pub value: String,
    /// `default`, `config`, `data.json`, `argument`, `TRIAGE_VAULT`.
    pub source: String,
}

/// Every setting `config show` prints, in order.
pub fn effective(global: &GlobalArgs, vault: Option<&Path>) -> anyhow::Result<Vec<Shown>> {
    let ctx = super::Ctx::load(global, Some(vault))?;
    let cfg = &ctx.config;
    let row = |key: &str, value: String, source: &str| Shown {
        key: key.into(),
        value,
        source: source.into(),
    };
    let mut out = Vec::new();
    let file = cfg.source.file.as_deref();
    out.push(row(
        "config file",
        file.map_or("(none: built-in defaults)".into(), |f| {
            f.display().to_string()
        }),
        if file.is_some() { "config" } else { "default" },
    ));
    let (root, from) = match (vault, std::env::var_os("TRIAGE_VAULT"), &cfg.vault) {
        (Some(v), _, _) => (v.to_path_buf(), "argument"),
        (None, Some(v), _) => (PathBuf::from(v), "TRIAGE_VAULT"),
        (None, None, Some(v)) => (v.clone(), "config"),
        _ => (PathBuf::from("."), "default"),
    };
    out.push(row("vault", root.display().to_string(), from));
    out.push(row(
        "obsidian_dir",
        cfg.obsidian_dir().into(),
        if cfg.obsidian_dir.is_some() {
            "config"
        } else {
            "default"
        },
    ));
    let tasks = &cfg.tasks;
    let state = match (&tasks.file, tasks.found) {
        (Some(f), true) => f.display().to_string(),
        (Some(f), false) => format!("{} (not there: the plugin's defaults)", f.display()),
        (None, _) => "(no vault folder: the plugin's defaults)".into(),
    };
    out.push(row(
        "Tasks settings file",
        state,
        if tasks.found { "data.json" } else { "default" },
    ));
    if let Some(w) = &tasks.warning {
        out.push(row("Tasks settings warning", w.clone(), "data.json"));
    }
    for s in tasks.shown() {
        out.push(row(&s.key, s.value, s.source.label()));
    }
    // The config's own statuses win over the plugin's for the same symbol.
    for (symbol, def) in &cfg.statuses {
        out.push(row(
            &format!("status [{symbol}]"),
            format!("{} ({:?}) [statuses] wins", def.name, def.status_type),
            "config",
        ));
    }
    Ok(out)
}

fn show(global: &GlobalArgs, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let rows = effective(global, args.vault.as_deref())?;
    let width = rows
        .iter()
        .map(|r| r.key.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for r in &rows {
        let pad = width - r.key.chars().count();
        writeln!(
            out,
            "{}{:pad$}  {}  ({})",
            sanitize(&r.key),
            "",
            sanitize(&r.value),
            r.source
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(global: &GlobalArgs, args: &ConfigArgs) -> anyhow::Result<ExitCode> {
    if let ConfigAction::Show(a) = &args.action {
        return show(global, a);
    }
    let Some(loc) = triage::config::locate(global.config.as_deref()) else {
        anyhow::bail!(
            "no home folder found, so there is no default config path; pass --config FILE or set TRIAGE_CONFIG"
        );
    };
    match args.action {
        ConfigAction::Path => path(&loc),
        ConfigAction::Init => init(&loc),
        ConfigAction::Show(_) => unreachable!("handled above"),
    }
}

fn path(loc: &Location) -> anyhow::Result<ExitCode> {
    writeln!(std::io::stdout(), "{}", loc.path.display())?;
    let from = match loc.source {
        LocationSource::Default => "This is the default location",
        LocationSource::Explicit if from_env(&loc.path) => "This path was set by TRIAGE_CONFIG",
        LocationSource::Explicit => "This path was set by --config",
    };
    let state = if loc.path.is_file() {
        match triage::config::load(Some(&loc.path)) {
            Ok(_) => "the file exists and is valid.".to_string(),
            Err(e) => {
                format!("the file has errors; triage will not start until they are fixed:\n{e}")
            }
        }
    } else {
        match loc.source {
            LocationSource::Default => {
                "no file is there yet, so triage uses its built-in defaults (`triage config init` writes a commented one)."
                    .to_string()
            }
            LocationSource::Explicit => {
                "no file is there, so every command stops with an error until one is (`triage config init` writes one)."
                    .to_string()
            }
        }
    };
    eprintln!("{from}: {state}");
    Ok(ExitCode::SUCCESS)
}

fn from_env(path: &Path) -> bool {
    std::env::var_os("TRIAGE_CONFIG").is_some_and(|v| Path::new(&v) == path)
}

fn init(loc: &Location) -> anyhow::Result<ExitCode> {
    let path = &loc.path;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    // create_new: refuses atomically, even if the file appears between a check and the write.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "triage: {} already exists; not overwriting it (edit it, or move it away and run `triage config init` again)",
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(DEFAULT_CONFIG.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(
        std::io::stdout(),
        "wrote the default config to {}",
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
