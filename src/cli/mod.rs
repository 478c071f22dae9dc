//! One file per command: each turns parsed arguments into library calls and prints the result.
//! Shared here: the global options and how the vault, today and the config are found.

pub mod add;
pub mod assign;
pub mod check;
pub mod config_cmd;
mod config_show;
pub mod edit;
mod fix;
pub mod list;
pub mod manual;
pub mod names;
pub mod plan;
pub mod rename;
mod table;
pub mod vaults;
pub mod views;
pub mod watch;

use anyhow::Context;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use triage::Config;
use triage::vault::discover::{self, DiscoverError, Found};

// TRIAGE_TODAY and TRIAGE_CONFIG are read by `with_env`, not by clap's `env`: clap counts an
// environment value as typed and shows it in usage errors (`Usage: triage list --json --today <DATE>`).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct GlobalArgs {
    /// Pin "today" (YYYY-MM-DD) for due buckets, relative dates and done dates [env: TRIAGE_TODAY].
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    /// Read this config file instead of the default one [env: TRIAGE_CONFIG].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read every note instead of reusing the index cache (kept in TRIAGE_CACHE_DIR or the
    /// platform cache folder); the cache is then neither read nor written.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// The vault: a folder, or the name of a vault Obsidian knows (`triage vaults`). Default:
    /// TRIAGE_VAULT, else the config's `vault`, else the nearest folder at or above this one
    /// holding `.obsidian`.
    #[arg(long, global = true, value_name = "PATH|NAME", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Colours in `list`'s table and the UI: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
}

/// `--color`: whether output may carry colours.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a terminal (`tty`) or not: `auto` follows NO_COLOR (set
    /// and not empty: no colours) and colours only a terminal.
    pub fn wanted(self, tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// A mistake in what was asked (an option's value, a query, which vault, the config): the
/// command did not start, and exits with status 2 rather than 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// `err` as a [`Usage`] error, its message kept.
pub fn usage(err: impl std::fmt::Display) -> anyhow::Error {
    Usage(err.to_string()).into()
}

/// Exit status 2 for errors in what was asked: see [`Usage`]; the rest are 1.
pub fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.is::<Usage>() || c.is::<DiscoverError>() || c.is::<triage::config::ConfigError>()
    })
}

impl GlobalArgs {
    /// Options not given on the command line from TRIAGE_TODAY and TRIAGE_CONFIG (empty = unset).
    pub fn with_env(mut self) -> GlobalArgs {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        if self.today.is_none() {
            self.today = var("TRIAGE_TODAY").map(|v| v.to_string_lossy().into_owned());
        }
        if self.config.is_none() {
            self.config = var("TRIAGE_CONFIG").map(PathBuf::from);
        }
        self
    }
}

/// What every command needs: the config, today's date, whether the index cache may be used,
/// and what names the vault.
#[derive(Default)]
pub struct Ctx {
    pub config: Config,
    pub today: NaiveDate,
    /// `--no-cache`: every note is read, and the index cache is neither read nor written.
    pub no_cache: bool,
    pub color: ColorChoice,
    /// `--vault`, when given.
    pub vault_arg: Option<PathBuf>,
}

impl Ctx {
    /// The config, with the Obsidian Tasks settings of the vault the command will open (SPEC §9):
    /// `vault` is the command's vault argument, `None` for a command that opens no vault.
    pub fn load(global: &GlobalArgs, vault: Option<Option<&Path>>) -> anyhow::Result<Ctx> {
        let today = match &global.today {
            Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                usage(format!(
                    "--today {s:?} is not a date of the form YYYY-MM-DD"
                ))
            })?,
            None => chrono::Local::now().date_naive(),
        };
        let config = triage::config::load(global.config.as_deref()).map_err(config_error)?;
        let mut ctx = Ctx {
            config,
            today,
            no_cache: global.no_cache,
            color: global.color.unwrap_or_default(),
            vault_arg: global.vault.clone(),
        };
        // A vault that is no folder is reported by the command that opens it.
        if let Some(Ok(root)) = vault.map(|v| ctx.vault(v)) {
            ctx.config.read_vault_settings(&root);
        }
        Ok(ctx)
    }

    /// The index cache for `root` with this config, unless `--no-cache` was given.
    pub fn cache(&self, root: &Path) -> Option<triage::vault::Cache> {
        if self.no_cache {
            return None;
        }
        triage::vault::Cache::for_vault(root, &self.config)
    }

    /// The whole index of `root`, through the index cache when there is one.
    pub fn index(&self, root: &Path) -> anyhow::Result<triage::vault::Index> {
        triage::vault::load(root, &self.config, self.cache(root).as_ref())
            .with_context(|| format!("cannot read vault {}", root.display()))
    }

    /// The vault's folder: see [`Ctx::find_vault`].
    pub fn vault(&self, positional: Option<&Path>) -> anyhow::Result<PathBuf> {
        Ok(self.find_vault(positional)?.root)
    }

    /// The vault named by the command's positional VAULT or `--vault` (one of them), else
    /// TRIAGE_VAULT, else the config's `vault`, else the nearest folder at or above this one
    /// holding Obsidian's config folder; the same vault, paths and cache from any folder inside it.
    pub fn find_vault(&self, positional: Option<&Path>) -> anyhow::Result<Found> {
        let arg = match (positional, self.vault_arg.as_deref()) {
            (Some(a), Some(b)) if a != b => {
                return Err(usage(format!(
                    "two vaults given: {} and --vault {}; give one",
                    a.display(),
                    b.display()
                )));
            }
            (a, b) => a.or(b),
        };
        let cwd = std::env::current_dir()
            .map_err(|e| usage(format!("cannot read the current folder: {e}")))?;
        let env = std::env::var_os("TRIAGE_VAULT");
        let list = discover::obsidian_list_file();
        let found = discover::discover(&discover::Request {
            arg,
            env: env.as_deref(),
            config: self.config.vault.as_deref(),
            cwd: &cwd,
            obsidian_dir: self.config.obsidian_dir(),
            obsidian_list: list.as_deref(),
        })?;
        Ok(found)
    }
}

/// A config error as the user should read it: a missing file said plainly, once (the library's
/// message repeats the io error, which is also its source).
fn config_error(e: triage::config::ConfigError) -> anyhow::Error {
    match e {
        triage::config::ConfigError::Read { path, source } => {
            let why = if source.kind() == std::io::ErrorKind::NotFound {
                "the file does not exist (it was named by --config or TRIAGE_CONFIG; \
                 `triage config init` creates it, or leave both unset for the built-in defaults)"
                    .to_string()
            } else {
                source.to_string()
            };
            usage(format!("cannot read config {}: {why}", path.display()))
        }
        other => other.into(),
    }
}
