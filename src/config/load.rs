//! Finding and reading the config file, and turning every problem in it into `FILE line N: …`.
//! Reads only: the config is written by `triage config init`, never here.

use super::{Config, Source, schema, validate};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The commented default config that `triage config init` writes; it parses to `Config::default()`.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// One problem in a config file. `line` is 1-based, 0 when it concerns the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub line: usize,
    /// The dotted key path the problem is about (`theme.colour`), empty for syntax errors.
    pub key: String,
    pub message: String,
}

impl Issue {
    pub(crate) fn new(line: usize, key: String, message: String) -> Issue {
        Issue { line, key, message }
    }
}

/// A config file that could not be used; the program does not start on one.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", render(path, issues))]
    Invalid { path: PathBuf, issues: Vec<Issue> },
}

fn render(path: &Path, issues: &[Issue]) -> String {
    let mut out = String::new();
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = match issue.line {
            0 => write!(out, "{}: {}", path.display(), issue.message),
            n => write!(out, "{} line {n}: {}", path.display(), issue.message),
        };
    }
    out
}

/// Why the config is read from where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationSource {
    /// `--config FILE` or `TRIAGE_CONFIG`: the file must exist.
    Explicit,
    /// The platform's config folder: a missing file means built-in defaults.
    Default,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub source: LocationSource,
}

/// Where the config is read from when no `--config`/`TRIAGE_CONFIG` is given
/// (`~/.config/triage/config.toml` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "triage").map(|d| d.config_dir().join("config.toml"))
}

/// The file a run reads: `explicit` if given, else the default path (`None` without a home folder).
pub fn locate(explicit: Option<&Path>) -> Option<Location> {
    match explicit {
        Some(p) => Some(Location {
            path: p.to_path_buf(),
            source: LocationSource::Explicit,
        }),
        None => default_path().map(|path| Location {
            path,
            source: LocationSource::Default,
        }),
    }
}

/// Loads the config: the given file (which must exist), else the default path if it exists, else defaults.
pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(loc) = locate(path) else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&loc.path) {
        Ok(t) => t,
        Err(e)
            if loc.source == LocationSource::Default
                && e.kind() == std::io::ErrorKind::NotFound =>
        {
            return Ok(Config::default());
        }
        Err(source) => {
            return Err(ConfigError::Read {
                path: loc.path,
                source,
            });
        }
    };
    parse_str(&text, &loc.path)
}

/// Parses and validates config text read from `file` (named in every message).
pub fn parse_str(text: &str, file: &Path) -> Result<Config, ConfigError> {
    let invalid = |issues: Vec<Issue>| ConfigError::Invalid {
        path: file.to_path_buf(),
        issues,
    };
    let lines = LineIndex::new(text);
    let line_of = |offset: usize| lines.line(offset);
    let doc = DeTable::parse(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(s.start));
        invalid(vec![Issue::new(
            line,
            String::new(),
            format!("not valid TOML: {}", e.message().trim()),
        )])
    })?;
    let mut spans = Spans::default();
    spans.collect(doc.get_ref(), &mut Vec::new(), &line_of);
    let mut issues = schema::check(doc.get_ref(), &line_of);
    if !issues.is_empty() {
        issues.sort_by_key(|i| i.line);
        return Err(invalid(issues));
    }
    // The schema walk has vetted keys and types, so serde failing here is unexpected; still name the line.
    let mut cfg: Config = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(s.start));
        invalid(vec![Issue::new(
            line,
            String::new(),
            e.message().trim().to_string(),
        )])
    })?;
    let mut issues = validate::check(&cfg, &spans, text);
    if !issues.is_empty() {
        issues.sort_by_key(|i| i.line);
        return Err(invalid(issues));
    }
    if let Some(vault) = &cfg.vault {
        cfg.vault = Some(expand_vault(vault, file));
    }
    cfg.source = Source::new(file.to_path_buf(), spans.lines);
    cfg.reindex();
    Ok(cfg)
}

/// `~/Notes` → the home folder's `Notes`; a relative path is read from the config file's folder.
fn expand_vault(vault: &Path, file: &Path) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    if let Ok(rest) = vault.strip_prefix("~")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    if vault.is_relative()
        && let Some(dir) = file.parent()
    {
        return dir.join(vault);
    }
    vault.to_path_buf()
}

/// The line and value span of every key path in the file (`views.today`, `keys.quit.0`).
#[derive(Default)]
pub(crate) struct Spans {
    pub lines: HashMap<String, usize>,
    pub values: HashMap<String, Range<usize>>,
}

impl Spans {
    pub(crate) fn line(&self, path: &str) -> usize {
        self.lines.get(path).copied().unwrap_or(0)
    }

    fn collect(
        &mut self,
        table: &DeTable<'_>,
        path: &mut Vec<String>,
        line_of: &dyn Fn(usize) -> usize,
    ) {
        for (key, value) in table.iter() {
            path.push(key.get_ref().to_string());
            self.lines.insert(path.join("."), line_of(key.span().start));
            self.value(value, path, line_of);
            path.pop();
        }
    }

    fn value(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &mut Vec<String>,
        line_of: &dyn Fn(usize) -> usize,
    ) {
        self.values.insert(path.join("."), value.span());
        match value.get_ref() {
            DeValue::Table(t) => self.collect(t, path, line_of),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.lines
                        .insert(path.join("."), line_of(item.span().start));
                    self.value(item, path, line_of);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// Byte offset → 1-based line.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}
