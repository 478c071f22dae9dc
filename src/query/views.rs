//! Saved views: every ```tasks block in the vault (named after its note) and the config's named views.
//! Reads the index and the config only; never parses notes or touches the disk.

use super::{Presets, Query, QueryError, QueryFile};
use crate::config::Config;
use crate::vault::Index;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewSource {
    Note,
    Config,
}

/// A named query: a ```tasks block (with its note path and fence line) or a config view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    pub name: String,
    pub path: Option<String>,
    /// 1-based line of the opening fence.
    pub line: Option<u32>,
    /// The query as written.
    pub query: String,
    pub source: ViewSource,
}

impl View {
    /// The view's query as Obsidian Tasks runs it in `vault`: presets and `{{query.file.…}}`
    /// placeholders (the note's path and frontmatter) filled in, after the global query of the
    /// vault's Tasks settings unless it says `ignore global query`. Reads only the view's note,
    /// and only for `{{query.file.property(…)}}`.
    pub fn parse(&self, cfg: &Config, vault: &Path) -> Result<Query, QueryError> {
        let tasks = &cfg.tasks;
        self.parse_alone(cfg, vault)?
            .with_global(&tasks.global_query.value, &tasks.presets.value)
            .map(|q| q.name_statuses(cfg))
    }

    /// [`View::parse`] without the global query, to combine with other query lines first.
    pub fn parse_alone(&self, cfg: &Config, vault: &Path) -> Result<Query, QueryError> {
        let tasks = &cfg.tasks;
        let presets = Presets(Some(&tasks.presets.value));
        match &self.path {
            Some(path) => {
                let property = |key: &str| {
                    let bytes = std::fs::read(vault.join(path)).ok()?;
                    crate::parse::frontmatter::property(&bytes, key)
                };
                let file = QueryFile {
                    path,
                    property: &property,
                };
                Query::parse_in_file(&self.query, presets, &file)
            }
            None => Query::parse_with(&self.query, presets),
        }
    }

    /// `path:line` for note views, `config` for config views.
    pub fn location(&self) -> String {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => format!("{p}:{l}"),
            (Some(p), None) => p.clone(),
            _ => "config".into(),
        }
    }
}

/// Every view: note blocks in path order (several in one note: `Title #2`, `Title #3`), then config views.
pub fn collect(index: &Index, cfg: &Config) -> Vec<View> {
    let mut views = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (entry, block) in index.tasks_blocks() {
        let meta = &entry.note.meta;
        let title = if meta.title.trim().is_empty() {
            meta.filename().to_string()
        } else {
            meta.title.clone()
        };
        let count = seen
            .entry(format!("{}\u{0}{title}", meta.path))
            .or_insert(0);
        *count += 1;
        let name = if *count == 1 {
            title
        } else {
            format!("{title} #{count}")
        };
        views.push(View {
            name,
            path: Some(meta.path.to_string()),
            line: Some(block.line),
            query: block.query.clone(),
            source: ViewSource::Note,
        });
    }
    for (name, query) in &cfg.views {
        views.push(View {
            name: name.clone(),
            path: None,
            line: None,
            query: query.clone(),
            source: ViewSource::Config,
        });
    }
    views
}

/// No view has the name asked for; lists the names there are.
#[derive(Debug, thiserror::Error)]
#[error("no view named '{name}'; {}", available(.names))]
pub struct UnknownView {
    pub name: String,
    pub names: Vec<String>,
}

fn available(names: &[String]) -> String {
    if names.is_empty() {
        "there are no saved views (add a ```tasks block to a note, or [views] to the config)".into()
    } else {
        format!("available: {}", names.join(", "))
    }
}

/// The view called `name`, ignoring case; a config view wins over a note block of the same name.
pub fn find<'v>(views: &'v [View], name: &str) -> Result<&'v View, UnknownView> {
    let wanted = name.trim();
    let hits = || {
        views.iter().filter(|v| {
            v.name.eq_ignore_ascii_case(wanted) || v.name.to_lowercase() == wanted.to_lowercase()
        })
    };
    hits()
        .find(|v| v.source == ViewSource::Config)
        .or_else(|| hits().next())
        .ok_or_else(|| UnknownView {
            name: wanted.to_string(),
            names: views.iter().map(|v| v.name.clone()).collect(),
        })
}
