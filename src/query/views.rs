//! Saved views: every ```tasks block in the vault (named after its note) and the config's named views.
//! Reads the index and the config only; never parses notes or touches the disk.

use crate::config::Config;
use crate::vault::Index;
use serde::Serialize;
use std::collections::HashMap;

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
    /// The query with Obsidian Tasks' `{{query.file.…}}` placeholders filled in from the note's path.
    pub fn resolved_query(&self) -> String {
        let Some(path) = &self.path else {
            return self.query.clone();
        };
        if !self.query.contains("{{") {
            return self.query.clone();
        }
        let (folder, filename) = match path.rfind('/') {
            Some(i) => (&path[..=i], &path[i + 1..]),
            None => ("", path.as_str()),
        };
        let root = path.find('/').map_or("/", |i| &path[..=i]);
        let strip = |s: &str| s.strip_suffix(".md").unwrap_or(s).to_string();
        let folder_shown = if folder.is_empty() { "/" } else { folder };
        [
            ("{{query.file.pathWithoutExtension}}", strip(path)),
            ("{{query.file.filenameWithoutExtension}}", strip(filename)),
            ("{{query.file.path}}", path.clone()),
            ("{{query.file.filename}}", filename.to_string()),
            ("{{query.file.folder}}", folder_shown.to_string()),
            ("{{query.file.root}}", root.to_string()),
        ]
        .iter()
        .fold(self.query.clone(), |q, (from, to)| q.replace(from, to))
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
