//! The shape of the config file: every table, key and value type, with the form each key expects.
//! Used to name unknown keys and wrong types with their line before serde sees the file; reads only.

use super::load::Issue;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What a key holds.
pub(crate) enum Shape {
    /// A table with fixed keys; `required` keys must be present.
    Table {
        keys: &'static [(&'static str, Shape)],
        required: &'static [&'static str],
    },
    /// A table whose keys the user chooses (aliases, statuses, views, keys), each holding `Shape`.
    Map(&'static Shape, &'static str),
    Leaf(Kind, &'static str),
}

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    Bool,
    StrList,
    StrOrList,
    OneOf(&'static [&'static str]),
}

use Kind::*;
use Shape::*;

const STATUS: Shape = Table {
    keys: &[
        ("name", Leaf(Str, "name = \"Important\"")),
        (
            "type",
            Leaf(
                OneOf(&["todo", "in_progress", "on_hold", "done", "cancelled"]),
                "type = \"todo\" (one of: todo, in_progress, on_hold, done, cancelled)",
            ),
        ),
        ("proposed", Leaf(Bool, "proposed = false")),
    ],
    required: &["name", "type"],
};

const OBSIDIAN_TASKS: Shape = Table {
    keys: &[
        ("global_filter", Leaf(Str, "global_filter = \"#task\"")),
        (
            "remove_global_filter",
            Leaf(Bool, "remove_global_filter = true"),
        ),
        ("global_query", Leaf(Str, "global_query = \"not done\"")),
        ("set_done_date", Leaf(Bool, "set_done_date = true")),
        (
            "set_cancelled_date",
            Leaf(Bool, "set_cancelled_date = true"),
        ),
        ("set_created_date", Leaf(Bool, "set_created_date = false")),
        (
            "recurrence_on_next_line",
            Leaf(Bool, "recurrence_on_next_line = false"),
        ),
        (
            "remove_scheduled_date_on_recurrence",
            Leaf(Bool, "remove_scheduled_date_on_recurrence = false"),
        ),
        (
            "task_format",
            Leaf(
                OneOf(&["tasksPluginEmoji", "dataview"]),
                "task_format = \"dataview\" (one of: tasksPluginEmoji, dataview)",
            ),
        ),
        (
            "presets",
            Map(
                &Leaf(Str, "mine = \"owner is Myself\""),
                "[obsidian_tasks.presets] then mine = \"owner is Myself\"",
            ),
        ),
    ],
    required: &[],
};

const COLOR: &str = "overdue = \"light-red\" (a colour name, \"#rrggbb\" or 0-255)";

pub(crate) const ROOT: Shape = Table {
    keys: &[
        ("vault", Leaf(Str, "vault = \"~/Notes\"")),
        ("obsidian_dir", Leaf(Str, "obsidian_dir = \".obsidian\"")),
        ("me", Leaf(StrList, "me = [\"Myself\", \"Dana Reyes\"]")),
        (
            "people",
            Table {
                keys: &[
                    (
                        "aliases",
                        Map(
                            &Leaf(Str, "\"Jon\" = \"Jon Stefansson\""),
                            "[people.aliases] then \"Jon\" = \"Jon Stefansson\"",
                        ),
                    ),
                    ("folders", Leaf(StrList, "folders = [\"People/*\"]")),
                ],
                required: &[],
            },
        ),
        (
            "accounts",
            Table {
                keys: &[
                    (
                        "aliases",
                        Map(
                            &Leaf(Str, "\"ACME\" = \"Acme Corp\""),
                            "[accounts.aliases] then \"ACME\" = \"Acme Corp\"",
                        ),
                    ),
                    ("folders", Leaf(StrList, "folders = [\"Customers/*\"]")),
                ],
                required: &[],
            },
        ),
        ("ignore", Leaf(StrList, "ignore = [\"Templates/**\"]")),
        ("obsidian_tasks", OBSIDIAN_TASKS),
        (
            "statuses",
            Map(
                &STATUS,
                "[statuses.\"!\"] then name = \"Important\" and type = \"todo\"",
            ),
        ),
        (
            "proposed",
            Table {
                keys: &[
                    ("tags", Leaf(StrList, "tags = [\"proposed\"]")),
                    ("symbols", Leaf(StrList, "symbols = [\"?\"]")),
                    (
                        "accept_removes_tags",
                        Leaf(StrList, "accept_removes_tags = [\"proposed\"]"),
                    ),
                ],
                required: &[],
            },
        ),
        (
            "inbox",
            Table {
                keys: &[
                    ("note", Leaf(Str, "note = \"Inbox.md\"")),
                    ("heading", Leaf(Str, "heading = \"Captured\"")),
                ],
                required: &[],
            },
        ),
        (
            "views",
            Map(
                &Leaf(
                    StrOrList,
                    "today = [\"not done\", \"due on or before today\"]",
                ),
                "[views] then today = [\"not done\", \"due on or before today\"]",
            ),
        ),
        (
            "keys",
            Map(
                &Leaf(StrOrList, "quit = [\"q\", \"ctrl-c\"]"),
                "[keys] then quit = [\"q\", \"ctrl-c\"]",
            ),
        ),
        (
            "theme",
            Table {
                keys: &[
                    ("monochrome", Leaf(Bool, "monochrome = true")),
                    (
                        "colors",
                        Table {
                            keys: &[
                                ("accent", Leaf(Str, COLOR)),
                                ("overdue", Leaf(Str, COLOR)),
                                ("today", Leaf(Str, COLOR)),
                                ("proposed", Leaf(Str, COLOR)),
                                ("done", Leaf(Str, COLOR)),
                                ("muted", Leaf(Str, COLOR)),
                            ],
                            required: &[],
                        },
                    ),
                ],
                required: &[],
            },
        ),
        (
            "ui",
            Table {
                keys: &[(
                    "after_edit",
                    Leaf(
                        OneOf(&["row", "task"]),
                        "after_edit = \"row\" (one of: row, task)",
                    ),
                )],
                required: &[],
            },
        ),
    ],
    required: &[],
};

/// The expected form of the key at `path`, for messages (`None` for paths outside the schema).
pub(crate) fn expected(path: &[&str]) -> Option<&'static str> {
    let mut shape = &ROOT;
    for seg in path {
        shape = match shape {
            Table { keys, .. } => &keys.iter().find(|(k, _)| k == seg)?.1,
            Map(inner, _) => inner,
            Leaf(..) => return None,
        };
    }
    Some(match shape {
        Leaf(_, form) | Map(_, form) => form,
        Table { .. } => return None,
    })
}

/// Every key path of the schema, `*` standing for a key the user chooses; the default file documents each.
pub fn key_paths() -> Vec<String> {
    fn walk(shape: &Shape, prefix: &str, out: &mut Vec<String>) {
        let join = |k: &str| {
            if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            }
        };
        match shape {
            Table { keys, .. } => {
                for (k, s) in *keys {
                    out.push(join(k));
                    walk(s, &join(k), out);
                }
            }
            Map(inner, _) => walk(inner, &join("*"), out),
            Leaf(..) => {}
        }
    }
    let mut out = Vec::new();
    walk(&ROOT, "", &mut out);
    out
}

/// Checks keys and value types against the schema; every problem becomes an issue at its key's line.
pub(crate) fn check(table: &DeTable<'_>, line_of: &dyn Fn(usize) -> usize) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_table(table, &ROOT, &mut Vec::new(), 1, line_of, &mut issues);
    issues
}

fn check_table(
    table: &DeTable<'_>,
    shape: &Shape,
    path: &mut Vec<String>,
    table_line: usize,
    line_of: &dyn Fn(usize) -> usize,
    issues: &mut Vec<Issue>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let line = line_of(key.span().start);
        let child: &Shape = match shape {
            Table { keys, .. } => match keys.iter().find(|(k, _)| *k == name) {
                Some((_, s)) => s,
                None => {
                    let known: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                    let hint = if path.is_empty() && name == "account_folders" {
                        " (folder rules are written as folders = [...] under [accounts])"
                            .to_string()
                    } else {
                        String::new()
                    };
                    issues.push(Issue::new(
                        line,
                        join(path, name),
                        format!(
                            "unknown key '{name}' {} — expected one of: {}{hint}",
                            place(path),
                            known.join(", ")
                        ),
                    ));
                    continue;
                }
            },
            Map(inner, _) => inner,
            Leaf(..) => return,
        };
        path.push(name.to_string());
        check_value(value, child, path, line, line_of, issues);
        path.pop();
    }
    if let Table { required, .. } = shape {
        for req in *required {
            if !table.iter().any(|(k, _)| k.get_ref().as_ref() == *req) {
                let mut p: Vec<&str> = path.iter().map(String::as_str).collect();
                p.push(req);
                let form = expected(&p).unwrap_or("");
                issues.push(Issue::new(
                    table_line,
                    path.join("."),
                    format!("missing key '{req}' {} — expected {form}", place(path)),
                ));
            }
        }
    }
}

fn check_value(
    value: &Spanned<DeValue<'_>>,
    shape: &Shape,
    path: &mut Vec<String>,
    line: usize,
    line_of: &dyn Fn(usize) -> usize,
    issues: &mut Vec<Issue>,
) {
    let v = value.get_ref();
    let ok = match shape {
        Table { .. } | Map(..) => match v {
            DeValue::Table(t) => {
                check_table(t, shape, path, line, line_of, issues);
                return;
            }
            _ => false,
        },
        Leaf(kind, _) => match (kind, v) {
            (Str, DeValue::String(_)) | (Bool, DeValue::Boolean(_)) => true,
            (OneOf(allowed), DeValue::String(s)) => {
                if !allowed.contains(&s.as_ref()) {
                    let p: Vec<&str> = path.iter().map(String::as_str).collect();
                    issues.push(Issue::new(
                        line,
                        path.join("."),
                        format!(
                            "bad value \"{s}\" for {} — expected {}",
                            key_name(path),
                            expected(&p).unwrap_or("")
                        ),
                    ));
                }
                true
            }
            (StrList, DeValue::Array(a)) | (StrOrList, DeValue::Array(a)) => a
                .iter()
                .all(|item| matches!(item.get_ref(), DeValue::String(_))),
            (StrOrList, DeValue::String(_)) => true,
            _ => false,
        },
    };
    if !ok {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let found = match v {
            DeValue::Array(a) => match a
                .iter()
                .find(|i| !matches!(i.get_ref(), DeValue::String(_)))
            {
                Some(item) => format!("a list holding {}", article(item.get_ref().type_str())),
                None => "a list".to_string(),
            },
            other => article(other.type_str()),
        };
        let form = match shape {
            Table { .. } => format!("a table, written [{}]", p.join(".")),
            _ => expected(&p).unwrap_or("another type").to_string(),
        };
        issues.push(Issue::new(
            line,
            path.join("."),
            format!(
                "wrong type for {}: found {found} — expected {form}",
                key_name(path)
            ),
        ));
    }
}

fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// `'me'`, or `'folders' in [accounts]`.
fn key_name(path: &[String]) -> String {
    match path.split_last() {
        Some((last, [])) => format!("'{last}'"),
        Some((last, parent)) => format!("'{last}' {}", place(parent)),
        None => String::new(),
    }
}

fn join(path: &[String], key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{}.{key}", path.join("."))
    }
}

/// `in [theme]`, `in [statuses."!"]`, or `at the top level`.
pub(crate) fn place(path: &[String]) -> String {
    if path.is_empty() {
        return "at the top level".to_string();
    }
    let parts: Vec<String> = path
        .iter()
        .map(|p| {
            if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                p.clone()
            } else {
                format!("{p:?}")
            }
        })
        .collect();
    format!("in [{}]", parts.join("."))
}
