//! `triage man` and `triage completions`: the manual pages and shell completion scripts, made
//! from the same clap definitions as the parser, so neither can drift from what triage accepts.

use clap::Command;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ManArgs {
    /// The page of one command (`triage man list` is triage-list(1)); default: triage(1).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Write every page (triage.1, triage-list.1, …) into this folder instead of printing one,
    /// e.g. --dir ~/.local/share/man/man1 (then `man triage`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

/// The environment variables triage reads, for `--help` and the manual.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TRIAGE_VAULT",
        "the vault when none is given (a folder or an Obsidian vault name)",
    ),
    (
        "TRIAGE_CONFIG",
        "the config file (`triage config path` shows the default)",
    ),
    ("TRIAGE_TODAY", "pin today's date (YYYY-MM-DD)"),
    ("TRIAGE_CACHE_DIR", "where the index cache is kept"),
    (
        "TRIAGE_OBSIDIAN_CONFIG",
        "Obsidian's obsidian.json (or its folder), for vault names",
    ),
    ("NO_COLOR", "no colours with --color auto"),
];

/// What each exit status means; the README's table says the same.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "done (a list that matched nothing included)"),
    (
        "1",
        "refused or found: an edit was refused, `check` found problems, `config init` found a \
         file already there; or reading or writing failed midway",
    ),
    (
        "2",
        "usage or config error: an unknown option or bad value, a query that does not parse, \
         no vault found, a config file that is missing or broken",
    ),
    ("128+N", "the UI was ended by signal N"),
];

/// The end of `triage --help`: the environment and the exit status.
pub fn after_help() -> String {
    let mut out = String::from("Environment (an empty variable counts as unset):\n");
    for (name, what) in ENVIRONMENT {
        out.push_str(&format!("  {name:<24}{what}\n"));
    }
    out.push_str("\nExit status:\n");
    for (code, what) in EXIT_STATUS {
        out.push_str(&format!("  {code:<7}{what}\n"));
    }
    out.pop();
    out
}

pub fn man(cli: Command, args: &ManArgs) -> anyhow::Result<ExitCode> {
    let pages = pages(cli);
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)?;
        for (i, page) in pages.iter().enumerate() {
            let path = dir.join(page.get_filename());
            let mut file = std::fs::File::create(&path)?;
            render(page, i == 0, &mut file)?;
            println!("{}", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let wanted = args.command.as_deref().map(|c| format!("triage-{c}.1"));
    let found = pages.iter().enumerate().find(|(_, p)| match &wanted {
        Some(name) => p.get_filename() == *name,
        None => true,
    });
    let Some((i, page)) = found else {
        return Err(super::usage(format!(
            "no manual page for {:?}: `triage --help` lists the commands",
            args.command.as_deref().unwrap_or_default()
        )));
    };
    render(page, i == 0, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// triage(1) first, then one page per command.
fn pages(cli: Command) -> Vec<clap_mangen::Man> {
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    let mut pages = vec![clap_mangen::Man::new(cli.clone())];
    pages.extend(cli.get_subcommands().cloned().map(clap_mangen::Man::new));
    pages
}

/// The generated page; the first one with ENVIRONMENT and EXIT STATUS sections of its own in
/// place of the `--help` text they come from.
fn render(page: &clap_mangen::Man, first: bool, w: &mut dyn Write) -> std::io::Result<()> {
    if !first {
        return page.render(w);
    }
    page.render_title(w)?;
    page.render_name_section(w)?;
    page.render_synopsis_section(w)?;
    page.render_description_section(w)?;
    page.render_options_section(w)?;
    page.render_subcommands_section(w)?;
    for (title, rows) in [("ENVIRONMENT", ENVIRONMENT), ("EXIT STATUS", EXIT_STATUS)] {
        writeln!(w, ".SH \"{title}\"")?;
        for (name, what) in rows {
            writeln!(w, ".TP\n\\fB{}\\fR\n{}", escape(name), escape(what))?;
        }
    }
    page.render_version_section(w)
}

/// Text as roff shows it literally: backslashes and a leading dot or quote escaped, `-` as a minus.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.chars().next() {
        Some('.' | '\'') => format!("\\&{text}"),
        _ => text,
    }
}

/// `triage completions SHELL`: the script on stdout.
pub fn completions(cli: &mut Command, shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    clap_complete::generate(shell, cli, "triage", &mut std::io::stdout().lock());
    Ok(ExitCode::SUCCESS)
}
