//! The user's configuration: vault, who "me" is, aliases, statuses, views, keys, theme.
//! Defaults live in code so that triage works with no file at all; it never writes the config on its own.

mod load;
mod lookup;
pub mod obsidian;
mod schema;
mod theme;
mod validate;
mod write;

pub use load::{
    ConfigError, DEFAULT_CONFIG, Issue, Location, LocationSource, default_path, load, locate,
    parse_str,
};
pub use lookup::Lookup;
pub use obsidian::{SettingSource, TasksOverrides, TasksSettings};
pub use schema::key_paths;
pub use theme::{Color, THEME_ROLES};
pub use write::{AliasTable, WriteError, Written, add_aliases, edit_text};

use crate::task::StatusType;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    /// The name of Obsidian's config folder in a vault (Obsidian lets it be changed); `None`: `.obsidian`.
    pub obsidian_dir: Option<String>,
    /// Names that mean the user; all are shown as the first one.
    pub me: Vec<String>,
    pub people: People,
    pub accounts: Accounts,
    /// Extra globs (vault-relative, gitignore syntax) that are never read.
    pub ignore: Vec<String>,
    /// Extra status symbols, keyed by the symbol.
    pub statuses: BTreeMap<String, StatusDef>,
    pub proposed: Proposed,
    /// Where `triage add` puts a new task when no note is named (SPEC §12).
    pub inbox: Inbox,
    /// Named views: name → query lines (a TOML string, or a list of lines joined with `\n`).
    #[serde(deserialize_with = "de::views")]
    pub views: BTreeMap<String, String>,
    /// UI action → keys; read by the terminal UI, which checks the action names itself.
    #[serde(deserialize_with = "de::keys")]
    pub keys: BTreeMap<String, Vec<String>>,
    pub theme: Theme,
    pub ui: Ui,
    /// Settings that win over the vault's Obsidian Tasks `data.json` (SPEC §9).
    pub obsidian_tasks: TasksOverrides,
    /// The effective Obsidian Tasks settings of the vault (see [`Config::read_vault_settings`]).
    #[serde(skip)]
    pub tasks: TasksSettings,
    /// Where this config was read from, with the line of every key (empty for built-in defaults).
    #[serde(skip)]
    pub source: Source,
    /// Owners and accounts as the notes spell them: the vault's declarations (SPEC §11) tie
    /// nothing. Set by [`Config::without_aliases`].
    #[serde(skip)]
    pub names_as_written: bool,
    /// Case-insensitive lookup tables, built once (see [`Config::reindex`]).
    #[serde(skip)]
    pub lookup: Lookup,
}

/// `[inbox]`: the note captured tasks go to (else today's daily note) and the heading they go
/// under (created when missing; else the end of the note).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Inbox {
    /// Vault-relative path of the note, `/` separated.
    pub note: Option<String>,
    /// A heading's text, without `#`.
    pub heading: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct People {
    /// alias → canonical name.
    pub aliases: BTreeMap<String, String>,
    /// Folder globs such as `People/*`: the folder or note a rule matches is about that person.
    pub folders: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Accounts {
    /// alias → canonical name.
    pub aliases: BTreeMap<String, String>,
    /// Folder globs such as `Customers/*`: the last folder of the match names the account.
    pub folders: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatusDef {
    pub name: String,
    #[serde(rename = "type")]
    pub status_type: StatusTypeName,
    #[serde(default)]
    pub proposed: bool,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatusTypeName {
    Todo,
    InProgress,
    OnHold,
    Done,
    Cancelled,
}

impl From<StatusTypeName> for StatusType {
    fn from(n: StatusTypeName) -> StatusType {
        match n {
            StatusTypeName::Todo => StatusType::Todo,
            StatusTypeName::InProgress => StatusType::InProgress,
            StatusTypeName::OnHold => StatusType::OnHold,
            StatusTypeName::Done => StatusType::Done,
            StatusTypeName::Cancelled => StatusType::Cancelled,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Proposed {
    /// Tags (without `#`) that mark a task as proposed.
    pub tags: Vec<String>,
    /// Status symbols that mark a task as proposed.
    pub symbols: Vec<String>,
    /// Tags that `accept` removes from the line.
    pub accept_removes_tags: Vec<String>,
}

impl Default for Proposed {
    fn default() -> Self {
        Proposed {
            tags: vec!["proposed".into()],
            symbols: vec!["?".into()],
            accept_removes_tags: vec!["proposed".into()],
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    /// No colours at all: emphasis by bold, reverse and underline only.
    pub monochrome: bool,
    /// Role (one of [`THEME_ROLES`]) → colour name, `#rrggbb`, or a 0–255 palette index.
    pub colors: BTreeMap<String, String>,
}

impl Theme {
    /// The colour configured for `role`, if any (validated when the file is loaded).
    pub fn color(&self, role: &str) -> Option<Color> {
        self.colors.get(role).and_then(|c| Color::parse(c))
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    pub after_edit: AfterEdit,
}

/// Where the selection goes after an edit moves the task elsewhere in the list.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AfterEdit {
    /// It stays on the row (the next task), so a list can be worked down from the top.
    #[default]
    Row,
    /// It follows the edited task.
    Task,
}

/// How a status symbol reads: its type, whether it is known, whether it means proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    pub status_type: StatusType,
    pub known: bool,
    pub proposed: bool,
    /// The symbol a toggle moves to, from the vault's Obsidian Tasks statuses.
    pub next: Option<char>,
    /// A status of type `NON_TASK` in the Obsidian Tasks settings: its lines are not tasks.
    pub non_task: bool,
}

/// Where a config came from: the file, and the 1-based line of each key path (`people.aliases.Jon`).
/// Compares equal to any other `Source` so that two configs compare by their settings only.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub file: Option<PathBuf>,
    lines: HashMap<String, usize>,
}

impl PartialEq for Source {
    fn eq(&self, _: &Source) -> bool {
        true
    }
}

impl Source {
    pub(crate) fn new(file: PathBuf, lines: HashMap<String, usize>) -> Source {
        Source {
            file: Some(file),
            lines,
        }
    }
}

impl Config {
    /// The name of Obsidian's config folder in a vault: the config's `obsidian_dir`, else `.obsidian`.
    pub fn obsidian_dir(&self) -> &str {
        self.obsidian_dir
            .as_deref()
            .unwrap_or(crate::vault::discover::DEFAULT_OBSIDIAN_DIR)
    }

    /// The built-in statuses of SPEC §2, then the config's additions.
    pub fn status(&self, symbol: char) -> StatusInfo {
        self.lookup.tables(self).status(symbol)
    }

    pub fn is_proposed_tag(&self, tag: &str) -> bool {
        self.proposed
            .tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// The one name a person is shown under: `me` names fold to the first, then aliases apply.
    /// Case-insensitive; names with no alias come back as written.
    pub fn canonical_owner(&self, name: &str) -> Arc<str> {
        self.lookup.tables(self).owner(name)
    }

    /// The one name an account is shown under, after `[accounts.aliases]` (case-insensitive).
    pub fn canonical_account(&self, name: &str) -> Arc<str> {
        self.lookup.tables(self).account(name)
    }

    /// The account a folder rule gives a vault-relative path, if any (`Customers/*` + `Customers/Acme/x.md` → `Acme`).
    pub fn account_from_folder(&self, path: &str) -> Option<Arc<str>> {
        let folder = self.lookup.tables(self).folder_account(path)?;
        Some(self.canonical_account(folder))
    }

    /// The person a people folder rule says a note is about: the matched folder's name, or the
    /// note's own name when the rule matches the file (`People/*` + `People/Marco Bellini.md`).
    pub fn person_from_folder<'p>(&self, path: &'p str) -> Option<&'p str> {
        self.lookup.tables(self).person_folder(path)
    }

    /// Whether `name` is one of the `me` names (case-insensitive).
    pub fn is_me(&self, name: &str) -> bool {
        self.me.iter().any(|m| lookup::same_ci(m, name))
    }

    /// Reads the Obsidian Tasks settings of `vault` (SPEC §9) into [`Config::tasks`]; this config's
    /// own `[obsidian_tasks]` and `[statuses]` win over them. Never writes anything.
    pub fn read_vault_settings(&mut self, vault: &Path) {
        self.tasks = TasksSettings::read(vault, self.obsidian_dir(), &self.obsidian_tasks);
        self.reindex();
    }

    /// The name of a status symbol: the config's, else the Obsidian Tasks settings', else SPEC §2's.
    pub fn status_name(&self, symbol: char) -> &str {
        if let Some(def) = self.statuses.get(symbol.encode_utf8(&mut [0; 4]) as &str) {
            return &def.name;
        }
        if let Some(s) = self.tasks.status(symbol) {
            return &s.name;
        }
        match symbol {
            ' ' => "Todo",
            '?' => "Proposed",
            '/' => "In Progress",
            'x' | 'X' => "Done",
            '-' => "Cancelled",
            _ => "Unknown",
        }
    }

    /// Whether the text after a task line's `] ` holds the global filter (always, with none set).
    /// One substring search with a searcher built once per config: this runs on every task line.
    pub fn body_has_global_filter(&self, body: &[u8]) -> bool {
        match self.lookup.tables(self).global_filter() {
            Some(f) => f.find(body).is_some(),
            None => true,
        }
    }

    /// Whether every checkbox line is a task: no global filter and no `NON_TASK` status.
    pub fn every_checkbox_is_task(&self) -> bool {
        self.lookup.tables(self).every_checkbox_is_task()
    }

    /// Rebuilds the lookup tables; call after changing aliases, `me`, statuses or folder rules in code.
    pub fn reindex(&mut self) {
        self.lookup = Lookup::default();
        self.lookup.tables(self);
    }

    /// The 1-based line of a key in the config file, by dotted path: `keys.quit`, `views.today`,
    /// `people.aliases.Jon`; array items by index: `keys.quit.1`. `None` for built-in defaults.
    pub fn source_line(&self, key_path: &str) -> Option<usize> {
        self.source.lines.get(key_path).copied()
    }

    /// A message about one key, placed the way every config error is: `FILE line N: problem`.
    pub fn describe_at(&self, key_path: &str, problem: &str) -> String {
        let file = self
            .source
            .file
            .as_deref()
            .unwrap_or(Path::new("config"))
            .display();
        match self.source_line(key_path) {
            Some(line) => format!("{file} line {line}: {problem}"),
            None => format!("{file}: {problem}"),
        }
    }

    /// This config with no people or account aliases and no `me` folding: what the notes say, verbatim.
    /// Used to count raw spellings before suggesting aliases.
    pub fn without_aliases(&self) -> Config {
        let mut raw = self.clone();
        raw.me.clear();
        raw.people.aliases.clear();
        raw.accounts.aliases.clear();
        raw.names_as_written = true;
        raw.reindex();
        raw
    }
}

/// Serde helpers that accept a friendlier form than the field's type.
mod de {
    use serde::{Deserialize, Deserializer};
    use std::collections::BTreeMap;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    /// A view is a string of query lines, or a list of lines.
    pub fn views<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
        let raw = BTreeMap::<String, OneOrMany>::deserialize(d)?;
        Ok(raw
            .into_iter()
            .map(|(k, v)| match v {
                OneOrMany::One(s) => (k, s),
                OneOrMany::Many(lines) => (k, lines.join("\n")),
            })
            .collect())
    }

    /// A key binding is one key or a list of keys.
    pub fn keys<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
        let raw = BTreeMap::<String, OneOrMany>::deserialize(d)?;
        Ok(raw
            .into_iter()
            .map(|(k, v)| match v {
                OneOrMany::One(s) => (k, vec![s]),
                OneOrMany::Many(keys) => (k, keys),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_statuses() {
        let c = Config::default();
        assert_eq!(c.status('x').status_type, StatusType::Done);
        assert_eq!(c.status('X').status_type, StatusType::Done);
        assert_eq!(c.status('-').status_type, StatusType::Cancelled);
        assert_eq!(c.status('/').status_type, StatusType::InProgress);
        assert!(c.status('?').proposed);
        assert!(!c.status(' ').proposed);
        let unknown = c.status('!');
        assert!(!unknown.known);
        assert_eq!(unknown.status_type, StatusType::Todo);
    }

    #[test]
    fn owners_fold_through_me_and_aliases() {
        let mut c = Config {
            me: vec!["Myself".into(), "Dana Reyes".into()],
            ..Config::default()
        };
        c.people
            .aliases
            .insert("Jon".into(), "Jon Stefansson".into());
        c.people.aliases.insert("Dana".into(), "Dana Reyes".into());
        assert_eq!(&*c.canonical_owner("Dana Reyes"), "Myself");
        assert_eq!(&*c.canonical_owner("dana"), "Myself");
        assert_eq!(&*c.canonical_owner("jon"), "Jon Stefansson");
        assert_eq!(&*c.canonical_owner("JON"), "Jon Stefansson");
        assert_eq!(&*c.canonical_owner("Sam"), "Sam");
    }

    #[test]
    fn reindex_picks_up_changes_made_after_a_lookup() {
        let mut c = Config::default();
        assert_eq!(&*c.canonical_owner("Jon"), "Jon");
        c.people
            .aliases
            .insert("Jon".into(), "Jon Stefansson".into());
        c.reindex();
        assert_eq!(&*c.canonical_owner("Jon"), "Jon Stefansson");
    }

    #[test]
    fn folder_rules_name_accounts() {
        let mut c = Config::default();
        c.accounts.folders = vec!["Customers/*".into()];
        c.accounts.aliases.insert("acme".into(), "Acme Corp".into());
        assert_eq!(
            c.account_from_folder("Customers/Acme/notes/call.md")
                .as_deref(),
            Some("Acme Corp")
        );
        assert_eq!(
            c.account_from_folder("customers/Globex/call.md").as_deref(),
            Some("Globex")
        );
        assert_eq!(c.account_from_folder("Customers/loose.md"), None);
        assert_eq!(c.account_from_folder("People/Acme/x.md"), None);
    }

    #[test]
    fn deeper_folder_rules_and_wildcards() {
        let mut c = Config::default();
        c.accounts.folders = vec!["Clients/*/Accounts/*".into(), "**/Partners/*".into()];
        assert_eq!(
            c.account_from_folder("Clients/EMEA/Accounts/Initech/2025/x.md")
                .as_deref(),
            Some("Initech")
        );
        assert_eq!(
            c.account_from_folder("Work/Partners/Hooli/x.md").as_deref(),
            Some("Hooli")
        );
        assert_eq!(c.account_from_folder("Clients/EMEA/x.md"), None);
    }

    #[test]
    fn extra_statuses_and_proposed_symbols() {
        let mut c = Config::default();
        c.statuses.insert(
            "!".into(),
            StatusDef {
                name: "Important".into(),
                status_type: StatusTypeName::InProgress,
                proposed: false,
            },
        );
        c.statuses.insert(
            "i".into(),
            StatusDef {
                name: "Idea".into(),
                status_type: StatusTypeName::Todo,
                proposed: true,
            },
        );
        c.reindex();
        let important = c.status('!');
        assert!(important.known);
        assert_eq!(important.status_type, StatusType::InProgress);
        assert!(!important.proposed);
        assert!(c.status('i').proposed);
        assert!(c.status('?').proposed);
    }
}
