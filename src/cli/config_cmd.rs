//! `triage config path|init|show`: where the config is read from, a commented default to start
//! from, and every effective setting. `init` never overwrites a file; nothing else here writes.

use super::GlobalArgs;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use triage::config::{DEFAULT_CONFIG, Location, LocationSource};

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
    /// Print every effective setting, its value and where it came from.
    Show(super::config_show::ShowArgs),
}

pub fn run(global: &GlobalArgs, args: &ConfigArgs) -> anyhow::Result<ExitCode> {
    if let ConfigAction::Show(show) = &args.action {
        return super::config_show::run(global, show);
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
