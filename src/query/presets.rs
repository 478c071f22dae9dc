//! What the vault's Obsidian Tasks settings and the query's note add to a query: `preset NAME`
//! lines, `{{preset.NAME}}` and `{{query.file.…}}` placeholders, `{{! comments}}`, and the global
//! query run before every query unless it says `ignore global query`.

use super::{Query, QueryError};
use std::collections::BTreeMap;

/// How deep presets may name other presets; deeper is taken to be a loop.
const MAX_DEPTH: usize = 8;

/// The presets a query may name: `None` while they are not known yet (a config view checked
/// before any vault is opened), when any name is accepted.
#[derive(Clone, Copy, Debug, Default)]
pub struct Presets<'a>(pub Option<&'a BTreeMap<String, String>>);

impl Presets<'_> {
    /// The instructions of preset `name`, or the error Obsidian Tasks gives for an unknown one.
    fn get(&self, name: &str) -> Result<Option<&str>, String> {
        let Some(map) = self.0 else {
            return Ok(None);
        };
        map.get(name).map(|t| Some(t.as_str())).ok_or_else(|| {
            let names: Vec<&str> = map.keys().map(String::as_str).collect();
            if names.is_empty() {
                format!(
                    "cannot find preset \"{name}\" in the Tasks settings (it has no presets; add them in Obsidian's Tasks settings or under [obsidian_tasks.presets] in the config)"
                )
            } else {
                format!(
                    "cannot find preset \"{name}\" in the Tasks settings; presets: {}",
                    names.join(", ")
                )
            }
        })
    }
}

/// The note that holds a query (a ```tasks block), for `{{query.file.…}}` placeholders.
pub struct QueryFile<'a> {
    /// Vault-relative, `/` separated.
    pub path: &'a str,
    /// A frontmatter property of the note, for `{{query.file.property('key')}}`.
    pub property: &'a dyn Fn(&str) -> Option<String>,
}

const FILE_PLACEHOLDERS: &str = "query.file.path, query.file.pathWithoutExtension, query.file.root, \
query.file.folder, query.file.filename, query.file.filenameWithoutExtension, query.file.property('KEY')";

const FILE_NAMES: [&str; 6] = [
    "query.file.path",
    "query.file.pathWithoutExtension",
    "query.file.root",
    "query.file.folder",
    "query.file.filename",
    "query.file.filenameWithoutExtension",
];

impl QueryFile<'_> {
    /// The value of `{{NAME}}` (`query.file.path`), as Obsidian Tasks fills it in.
    fn value(&self, name: &str) -> Result<String, String> {
        let path = self.path;
        let (folder, filename) = match path.rfind('/') {
            Some(i) => (&path[..=i], &path[i + 1..]),
            None => ("/", path),
        };
        let strip = |s: &str| s.strip_suffix(".md").unwrap_or(s).to_string();
        Ok(match name {
            "query.file.path" => path.to_string(),
            "query.file.pathWithoutExtension" => strip(path),
            "query.file.root" => path.find('/').map_or("/", |i| &path[..=i]).to_string(),
            "query.file.folder" => folder.to_string(),
            "query.file.filename" => filename.to_string(),
            "query.file.filenameWithoutExtension" => strip(filename),
            _ => match property_key(name) {
                Some(key) => (self.property)(key).unwrap_or_default(),
                None => return Err(unknown_placeholder(name)),
            },
        })
    }
}

/// `query.file.property('key')` (or with `"`) → `key`.
fn property_key(name: &str) -> Option<&str> {
    let arg = name
        .strip_prefix("query.file.property(")?
        .strip_suffix(')')?
        .trim();
    ["'", "\""]
        .iter()
        .find_map(|q| arg.strip_prefix(q)?.strip_suffix(q))
}

fn unknown_placeholder(name: &str) -> String {
    format!("unknown placeholder {{{{{name}}}}}; known: {FILE_PLACEHOLDERS}, preset.NAME")
}

/// Replaces every `{{preset.NAME}}` with that preset's instructions (which may span lines), every
/// `{{query.file.…}}` with what it says of `file`, and drops `{{! comments}}`.
pub(super) fn expand_placeholders(
    text: &str,
    presets: Presets<'_>,
    file: Option<&QueryFile<'_>>,
    depth: usize,
) -> Result<String, QueryError> {
    if !text.contains("{{") {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        let error = |message: String| QueryError {
            line: i + 1,
            message,
        };
        let mut rest = line;
        while let Some(at) = rest.find("{{") {
            let Some(len) = rest[at..].find("}}") else {
                break;
            };
            let inner = rest[at + 2..at + len].trim();
            out.push_str(&rest[..at]);
            if let Some(name) = inner.strip_prefix("preset.") {
                match presets.get(name.trim()).map_err(error)? {
                    Some(body) if depth < MAX_DEPTH => {
                        let body = expand_placeholders(body, presets, file, depth + 1)?;
                        out.push_str(&body);
                    }
                    Some(_) => {
                        return Err(error(format!(
                            "preset \"{name}\" names presets more than {MAX_DEPTH} deep (a loop?)"
                        )));
                    }
                    None => out.push_str(&rest[at..at + len + 2]),
                }
            } else if inner.starts_with('!') {
                // `{{! … }}` is a comment.
            } else if inner.starts_with("query.") {
                let known = FILE_NAMES.contains(&inner) || property_key(inner).is_some();
                if !known {
                    return Err(error(unknown_placeholder(inner)));
                }
                let Some(file) = file else {
                    return Err(error(format!(
                        "{{{{{inner}}}}} names the note that holds the query, and this query has none \
                         (a -q line, a config view or the filter bar); use it in a ```tasks block"
                    )));
                };
                out.push_str(&file.value(inner).map_err(error)?);
            } else {
                return Err(error(unknown_placeholder(inner)));
            }
            rest = &rest[at + len + 2..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    Ok(out)
}

/// The query of a `preset NAME` line: `Ok(None)` when presets are not known yet.
pub(super) fn preset_line(
    name: &str,
    presets: Presets<'_>,
    file: Option<&QueryFile<'_>>,
    depth: usize,
) -> Result<Option<Query>, String> {
    let Some(body) = presets.get(name)? else {
        return Ok(None);
    };
    if depth >= MAX_DEPTH {
        return Err(format!(
            "preset \"{name}\" names presets more than {MAX_DEPTH} deep (a loop?)"
        ));
    }
    Query::parse_at_depth(body, presets, file, depth + 1)
        .map(Some)
        .map_err(|e| format!("in preset \"{name}\", line {}: {}", e.line, e.message))
}

impl Query {
    /// This query after the global query of the Obsidian Tasks settings (its filters, sorts and
    /// groups first, as the plugin does), unless the query says `ignore global query`.
    pub fn with_global(
        self,
        global: &str,
        presets: &BTreeMap<String, String>,
    ) -> Result<Query, QueryError> {
        if self.ignore_global || global.trim().is_empty() {
            return Ok(self);
        }
        let g = Query::parse_with(global, Presets(Some(presets))).map_err(|e| QueryError {
            line: e.line,
            message: format!("in the global query of the Tasks settings: {}", e.message),
        })?;
        Ok(g.and(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::tests::{task, today};

    fn presets() -> BTreeMap<String, String> {
        [
            ("open", "not done"),
            ("urgent", "preset open\npriority is high"),
            ("loop", "preset loop"),
            ("bad", "frobnicate"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// Three tasks: open and high, done and high, open.
    fn count(q: &Query) -> usize {
        let tasks = [
            task("a.md", 1, "a", &[("priority", "high")]),
            task("a.md", 2, "b", &[("priority", "high"), ("status", "x")]),
            task("a.md", 3, "c", &[]),
        ];
        q.run(&tasks, today()).total
    }

    #[test]
    fn preset_lines_and_placeholders_expand() {
        let p = presets();
        let q = Query::parse_with("preset urgent", Presets(Some(&p))).unwrap();
        assert_eq!(count(&q), 1);
        let q = Query::parse_with("{{preset.open}}", Presets(Some(&p))).unwrap();
        assert_eq!(count(&q), 2);
        let q = Query::parse_with("{{! a comment }}not done", Presets(Some(&p))).unwrap();
        assert_eq!(count(&q), 2);
    }

    #[test]
    fn unknown_looping_and_broken_presets_are_errors() {
        let p = presets();
        let e = Query::parse_with("not done\npreset nope", Presets(Some(&p))).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("cannot find preset \"nope\""),
            "{}",
            e.message
        );
        assert!(e.message.contains("open, urgent"), "{}", e.message);
        let e = Query::parse_with("{{preset.nope}}", Presets(Some(&p))).unwrap_err();
        assert!(e.message.contains("cannot find preset"), "{}", e.message);
        let e = Query::parse_with("preset loop", Presets(Some(&p))).unwrap_err();
        assert!(e.message.contains("a loop?"), "{}", e.message);
        let e = Query::parse_with("preset bad", Presets(Some(&p))).unwrap_err();
        assert!(
            e.message.contains("in preset \"bad\", line 1"),
            "{}",
            e.message
        );
        // Before the presets are known, any name is accepted.
        assert!(Query::parse_with("preset nope", Presets(None)).is_ok());
        assert!(
            Query::parse("preset nope").is_err(),
            "no presets, no silent match-all"
        );
    }

    #[test]
    fn the_global_query_runs_first_unless_ignored() {
        let p = presets();
        let q = Query::parse("priority is high")
            .unwrap()
            .with_global("not done", &p)
            .unwrap();
        assert_eq!(count(&q), 1);
        let q = Query::parse("priority is high\nignore global query")
            .unwrap()
            .with_global("not done", &p)
            .unwrap();
        assert_eq!(count(&q), 2);
        let e = Query::parse("done")
            .unwrap()
            .with_global("frobnicate", &p)
            .unwrap_err();
        assert!(e.message.contains("global query"), "{}", e.message);
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    fn expand(text: &str, path: Option<&str>) -> Result<String, QueryError> {
        let property = |key: &str| (key == "project").then(|| "Apollo, Gemini".to_string());
        let file = path.map(|path| QueryFile {
            path,
            property: &property,
        });
        expand_placeholders(text, Presets(None), file.as_ref(), 0)
    }

    #[test]
    fn file_placeholders_as_obsidian_tasks_fills_them() {
        let e = |t: &str| expand(t, Some("Work/Acme/Call 1.md")).unwrap();
        assert_eq!(
            e("path includes {{query.file.path}}"),
            "path includes Work/Acme/Call 1.md\n"
        );
        assert_eq!(
            e("{{query.file.pathWithoutExtension}}"),
            "Work/Acme/Call 1\n"
        );
        assert_eq!(e("{{query.file.root}}"), "Work/\n");
        assert_eq!(e("{{query.file.folder}}"), "Work/Acme/\n");
        assert_eq!(e("{{query.file.filename}}"), "Call 1.md\n");
        assert_eq!(e("{{ query.file.filenameWithoutExtension }}"), "Call 1\n");
        assert_eq!(e("{{query.file.property('project')}}"), "Apollo, Gemini\n");
        assert_eq!(e("{{query.file.property(\"missing\")}}"), "\n");
        assert_eq!(e("not done {{! why: the weekly review }}"), "not done \n");
        let top = |t: &str| expand(t, Some("Inbox.md")).unwrap();
        assert_eq!(top("{{query.file.root}} {{query.file.folder}}"), "/ /\n");
    }

    #[test]
    fn unknown_names_and_queries_without_a_file_are_errors() {
        let e = expand("not done\npath includes {{query.file.nme}}", Some("a.md")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("unknown placeholder {{query.file.nme}}"),
            "{}",
            e.message
        );
        let e = expand("{{frobnicate}}", Some("a.md")).unwrap_err();
        assert!(e.message.contains("unknown placeholder"), "{}", e.message);
        let e = expand("path includes {{query.file.path}}", None).unwrap_err();
        assert!(e.message.contains("has none"), "{}", e.message);
    }
}
