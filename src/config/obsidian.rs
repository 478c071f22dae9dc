//! The vault's Obsidian Tasks settings (SPEC §9): `<vault>/<obsidian_dir>/plugins/obsidian-tasks-plugin/data.json`,
//! merged with the defaults and with the config's `[obsidian_tasks]` table (which wins). Reads only: that file is never written.

use crate::task::StatusType;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the plugin keeps its settings, below the vault's Obsidian folder.
pub const PLUGIN_DATA: &str = "plugins/obsidian-tasks-plugin/data.json";

/// Where an effective setting came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// Neither file says anything: the plugin's own default.
    #[default]
    Default,
    /// The vault's `data.json`.
    TasksPlugin,
    /// triage's config file (`[obsidian_tasks]`, `[statuses]`).
    Config,
}

impl SettingSource {
    pub fn label(self) -> &'static str {
        match self {
            SettingSource::Default => "default",
            SettingSource::TasksPlugin => "data.json",
            SettingSource::Config => "config",
        }
    }
}

/// One effective setting and where it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub from: SettingSource,
}

impl<T> Setting<T> {
    fn new(value: T) -> Setting<T> {
        Setting {
            value,
            from: SettingSource::Default,
        }
    }
}

/// How the fields triage adds to a line are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TaskFormat {
    /// `📅 2026-01-12`
    #[default]
    Emoji,
    /// `[due:: 2026-01-12]`
    Dataview,
}

impl TaskFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskFormat::Emoji => "tasksPluginEmoji",
            TaskFormat::Dataview => "dataview",
        }
    }

    fn parse(s: &str) -> Option<TaskFormat> {
        match s {
            "tasksPluginEmoji" => Some(TaskFormat::Emoji),
            "dataview" => Some(TaskFormat::Dataview),
            _ => None,
        }
    }
}

/// A status type as the plugin names it; `NonTask` lines are not tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TasksStatusType {
    Is(StatusType),
    NonTask,
}

impl TasksStatusType {
    pub fn parse(s: &str) -> Option<TasksStatusType> {
        Some(match s {
            "TODO" => TasksStatusType::Is(StatusType::Todo),
            "IN_PROGRESS" => TasksStatusType::Is(StatusType::InProgress),
            "ON_HOLD" => TasksStatusType::Is(StatusType::OnHold),
            "DONE" => TasksStatusType::Is(StatusType::Done),
            "CANCELLED" => TasksStatusType::Is(StatusType::Cancelled),
            "NON_TASK" => TasksStatusType::NonTask,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TasksStatusType::Is(t) => t.tasks_name(),
            TasksStatusType::NonTask => "NON_TASK",
        }
    }
}

/// One status of the plugin's settings: `{symbol, name, nextStatusSymbol, type}`.
#[derive(Clone, Debug, PartialEq)]
pub struct TasksStatus {
    pub symbol: char,
    pub name: String,
    /// The symbol a toggle moves to; `None` when the settings leave it empty.
    pub next: Option<char>,
    pub status_type: TasksStatusType,
}

impl TasksStatus {
    fn core(symbol: char, name: &str, next: char, t: StatusType) -> TasksStatus {
        TasksStatus {
            symbol,
            name: name.into(),
            next: Some(next),
            status_type: TasksStatusType::Is(t),
        }
    }
}

/// The plugin's statuses when its settings name none: Todo, Done, In Progress, Cancelled.
pub fn default_statuses() -> Vec<TasksStatus> {
    vec![
        TasksStatus::core(' ', "Todo", 'x', StatusType::Todo),
        TasksStatus::core('x', "Done", ' ', StatusType::Done),
        TasksStatus::core('/', "In Progress", 'x', StatusType::InProgress),
        TasksStatus::core('-', "Cancelled", ' ', StatusType::Cancelled),
    ]
}

/// The plugin's built-in presets, used when its settings name none (as the plugin does).
fn default_presets() -> BTreeMap<String, String> {
    [
        ("this_file", "path includes {{query.file.path}}"),
        ("this_folder", "folder includes {{query.file.folder}}"),
        (
            "this_folder_only",
            "filter by function task.file.folder === query.file.folder",
        ),
        ("this_root", "root includes {{query.file.root}}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The config's `[obsidian_tasks]` table: any key set here wins over the vault's `data.json`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TasksOverrides {
    pub global_filter: Option<String>,
    pub remove_global_filter: Option<bool>,
    pub global_query: Option<String>,
    pub set_done_date: Option<bool>,
    pub set_cancelled_date: Option<bool>,
    pub set_created_date: Option<bool>,
    pub recurrence_on_next_line: Option<bool>,
    pub remove_scheduled_date_on_recurrence: Option<bool>,
    pub task_format: Option<String>,
    /// Added to (and replacing by name) the vault's presets.
    pub presets: BTreeMap<String, String>,
}

/// The effective Obsidian Tasks settings of one vault.
#[derive(Clone, Debug, PartialEq)]
pub struct TasksSettings {
    pub global_filter: Setting<String>,
    pub remove_global_filter: Setting<bool>,
    pub global_query: Setting<String>,
    /// In the plugin's order (core, then custom); the first of two with one symbol wins.
    pub statuses: Setting<Vec<TasksStatus>>,
    pub presets: Setting<BTreeMap<String, String>>,
    pub set_done_date: Setting<bool>,
    pub set_cancelled_date: Setting<bool>,
    pub set_created_date: Setting<bool>,
    pub recurrence_on_next_line: Setting<bool>,
    pub remove_scheduled_date_on_recurrence: Setting<bool>,
    pub task_format: Setting<TaskFormat>,
    /// The `data.json` looked for (`None` before a vault is known).
    pub file: Option<PathBuf>,
    /// Whether that file was there and read.
    pub found: bool,
    /// One message for a file that could not be used as it is (it is never written to).
    pub warning: Option<String>,
}

impl Default for TasksSettings {
    fn default() -> Self {
        TasksSettings {
            global_filter: Setting::new(String::new()),
            remove_global_filter: Setting::new(false),
            global_query: Setting::new(String::new()),
            statuses: Setting::new(default_statuses()),
            presets: Setting::new(default_presets()),
            set_done_date: Setting::new(true),
            set_cancelled_date: Setting::new(true),
            set_created_date: Setting::new(false),
            recurrence_on_next_line: Setting::new(false),
            remove_scheduled_date_on_recurrence: Setting::new(false),
            task_format: Setting::new(TaskFormat::Emoji),
            file: None,
            found: false,
            warning: None,
        }
    }
}

/// One line of `triage config show`: a setting's name, its value as text, and its source.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ShownSetting {
    pub key: String,
    pub value: String,
    pub source: SettingSource,
}

impl TasksSettings {
    /// Reads `<vault>/<obsidian_dir>/plugins/obsidian-tasks-plugin/data.json` (missing: defaults),
    /// then applies `overrides`.
    pub fn read(vault: &Path, obsidian_dir: &str, overrides: &TasksOverrides) -> TasksSettings {
        let file = vault.join(obsidian_dir).join(PLUGIN_DATA);
        let mut s = match std::fs::read(&file) {
            Ok(bytes) => {
                let mut s = TasksSettings::from_json(&bytes);
                s.found = true;
                s.warning = s
                    .warning
                    .map(|w| format!("{}: {w}; the Tasks settings in it are read as far as possible, the rest are defaults", file.display()));
                s
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => TasksSettings::default(),
            Err(e) => TasksSettings {
                warning: Some(format!(
                    "{}: cannot be read ({e}); the Tasks settings are the defaults",
                    file.display()
                )),
                ..TasksSettings::default()
            },
        };
        s.file = Some(file);
        s.apply(overrides);
        s
    }

    /// Settings from the text of a `data.json`. Anything that cannot be used is a default and is
    /// named in [`TasksSettings::warning`] (one message for the whole file).
    pub fn from_json(bytes: &[u8]) -> TasksSettings {
        let mut s = TasksSettings::default();
        let root: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                s.warning = Some(format!("not valid JSON ({e})"));
                return s;
            }
        };
        let Value::Object(root) = root else {
            s.warning = Some("not a JSON object".into());
            return s;
        };
        let mut problems: Vec<String> = Vec::new();
        let string = |key: &str, slot: &mut Setting<String>, problems: &mut Vec<String>| match root
            .get(key)
        {
            None => {}
            Some(Value::String(v)) => {
                *slot = Setting {
                    value: v.clone(),
                    from: SettingSource::TasksPlugin,
                }
            }
            Some(_) => problems.push(format!("`{key}` is not a string")),
        };
        string("globalFilter", &mut s.global_filter, &mut problems);
        string("globalQuery", &mut s.global_query, &mut problems);
        let mut boolean = |key: &str, slot: &mut Setting<bool>| match root.get(key) {
            None => {}
            Some(Value::Bool(v)) => {
                *slot = Setting {
                    value: *v,
                    from: SettingSource::TasksPlugin,
                }
            }
            Some(_) => problems.push(format!("`{key}` is not true or false")),
        };
        boolean("removeGlobalFilter", &mut s.remove_global_filter);
        boolean("setDoneDate", &mut s.set_done_date);
        boolean("setCancelledDate", &mut s.set_cancelled_date);
        boolean("setCreatedDate", &mut s.set_created_date);
        boolean("recurrenceOnNextLine", &mut s.recurrence_on_next_line);
        boolean(
            "removeScheduledDateOnRecurrence",
            &mut s.remove_scheduled_date_on_recurrence,
        );
        match root.get("taskFormat") {
            None => {}
            Some(Value::String(f)) if TaskFormat::parse(f).is_some() => {
                s.task_format = Setting {
                    value: TaskFormat::parse(f).unwrap_or_default(),
                    from: SettingSource::TasksPlugin,
                }
            }
            Some(_) => {
                problems.push("`taskFormat` is not \"tasksPluginEmoji\" or \"dataview\"".into())
            }
        }
        // Files written before presets were renamed keep them under `includes`.
        match root.get("presets").or_else(|| root.get("includes")) {
            None => {}
            Some(Value::Object(map)) => {
                let mut presets = BTreeMap::new();
                for (name, v) in map {
                    match v {
                        Value::String(text) => {
                            presets.insert(name.clone(), text.clone());
                        }
                        _ => problems.push(format!("preset `{name}` is not a string")),
                    }
                }
                s.presets = Setting {
                    value: presets,
                    from: SettingSource::TasksPlugin,
                };
            }
            Some(_) => problems.push("`presets` is not an object of name: instructions".into()),
        }
        if let Some(v) = root.get("statusSettings") {
            match statuses(v, &mut problems) {
                Some(list) => {
                    s.statuses = Setting {
                        value: list,
                        from: SettingSource::TasksPlugin,
                    }
                }
                None => problems.push("`statusSettings` is not an object of status lists".into()),
            }
        }
        if !problems.is_empty() {
            s.warning = Some(problems.join("; "));
        }
        s
    }

    /// The config's `[obsidian_tasks]` keys win over the file.
    fn apply(&mut self, o: &TasksOverrides) {
        fn put<T>(slot: &mut Setting<T>, v: Option<T>) {
            if let Some(value) = v {
                *slot = Setting {
                    value,
                    from: SettingSource::Config,
                };
            }
        }
        put(&mut self.global_filter, o.global_filter.clone());
        put(&mut self.remove_global_filter, o.remove_global_filter);
        put(&mut self.global_query, o.global_query.clone());
        put(&mut self.set_done_date, o.set_done_date);
        put(&mut self.set_cancelled_date, o.set_cancelled_date);
        put(&mut self.set_created_date, o.set_created_date);
        put(&mut self.recurrence_on_next_line, o.recurrence_on_next_line);
        put(
            &mut self.remove_scheduled_date_on_recurrence,
            o.remove_scheduled_date_on_recurrence,
        );
        put(
            &mut self.task_format,
            o.task_format.as_deref().and_then(TaskFormat::parse),
        );
        if !o.presets.is_empty() {
            self.presets.value.extend(o.presets.clone());
            self.presets.from = SettingSource::Config;
        }
    }

    /// The status the plugin's settings give `symbol`, if any (the first with that symbol).
    pub fn status(&self, symbol: char) -> Option<&TasksStatus> {
        self.statuses.value.iter().find(|s| s.symbol == symbol)
    }

    /// Whether a line's body holds the global filter (always, when there is none).
    pub fn has_global_filter(&self) -> bool {
        !self.global_filter.value.is_empty()
    }

    /// Every setting with its value and source, for `triage config show`.
    pub fn shown(&self) -> Vec<ShownSetting> {
        let row = |key: &str, value: String, source: SettingSource| ShownSetting {
            key: key.into(),
            value,
            source,
        };
        let b = |key: &str, s: &Setting<bool>| row(key, s.value.to_string(), s.from);
        let text = |key: &str, s: &Setting<String>| row(key, s.value.clone(), s.from);
        let mut out = vec![
            text("globalFilter", &self.global_filter),
            b("removeGlobalFilter", &self.remove_global_filter),
            text("globalQuery", &self.global_query),
            b("setDoneDate", &self.set_done_date),
            b("setCancelledDate", &self.set_cancelled_date),
            b("setCreatedDate", &self.set_created_date),
            b("recurrenceOnNextLine", &self.recurrence_on_next_line),
            b(
                "removeScheduledDateOnRecurrence",
                &self.remove_scheduled_date_on_recurrence,
            ),
            row(
                "taskFormat",
                self.task_format.value.as_str().into(),
                self.task_format.from,
            ),
        ];
        for s in &self.statuses.value {
            let next = s.next.map_or(String::new(), |c| format!(" → [{c}]"));
            out.push(row(
                &format!("status [{}]", s.symbol),
                format!("{} ({}){next}", s.name, s.status_type.as_str()),
                self.statuses.from,
            ));
        }
        for (name, text) in &self.presets.value {
            out.push(row(
                &format!("preset {name}"),
                text.clone(),
                self.presets.from,
            ));
        }
        out
    }

    /// What of these settings decides how a note parses (for the index cache's key).
    pub fn parse_key(&self) -> String {
        format!(
            "{:?} {} {:?}",
            self.global_filter.value, self.remove_global_filter.value, self.statuses.value
        )
    }
}

/// `statusSettings`: `coreStatuses` then `customStatuses`, each `{symbol, name, nextStatusSymbol, type}`.
fn statuses(v: &Value, problems: &mut Vec<String>) -> Option<Vec<TasksStatus>> {
    let obj = v.as_object()?;
    let mut out: Vec<TasksStatus> = Vec::new();
    for list in ["coreStatuses", "customStatuses"] {
        let Some(items) = obj.get(list) else { continue };
        let Some(items) = items.as_array() else {
            problems.push(format!("`statusSettings.{list}` is not a list"));
            continue;
        };
        for item in items {
            let field = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default();
            let mut symbol = field("symbol").chars();
            // The plugin lets an empty row stand in its list; it is not a status.
            let (Some(c), None) = (symbol.next(), symbol.next()) else {
                if !field("symbol").is_empty() {
                    problems.push(format!(
                        "status symbol {:?} is not one character",
                        field("symbol")
                    ));
                }
                continue;
            };
            if out.iter().any(|s| s.symbol == c) {
                continue;
            }
            let mut next = field("nextStatusSymbol").chars();
            let next = match (next.next(), next.next()) {
                (Some(n), None) => Some(n),
                _ => None,
            };
            // Files saved before statuses had a type: the plugin infers it from the symbol.
            let status_type = match item.get("type").and_then(Value::as_str) {
                Some(t) => match TasksStatusType::parse(t) {
                    Some(t) => t,
                    None => {
                        problems.push(format!("status [{c}] has an unknown type {t:?}"));
                        TasksStatusType::Is(StatusType::Todo)
                    }
                },
                None => TasksStatusType::Is(match c {
                    'x' | 'X' => StatusType::Done,
                    '-' => StatusType::Cancelled,
                    '/' => StatusType::InProgress,
                    _ => StatusType::Todo,
                }),
            };
            out.push(TasksStatus {
                symbol: c,
                name: field("name").to_string(),
                next,
                status_type,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
