//! Which folder a command means by "the vault", found like git finds a repository: a name given
//! (argument, TRIAGE_VAULT, config), else the nearest folder at or above the current one that holds
//! Obsidian's config folder. Reads only; never walks down into a tree.

use serde::Serialize;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The name of Obsidian's config folder inside a vault, unless the config's `obsidian_dir` says otherwise.
pub const DEFAULT_OBSIDIAN_DIR: &str = ".obsidian";

/// Where the vault's name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultSource {
    /// `--vault` or the positional VAULT.
    Argument,
    /// `TRIAGE_VAULT`.
    Env,
    /// The config's `vault` key.
    Config,
    /// Found: the nearest folder at or above the current one holding the Obsidian config folder.
    Found,
}

impl fmt::Display for VaultSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VaultSource::Argument => "the command line",
            VaultSource::Env => "TRIAGE_VAULT",
            VaultSource::Config => "the config's `vault`",
            VaultSource::Found => "the folders at and above the current one",
        })
    }
}

/// Everything discovery looks at, passed in so that it can be tested without the process's state.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `--vault` or the positional VAULT: a folder, or the name of a vault Obsidian knows.
    pub arg: Option<&'a Path>,
    /// `TRIAGE_VAULT` as set; empty counts as unset. A folder or an Obsidian vault name.
    pub env: Option<&'a OsStr>,
    /// The config's `vault` (already expanded by the config loader): a folder.
    pub config: Option<&'a Path>,
    /// The folder to start the upward search from, and the base of relative names.
    pub cwd: &'a Path,
    /// The Obsidian config folder's name (`.obsidian` unless configured).
    pub obsidian_dir: &'a str,
    /// Obsidian's own vault list (`obsidian.json`); read only when a bare name is not a folder.
    pub obsidian_list: Option<&'a Path>,
}

/// The vault a command works on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub root: PathBuf,
    pub source: VaultSource,
    /// The Obsidian vault name it was chosen by, when it was chosen by one.
    pub obsidian_name: Option<String>,
}

/// A vault Obsidian lists in its `obsidian.json`; Obsidian shows it by its folder's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownVault {
    pub name: String,
    pub path: PathBuf,
    /// Whether Obsidian had it open when it last wrote the list.
    pub open: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error(
        "no vault found: no folder from {} up holds Obsidian's config folder ({obsidian_dir}).\n\
         Choose a vault in one of three ways:\n  \
         --vault PATH, or --vault NAME for a vault Obsidian knows (`triage vaults` lists them)\n  \
         TRIAGE_VAULT=PATH in the environment\n  \
         vault = \"~/Notes\" in the config file (`triage config path` shows where it is)",
        cwd.display()
    )]
    NotFound { cwd: PathBuf, obsidian_dir: String },
    #[error("vault {} (from {from}) is not a folder{hint}", path.display())]
    NotAFolder {
        path: PathBuf,
        from: VaultSource,
        /// What Obsidian's list says about the name, when it was a bare name.
        hint: String,
    },
    #[error(
        "vault name {name:?} (from {from}) is ambiguous: Obsidian lists {}; give the folder instead",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
    )]
    Ambiguous {
        name: String,
        from: VaultSource,
        paths: Vec<PathBuf>,
    },
    #[error("cannot read Obsidian's vault list {}: {message}", path.display())]
    BadList { path: PathBuf, message: String },
}

/// The vault of `req`: the first of argument, environment and config that is set, else the
/// nearest folder at or above `cwd` that holds `obsidian_dir`; nothing below `cwd` is looked at.
pub fn discover(req: &Request) -> Result<Found, DiscoverError> {
    let env = req.env.filter(|v| !v.is_empty()).map(Path::new);
    let named = [
        (req.arg, VaultSource::Argument),
        (env, VaultSource::Env),
        (req.config, VaultSource::Config),
    ];
    if let Some((value, from)) = named.into_iter().find_map(|(v, s)| v.map(|v| (v, s))) {
        return named_vault(req, value, from);
    }
    for dir in req.cwd.ancestors() {
        if dir.join(req.obsidian_dir).is_dir() {
            return Ok(Found {
                root: dir.to_path_buf(),
                source: VaultSource::Found,
                obsidian_name: None,
            });
        }
    }
    Err(DiscoverError::NotFound {
        cwd: req.cwd.to_path_buf(),
        obsidian_dir: req.obsidian_dir.to_string(),
    })
}

/// A folder (relative to `cwd`); else, for the argument and TRIAGE_VAULT, a bare name that
/// Obsidian's vault list knows. A folder of that name wins, as a path given is meant literally.
fn named_vault(req: &Request, value: &Path, from: VaultSource) -> Result<Found, DiscoverError> {
    // Lexically tidied (`/notes/.` → `/notes`), so that messages and `config show` read cleanly.
    let path: PathBuf = req.cwd.join(value).components().collect();
    if path.is_dir() {
        return Ok(Found {
            root: path,
            source: from,
            obsidian_name: None,
        });
    }
    let name = match (from, bare_name(value)) {
        (VaultSource::Argument | VaultSource::Env, Some(name)) => name,
        _ => return Err(not_a_folder(path, from, String::new())),
    };
    let list = match req.obsidian_list {
        Some(file) => read_obsidian_list(file)?.map(|l| (file, l)),
        None => None,
    };
    let Some((file, known)) = list else {
        let hint = match req.obsidian_list {
            Some(file) => format!(
                ", and Obsidian's vault list ({}) does not exist to look the name up in",
                file.display()
            ),
            None => String::new(),
        };
        return Err(not_a_folder(path, from, hint));
    };
    let exact: Vec<&KnownVault> = known.iter().filter(|v| v.name == name).collect();
    let matches = if exact.is_empty() {
        let lower = name.to_lowercase();
        known
            .iter()
            .filter(|v| v.name.to_lowercase() == lower)
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [one] if one.path.is_dir() => Ok(Found {
            root: one.path.clone(),
            source: from,
            obsidian_name: Some(one.name.clone()),
        }),
        [one] => Err(not_a_folder(
            one.path.clone(),
            from,
            format!(
                " (Obsidian lists it as the vault {:?} in {})",
                one.name,
                file.display()
            ),
        )),
        [] => {
            let names: Vec<&str> = known.iter().map(|v| v.name.as_str()).collect();
            let hint = if names.is_empty() {
                format!(", and Obsidian's vault list ({}) is empty", file.display())
            } else {
                format!(
                    ", nor the name of a vault Obsidian knows ({})",
                    names.join(", ")
                )
            };
            Err(not_a_folder(path, from, hint))
        }
        many => Err(DiscoverError::Ambiguous {
            name: name.to_string(),
            from,
            paths: many.iter().map(|v| v.path.clone()).collect(),
        }),
    }
}

fn not_a_folder(path: PathBuf, from: VaultSource, hint: String) -> DiscoverError {
    DiscoverError::NotAFolder { path, from, hint }
}

/// `Work`, but not `./Work`, `a/Work` or `..`: only a single plain name can be a vault's name.
fn bare_name(value: &Path) -> Option<&str> {
    let mut parts = value.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(name)), None) => name.to_str(),
        _ => None,
    }
}

/// The vaults in Obsidian's `obsidian.json`, sorted by name; `None` if the file does not exist.
pub fn read_obsidian_list(file: &Path) -> Result<Option<Vec<KnownVault>>, DiscoverError> {
    #[derive(serde::Deserialize)]
    struct List {
        #[serde(default)]
        vaults: std::collections::BTreeMap<String, Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        path: PathBuf,
        #[serde(default)]
        open: bool,
    }
    let bad = |message: String| DiscoverError::BadList {
        path: file.to_path_buf(),
        message,
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(bad(e.to_string())),
    };
    let list: List = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let mut vaults: Vec<KnownVault> = list
        .vaults
        .into_values()
        .map(|e| KnownVault {
            name: folder_name(&e.path),
            path: e.path,
            open: e.open,
        })
        .collect();
    vaults.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    Ok(Some(vaults))
}

/// The last part of a path as Obsidian writes it, `/` or `\` separated whatever this platform uses.
fn folder_name(path: &Path) -> String {
    let text = path.to_string_lossy();
    let trimmed = text.trim_end_matches(['/', '\\']);
    trimmed
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(trimmed)
        .to_string()
}

/// Where Obsidian keeps its vault list: `TRIAGE_OBSIDIAN_CONFIG` (the file, or its folder) if set,
/// else the first that exists of the platform's places (`~/.config/obsidian/`, the Flatpak and
/// Snap ones on Linux, `~/Library/Application Support/obsidian/`, `%APPDATA%\obsidian\`), else
/// the first of them, so that a message can say where it looked.
pub fn obsidian_list_file() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os("TRIAGE_OBSIDIAN_CONFIG").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(v);
        return Some(if p.is_dir() {
            p.join("obsidian.json")
        } else {
            p
        });
    }
    let dirs = directories::BaseDirs::new()?;
    let mut places = vec![dirs.config_dir().join("obsidian")];
    if cfg!(target_os = "linux") {
        let home = dirs.home_dir();
        places.push(home.join(".var/app/md.obsidian.Obsidian/config/obsidian"));
        places.push(home.join("snap/obsidian/current/.config/obsidian"));
    }
    let files: Vec<PathBuf> = places.iter().map(|d| d.join("obsidian.json")).collect();
    files
        .iter()
        .find(|f| f.is_file())
        .or(files.first())
        .cloned()
}

#[cfg(test)]
mod tests;
