//! The user's configuration: vault, who "me" is, aliases, statuses, views, keys, theme.
//! Defaults live in code so that triage works with no file at all; it never writes the config on its own.

use crate::task::StatusType;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    /// Names that mean the user; all are shown as the first one.
    pub me: Vec<String>,
    pub people: People,
    pub accounts: Accounts,
    /// Extra globs (vault-relative, gitignore syntax) that are never read.
    pub ignore: Vec<String>,
    /// Extra status symbols, keyed by the symbol.
    pub statuses: BTreeMap<String, StatusDef>,
    pub proposed: Proposed,
    /// Named views: name → query lines.
    pub views: BTreeMap<String, String>,
    /// UI action → keys; read by the terminal UI.
    pub keys: BTreeMap<String, Vec<String>>,
    pub theme: Theme,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct People {
    /// alias → canonical name.
    pub aliases: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Accounts {
    /// alias → canonical name.
    pub aliases: BTreeMap<String, String>,
    /// Folder globs such as `Customers/*`: the folder matched by the last `*` names the account.
    pub folders: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
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
    Done,
    Cancelled,
}

impl From<StatusTypeName> for StatusType {
    fn from(n: StatusTypeName) -> StatusType {
        match n {
            StatusTypeName::Todo => StatusType::Todo,
            StatusTypeName::InProgress => StatusType::InProgress,
            StatusTypeName::Done => StatusType::Done,
            StatusTypeName::Cancelled => StatusType::Cancelled,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
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

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    pub monochrome: bool,
    /// Role → colour name (`accent`, `overdue`, `today`, `proposed`, `done`, `muted`).
    pub colors: BTreeMap<String, String>,
}

/// How a status symbol reads: its type, whether it is known, whether it means proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    pub status_type: StatusType,
    pub known: bool,
    pub proposed: bool,
}

impl Config {
    /// The built-in statuses of SPEC §2, then the config's additions.
    pub fn status(&self, symbol: char) -> StatusInfo {
        let mut buf = [0u8; 4];
        let key: &str = symbol.encode_utf8(&mut buf);
        let proposed_symbol = self.proposed.symbols.iter().any(|s| s == key);
        if let Some(def) = self.statuses.get(key) {
            return StatusInfo {
                status_type: def.status_type.into(),
                known: true,
                proposed: def.proposed || proposed_symbol,
            };
        }
        let (status_type, known) = match symbol {
            ' ' | '?' => (StatusType::Todo, true),
            '/' => (StatusType::InProgress, true),
            'x' | 'X' => (StatusType::Done, true),
            '-' => (StatusType::Cancelled, true),
            _ => (StatusType::Todo, false),
        };
        StatusInfo {
            status_type,
            known,
            proposed: proposed_symbol,
        }
    }

    pub fn is_proposed_tag(&self, tag: &str) -> bool {
        self.proposed.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// The one name a person is shown under: `me` names fold to the first, then aliases apply.
    pub fn canonical_owner(&self, name: &str) -> Arc<str> {
        if let Some(first) = self.me.first()
            && self.me.iter().any(|m| m.eq_ignore_ascii_case(name))
        {
            return Arc::from(first.as_str());
        }
        match lookup_ci(&self.people.aliases, name) {
            Some(canon) => self.canonical_owner_no_alias(canon),
            None => Arc::from(name),
        }
    }

    fn canonical_owner_no_alias(&self, name: &str) -> Arc<str> {
        if let Some(first) = self.me.first()
            && self.me.iter().any(|m| m.eq_ignore_ascii_case(name))
        {
            return Arc::from(first.as_str());
        }
        Arc::from(name)
    }

    pub fn canonical_account(&self, name: &str) -> Arc<str> {
        Arc::from(lookup_ci(&self.accounts.aliases, name).unwrap_or(name))
    }

    /// The account a folder rule gives a vault-relative path, if any (`Customers/*` + `Customers/Acme/x.md` → `Acme`).
    pub fn account_from_folder(&self, path: &str) -> Option<Arc<str>> {
        let dirs: Vec<&str> = path.split('/').collect();
        let dirs = &dirs[..dirs.len().saturating_sub(1)];
        for rule in &self.accounts.folders {
            let parts: Vec<&str> = rule.trim_matches('/').split('/').collect();
            if parts.len() > dirs.len() {
                continue;
            }
            let matched = parts
                .iter()
                .zip(dirs)
                .all(|(p, d)| *p == "*" || p.eq_ignore_ascii_case(d));
            if matched && let Some(i) = parts.iter().rposition(|p| *p == "*") {
                return Some(self.canonical_account(dirs[i]));
            }
        }
        None
    }
}

/// A config file that could not be used; the program does not start on one.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Where the config is read from when no `--config`/`TRIAGE_CONFIG` is given.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "triage").map(|d| d.config_dir().join("config.toml"))
}

/// Loads the config: the given file (which must exist), else the default path if it exists, else defaults.
pub fn load(path: Option<&std::path::Path>) -> Result<Config, ConfigError> {
    let (path, must_exist) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(Config::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path,
        message: e.to_string(),
    })
}

fn lookup_ci<'a>(map: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    map.get(key).map(String::as_str).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    })
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
        c.people.aliases.insert("Jon".into(), "Jon Stefansson".into());
        c.people.aliases.insert("Dana".into(), "Dana Reyes".into());
        assert_eq!(&*c.canonical_owner("Dana Reyes"), "Myself");
        assert_eq!(&*c.canonical_owner("dana"), "Myself");
        assert_eq!(&*c.canonical_owner("jon"), "Jon Stefansson");
        assert_eq!(&*c.canonical_owner("Sam"), "Sam");
    }

    #[test]
    fn folder_rules_name_accounts() {
        let mut c = Config::default();
        c.accounts.folders = vec!["Customers/*".into()];
        assert_eq!(
            c.account_from_folder("Customers/Acme/notes/call.md").as_deref(),
            Some("Acme")
        );
        assert_eq!(c.account_from_folder("Customers/loose.md"), None);
        assert_eq!(c.account_from_folder("People/Acme/x.md"), None);
    }
}
