//! One file per command: each turns parsed arguments into library calls and prints the result.
//! Shared here: the global options and how the vault, today and the config are found.

pub mod check;
pub mod config_cmd;
pub mod edit;
mod fix;
pub mod list;
pub mod names;
mod table;
pub mod views;
pub mod watch;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use triage::Config;

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

/// What every command needs: the config, today's date, whether the index cache may be used.
pub struct Ctx {
    pub config: Config,
    pub today: NaiveDate,
    /// `--no-cache`: every note is read, and the index cache is neither read nor written.
    pub no_cache: bool,
}

impl Ctx {
    /// The config, with the Obsidian Tasks settings of the vault the command will open (SPEC §9):
    /// `vault` is the command's vault argument, `None` for a command that opens no vault.
    pub fn load(global: &GlobalArgs, vault: Option<Option<&Path>>) -> anyhow::Result<Ctx> {
        let today = match &global.today {
            Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .with_context(|| format!("--today {s:?} is not a date of the form YYYY-MM-DD"))?,
            None => chrono::Local::now().date_naive(),
        };
        let config = triage::config::load(global.config.as_deref()).map_err(config_error)?;
        let mut ctx = Ctx {
            config,
            today,
            no_cache: global.no_cache,
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

    /// The vault: the argument, else `TRIAGE_VAULT`, else the config's `vault`, else this folder.
    pub fn vault(&self, arg: Option<&Path>) -> anyhow::Result<PathBuf> {
        let chosen = arg
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("TRIAGE_VAULT").map(PathBuf::from))
            .or_else(|| self.config.vault.clone())
            .unwrap_or_else(|| PathBuf::from("."));
        if !chosen.is_dir() {
            bail!("vault {} is not a folder", chosen.display());
        }
        Ok(chosen)
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
            anyhow::anyhow!("cannot read config {}: {why}", path.display())
        }
        other => other.into(),
    }
}
