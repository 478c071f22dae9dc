//! The `triage` command line: parses arguments, loads the config, and hands off to one command
//! (under `cli/`) or to the terminal UI (under `tui/`). Errors end here, printed once, never as a panic.

mod cli;
mod tui;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use triage::text::sanitize;

#[derive(Parser)]
#[command(
    name = "triage",
    version,
    about = "Triage the tasks in an Obsidian vault: list, query, check, edit, watch, or the terminal UI",
    after_long_help = cli::manual::after_help()
)]
struct Cli {
    #[command(flatten)]
    global: cli::GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
    /// The vault to open in the UI, as --vault takes it.
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    vault: Option<PathBuf>,
    /// Open the UI on a fresh copy of the bundled demo vault.
    #[arg(long)]
    demo: bool,
    /// Poll the vault for changes instead of using OS file events.
    #[arg(long)]
    poll: bool,
}

#[derive(Subcommand)]
enum Command {
    /// List tasks, optionally filtered by query lines or a saved view.
    List(cli::list::ListArgs),
    /// List the saved views (```tasks blocks and config views).
    Views(cli::views::ViewsArgs),
    /// Toggle a task done / not done.
    Toggle(cli::edit::TargetArgs),
    /// Accept a proposed task.
    Accept(cli::edit::TargetArgs),
    /// Reject a proposed task (marks it cancelled).
    Reject(cli::edit::TargetArgs),
    /// Set or move a task's due date: DATE, +Nd, +Nw, tomorrow, a weekday, or none.
    Due(cli::edit::DueArgs),
    /// Set a task's priority: highest, high, medium, none, low, lowest.
    Priority(cli::edit::PriorityArgs),
    /// Set a task's scheduled date (⏳): DATE, +Nd, tomorrow, a weekday, or none.
    Scheduled(cli::plan::DateArgs),
    /// Set a task's start date (🛫): DATE, +Nd, tomorrow, a weekday, or none.
    Start(cli::plan::DateArgs),
    /// Set a task's owner (`@Name`), or remove it with `none`.
    Assign(cli::assign::AssignArgs),
    /// Give a task a new description; its fields, tags and owner stay.
    Rename(cli::rename::RenameArgs),
    /// Capture a new task: TEXT may hold @Owner, `due fri`, `sched mon`, `!!`, #tags.
    Add(cli::add::AddArgs),
    /// Undo the last edit (or entry N of `--list`).
    Undo(cli::edit::UndoArgs),
    /// Redo the edit the last undo took back.
    Redo(cli::edit::RedoArgs),
    /// Report problems in notes: invalid dates, mojibake, broken frontmatter, unknown statuses.
    Check(cli::check::CheckArgs),
    /// Watch the vault and print one JSON line per change.
    Watch(cli::watch::WatchArgs),
    /// Where the config file is, a commented default to start from, or every effective setting.
    Config(cli::config_cmd::ConfigArgs),
    /// List task owners with counts and likely duplicate spellings.
    Owners(cli::names::NamesArgs),
    /// List accounts with counts and likely duplicate spellings.
    Accounts(cli::names::NamesArgs),
    /// List the vaults Obsidian knows (its obsidian.json); each name works with --vault NAME.
    Vaults(cli::vaults::VaultsArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `triage man | man -l -`, or all of them with --dir.
    Man(cli::manual::ManArgs),
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    cli.global = cli.global.with_env();
    if let (Some(name), Some(vault)) = (matches.subcommand_name(), &cli.vault) {
        vault_before_command(name, vault);
    }
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`triage list | head`): nothing is left to say, like ripgrep.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let code = if cli::is_usage(&err) { 2 } else { 1 };
            // Errors quote note text (a view's query, a file name), so each line is made safe to show.
            let shown: Vec<_> = message(&err)
                .lines()
                .map(|l| sanitize(l).into_owned())
                .collect();
            eprintln!("triage: {}", shown.join("\n"));
            ExitCode::from(code)
        }
    }
}

/// The error and its causes, each said once: an error whose text already quotes its source (a
/// common thiserror shape) would otherwise print the source twice.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// `triage VAULT list` would otherwise scan this folder and ignore VAULT without a word.
fn vault_before_command(name: &str, vault: &std::path::Path) -> ! {
    let vault = vault.display();
    let fix = match name {
        "toggle" | "accept" | "reject" | "due" | "priority" | "scheduled" | "start" | "assign"
        | "rename" => {
            format!("triage {name} PATH:LINE … --vault {vault}")
        }
        "list" | "views" | "check" | "watch" | "owners" | "accounts" => {
            format!("triage {name} {vault}")
        }
        _ => format!("triage {name} … --vault {vault}"),
    };
    Cli::command()
        .error(
            ErrorKind::ArgumentConflict,
            format!(
                "a vault before the command is not read; put the vault after the command: {fix}"
            ),
        )
        .exit()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    // serde_json wraps the io::Error without exposing it as a source: ask it for the kind.
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}

/// The vault the command names, so that the config can carry that vault's Obsidian Tasks settings;
/// `None` when it opens none (the demo's vault has no such settings).
fn vault_arg(cli: &Cli) -> Option<Option<&std::path::Path>> {
    let vault = match &cli.command {
        None if cli.demo => return None,
        None => &cli.vault,
        Some(Command::List(a)) => &a.vault,
        Some(Command::Views(a)) => &a.vault,
        Some(Command::Check(a)) => &a.vault,
        Some(Command::Watch(a)) => &a.vault,
        Some(Command::Owners(a) | Command::Accounts(a)) => &a.vault,
        Some(Command::Config(_)) => return None,
        // Edit commands name their vault with the global --vault only.
        Some(_) => &None,
    };
    Some(vault.as_deref())
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Commands that need no config or vault.
    match &cli.command {
        Some(Command::Config(args)) => return cli::config_cmd::run(&cli.global, args),
        Some(Command::Vaults(args)) => return cli::vaults::run(args),
        Some(Command::Completions { shell }) => {
            return cli::manual::completions(&mut Cli::command(), *shell);
        }
        Some(Command::Man(args)) => return cli::manual::man(Cli::command(), args),
        _ => {}
    }
    let ctx = cli::Ctx::load(&cli.global, vault_arg(&cli))?;
    match cli.command {
        None => tui::run(&ctx, cli.vault, cli.demo, cli.poll),
        Some(Command::List(a)) => cli::list::run(&ctx, &a),
        Some(Command::Views(a)) => cli::views::run(&ctx, &a),
        Some(Command::Toggle(a)) => cli::edit::toggle(&ctx, &a),
        Some(Command::Accept(a)) => cli::edit::accept(&ctx, &a),
        Some(Command::Reject(a)) => cli::edit::reject(&ctx, &a),
        Some(Command::Due(a)) => cli::edit::due(&ctx, &a),
        Some(Command::Priority(a)) => cli::edit::priority(&ctx, &a),
        Some(Command::Scheduled(a)) => cli::plan::scheduled(&ctx, &a),
        Some(Command::Start(a)) => cli::plan::start(&ctx, &a),
        Some(Command::Assign(a)) => cli::assign::run(&ctx, &a),
        Some(Command::Rename(a)) => cli::rename::run(&ctx, &a),
        Some(Command::Add(a)) => cli::add::run(&ctx, &a),
        Some(Command::Undo(a)) => cli::edit::undo(&ctx, &a),
        Some(Command::Redo(a)) => cli::edit::redo(&ctx, &a),
        Some(Command::Check(a)) => cli::check::run(&ctx, &a),
        Some(Command::Watch(a)) => cli::watch::run(&ctx, &a),
        Some(Command::Owners(a)) => cli::names::owners(&ctx, &a),
        Some(Command::Accounts(a)) => cli::names::accounts(&ctx, &a),
        Some(
            Command::Config(_) | Command::Vaults(_) | Command::Completions { .. } | Command::Man(_),
        ) => {
            unreachable!("handled above")
        }
    }
}
