//! The terminal UI (binary only): opens a vault (or a copy of the demo vault), starts the live index
//! and the edit worker, and runs the event loop. The library never sees ratatui or crossterm.

mod actions;
mod answers;
mod app;
mod component;
mod confirm;
mod context;
mod demo;
mod demo_files;
mod detail;
mod event;
mod filter;
mod haystack;
mod help;
mod history;
mod input;
mod keymap;
mod layout;
mod listing;
pub(crate) mod live;
mod log;
mod merge;
mod ordering;
mod panes;
mod prompt;
mod review;
mod review_view;
#[cfg(unix)]
mod signals;
mod store;
mod theme;
pub(crate) mod ui;
mod view_names;
mod worker;

#[cfg(test)]
mod tests;

use crate::cli::Ctx;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub use app::App;

/// Note text made safe for a terminal cell, owned.
pub(crate) fn sanitize_owned(s: &str) -> String {
    triage::text::sanitize(s).into_owned()
}

/// Where logs (and the demo copies) go: `TRIAGE_STATE_DIR`, else the platform's state folder.
pub(crate) fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TRIAGE_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "triage")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf(),
    )
}

/// The width of the terminal on stdout, for the command line's tables (all terminal calls live here).
pub fn terminal_width() -> Option<usize> {
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
}

/// Builds the app for a vault: keymap and theme from the config (a bad `[keys]` entry stops here).
pub fn build_app(ctx: &Ctx, root: PathBuf) -> anyhow::Result<App> {
    let keymap = keymap::Keymap::with_overrides(&ctx.config.keys).map_err(|e| {
        let path = match e.index {
            Some(i) => format!("keys.{}.{i}", e.action),
            None => format!("keys.{}", e.action),
        };
        crate::cli::usage(ctx.config.describe_at(&path, &e.message))
    })?;
    let theme = theme::Theme::from_config(&ctx.config.theme, !ctx.color.wanted(true));
    Ok(App::new(
        root,
        Arc::new(ctx.config.clone()),
        ctx.today,
        keymap,
        theme,
    ))
}

/// `triage [VAULT]` and `triage --demo`.
pub fn run(ctx: &Ctx, vault: Option<PathBuf>, demo: bool, poll: bool) -> anyhow::Result<ExitCode> {
    let (root, note) = if demo {
        let dir = demo::prepare(ctx.today)?;
        eprintln!("triage: demo vault copied to {}", dir.display());
        let note = format!(
            "demo vault copied to {} — edits change that copy only",
            dir.display()
        );
        (dir, Some(note))
    } else {
        (ctx.vault(vault.as_deref())?, None)
    };
    let log = init_logging();
    let mut app = build_app(ctx, root.clone())?;
    if let Some(w) = &ctx.config.tasks.warning {
        app.complain(w.clone());
    }
    if let Some(n) = note {
        app.say(n);
    }
    let mode = if poll {
        triage::vault::Mode::Poll
    } else {
        triage::vault::Mode::Auto
    };
    let opts = triage::vault::LiveOptions {
        mode,
        cache: ctx.cache(&root),
        ..triage::vault::LiveOptions::default()
    };
    let (live, feed) = triage::vault::LiveVault::start_with(&root, &ctx.config, opts)
        .with_context(|| format!("cannot watch vault {}", root.display()))?;
    tracing::info!(vault = %root.display(), "UI started");
    let signal = event::run(app, live, feed, log)?;
    if demo {
        eprintln!("triage: the demo vault is at {}", root.display());
    }
    Ok(match signal {
        Some(sig) => {
            tracing::info!("ended by signal {sig}");
            ExitCode::from(u8::try_from(128 + sig).unwrap_or(1))
        }
        None => ExitCode::SUCCESS,
    })
}

/// Logs to `triage.log` in the state folder, never to the screen; returns the file's path.
fn init_logging() -> Option<PathBuf> {
    let dir = state_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("triage.log");
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    // A FIFO or device put in the log's place must not hang the UI's start.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let file = opts
        .open(&path)
        .ok()
        .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}
