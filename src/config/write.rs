//! Writes accepted alias lines into the config file, keeping its comments, order and layout
//! (`toml_edit`). Touches only the one alias table; never writes a file the loader would reject.

use super::{DEFAULT_CONFIG, parse_str};
use std::io::Write;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, Table, value};

/// Which alias table: `[people.aliases]` or `[accounts.aliases]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasTable {
    People,
    Accounts,
}

impl AliasTable {
    fn section(self) -> &'static str {
        match self {
            AliasTable::People => "people",
            AliasTable::Accounts => "accounts",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot edit config {}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: the aliases would make the config invalid, so nothing was written: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write config {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What one write did: the lines now in the table for the accepted aliases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// `(alias, canonical)` as written, after following existing aliases.
    pub added: Vec<(String, String)>,
    /// Existing aliases that pointed at a name that is now an alias, re-pointed past it.
    pub repointed: Vec<(String, String)>,
    /// Whether the file was created (from the commented default config).
    pub created: bool,
}

/// Adds `alias = canonical` lines to the table in the file at `path` (created from the default
/// config when missing). A canonical that is itself an alias is followed to its name, and aliases
/// that pointed at a new alias are re-pointed, so no alias ever names another alias.
pub fn add_aliases(
    path: &Path,
    table: AliasTable,
    aliases: &[(String, String)],
) -> Result<Written, WriteError> {
    let (text, created) = match std::fs::read_to_string(path) {
        Ok(t) => (t, false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (DEFAULT_CONFIG.to_string(), true),
        Err(source) => {
            return Err(WriteError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let (new_text, mut written) =
        edit_text(&text, table, aliases).map_err(|message| WriteError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
    written.created = created;
    if let Err(e) = parse_str(&new_text, path) {
        return Err(WriteError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        });
    }
    write_replacing(path, &new_text).map_err(|source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(written)
}

/// [`add_aliases`] on the text of a config file: the new text and what changed.
pub fn edit_text(
    text: &str,
    table: AliasTable,
    aliases: &[(String, String)],
) -> Result<(String, Written), String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        e.to_string()
            .lines()
            .next()
            .unwrap_or("not TOML")
            .to_string()
    })?;
    let section = table.section();
    let outer = doc
        .entry(section)
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_like_mut()
        .ok_or_else(|| format!("`{section}` is not a table"))?;
    let aliases_item = outer.entry("aliases").or_insert(Item::Table(Table::new()));
    let map = aliases_item
        .as_table_like_mut()
        .ok_or_else(|| format!("`{section}.aliases` is not a table"))?;
    let mut written = Written::default();
    let key_of = |map: &dyn toml_edit::TableLike, name: &str| -> Option<String> {
        map.iter()
            .map(|(k, _)| k.to_string())
            .find(|k| same(k, name))
    };
    for (alias, canonical) in aliases {
        let (alias, mut canonical) = (alias.trim().to_string(), canonical.trim().to_string());
        if alias.is_empty() || canonical.is_empty() || alias == canonical {
            continue;
        }
        // Point at the final name, never at another alias.
        if let Some(k) = key_of(&*map, &canonical)
            && let Some(target) = map.get(&k).and_then(|v| v.as_str())
            && !same(target, &alias)
        {
            canonical = target.to_string();
        }
        if same(&alias, &canonical) && alias == canonical {
            continue;
        }
        let pointing: Vec<String> = map
            .iter()
            .filter(|(k, v)| v.as_str().is_some_and(|t| same(t, &alias)) && !same(k, &canonical))
            .map(|(k, _)| k.to_string())
            .collect();
        for k in pointing {
            map.insert(&k, value(canonical.as_str()));
            written.repointed.push((k, canonical.clone()));
        }
        if let Some(old) = key_of(&*map, &canonical)
            && !same(&canonical, &alias)
        {
            // The canonical name was an alias itself: it is a name now.
            map.remove(&old);
        }
        if let Some(old) = key_of(&*map, &alias) {
            map.remove(&old);
        }
        map.insert(&alias, value(canonical.as_str()));
        written.added.push((alias, canonical));
    }
    Ok((doc.to_string(), written))
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Writes a sibling file and renames it over `path`, so a reader never sees half a config.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".triage-new");
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = r#"# My triage config
vault = "~/Notes"   # where the notes live

# People I work with
[people.aliases]
"Jon" = "Jon Stefansson"   # short name
# "Old" = "Commented out"

[accounts]
folders = ["Customers/*"]
"#;

    fn add(text: &str, table: AliasTable, pairs: &[(&str, &str)]) -> (String, Written) {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        edit_text(text, table, &pairs).expect("edits")
    }

    #[test]
    fn comments_and_layout_survive_an_added_alias() {
        let (out, w) = add(USER, AliasTable::People, &[("Jonsi", "Jonsi Stephenson")]);
        for line in USER.lines() {
            assert!(out.contains(line), "lost {line:?} in\n{out}");
        }
        assert!(
            out.contains("\"Jonsi\" = \"Jonsi Stephenson\"")
                || out.contains("Jonsi = \"Jonsi Stephenson\""),
            "{out}"
        );
        assert_eq!(w.added, vec![("Jonsi".into(), "Jonsi Stephenson".into())]);
        let cfg = parse_str(&out, Path::new("c.toml")).expect("valid");
        assert_eq!(&*cfg.canonical_owner("jonsi"), "Jonsi Stephenson");
        assert_eq!(&*cfg.canonical_owner("Jon"), "Jon Stefansson");
    }

    #[test]
    fn a_missing_table_is_added_and_the_rest_is_unchanged() {
        let (out, _) = add(
            USER,
            AliasTable::Accounts,
            &[("quillon-labs", "Quillon Labs")],
        );
        assert!(out.starts_with(USER.trim_end()), "{out}");
        let cfg = parse_str(&out, Path::new("c.toml")).expect("valid");
        assert_eq!(&*cfg.canonical_account("Quillon-Labs"), "Quillon Labs");
        assert_eq!(cfg.accounts.folders, vec!["Customers/*".to_string()]);
    }

    #[test]
    fn no_alias_ever_names_another_alias() {
        // `Jon Stefansson` becomes an alias: `Jon` is re-pointed past it.
        let (out, w) = add(
            USER,
            AliasTable::People,
            &[("Jon Stefansson", "Jón Stefánsson")],
        );
        assert_eq!(w.repointed, vec![("Jon".into(), "Jón Stefánsson".into())]);
        let cfg = parse_str(&out, Path::new("c.toml")).expect("valid, no chains");
        assert_eq!(&*cfg.canonical_owner("Jon"), "Jón Stefánsson");
        // Aliasing to an alias follows it to its name.
        let (out, w) = add(USER, AliasTable::People, &[("J.", "Jon")]);
        assert_eq!(w.added, vec![("J.".into(), "Jon Stefansson".into())]);
        parse_str(&out, Path::new("c.toml")).expect("valid");
    }

    #[test]
    fn the_default_config_takes_aliases_into_its_tables() {
        let (out, _) = add(
            DEFAULT_CONFIG,
            AliasTable::People,
            &[("Marco", "Marco Bellini")],
        );
        let cfg = parse_str(&out, Path::new("c.toml")).expect("valid");
        assert_eq!(&*cfg.canonical_owner("marco"), "Marco Bellini");
        // Every comment of the template is still there.
        for line in DEFAULT_CONFIG.lines().filter(|l| l.starts_with('#')) {
            assert!(out.contains(line), "lost {line:?}");
        }
    }

    #[test]
    fn a_broken_file_is_refused_not_rewritten() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[people\n").expect("write");
        let err = add_aliases(&path, AliasTable::People, &[("a".into(), "b".into())]);
        assert!(matches!(err, Err(WriteError::Parse { .. })), "{err:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "[people\n");
    }

    #[test]
    fn a_missing_file_is_created_from_the_commented_default() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("sub/config.toml");
        let w = add_aliases(
            &path,
            AliasTable::People,
            &[("Jonsi".into(), "Jonsi Stephenson".into())],
        )
        .expect("written");
        assert!(w.created);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("# One person written several ways"), "{text}");
        let cfg = parse_str(&text, &path).expect("valid");
        assert_eq!(&*cfg.canonical_owner("Jonsi"), "Jonsi Stephenson");
    }
}
