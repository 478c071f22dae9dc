//! Reading the plugin's settings file: defaults, every key, older files, malformed files, precedence.

use super::*;

#[test]
fn missing_keys_are_the_plugin_defaults() {
    let s = TasksSettings::from_json(b"{}");
    assert_eq!(s, TasksSettings::default());
    assert!(s.set_done_date.value && s.set_cancelled_date.value);
    assert!(!s.set_created_date.value && !s.recurrence_on_next_line.value);
    assert_eq!(s.status('/').unwrap().next, Some('x'));
    assert!(s.presets.value.contains_key("this_file"));
}

#[test]
fn every_key_is_read() {
    let s = TasksSettings::from_json(
        br##"{"globalFilter":"#task","removeGlobalFilter":true,"globalQuery":"not done",
        "setDoneDate":false,"setCancelledDate":false,"setCreatedDate":true,
        "recurrenceOnNextLine":true,"removeScheduledDateOnRecurrence":true,"taskFormat":"dataview",
        "presets":{"mine":"owner is Me"},
        "statusSettings":{"coreStatuses":[{"symbol":" ","name":"Todo","nextStatusSymbol":">","type":"TODO"}],
          "customStatuses":[{"symbol":">","name":"Waiting","nextStatusSymbol":"x","type":"ON_HOLD"},
            {"symbol":"~","name":"Note","nextStatusSymbol":"~","type":"NON_TASK"},
            {"symbol":">","name":"Duplicate","nextStatusSymbol":" ","type":"TODO"},
            {"symbol":"","name":"","nextStatusSymbol":"","type":"TODO"}]}}"##,
    );
    assert_eq!(s.warning, None);
    assert_eq!(s.global_filter.value, "#task");
    assert_eq!(s.global_filter.from, SettingSource::TasksPlugin);
    assert!(s.remove_global_filter.value);
    assert_eq!(s.global_query.value, "not done");
    assert!(!s.set_done_date.value && !s.set_cancelled_date.value);
    assert!(s.set_created_date.value && s.recurrence_on_next_line.value);
    assert!(s.remove_scheduled_date_on_recurrence.value);
    assert_eq!(s.task_format.value, TaskFormat::Dataview);
    assert_eq!(
        s.presets.value.len(),
        1,
        "the file's presets replace the built-in ones"
    );
    assert_eq!(
        s.statuses.value.len(),
        3,
        "duplicates and empty rows are not statuses"
    );
    let waiting = s.status('>').unwrap();
    assert_eq!(waiting.name, "Waiting");
    assert_eq!(waiting.status_type, TasksStatusType::Is(StatusType::OnHold));
    assert_eq!(s.status('~').unwrap().status_type, TasksStatusType::NonTask);
    assert_eq!(s.status(' ').unwrap().next, Some('>'));
    assert_eq!(s.status('x'), None, "the file names every status there is");
}

#[test]
fn older_files_keep_presets_under_includes_and_statuses_without_a_type() {
    let s = TasksSettings::from_json(
        br#"{"includes":{"old":"not done"},"statusSettings":{"customStatuses":[{"symbol":"-","name":"Dropped","nextStatusSymbol":" "}]}}"#,
    );
    assert_eq!(s.presets.value["old"], "not done");
    assert_eq!(
        s.status('-').unwrap().status_type,
        TasksStatusType::Is(StatusType::Cancelled)
    );
}

#[test]
fn a_malformed_file_is_one_warning_and_defaults() {
    let s = TasksSettings::from_json(b"{\"globalFilter\": \"#task\",");
    assert!(s.warning.as_deref().unwrap().contains("not valid JSON"));
    assert_eq!(s.global_filter.value, "");
    let s = TasksSettings::from_json(
        br#"{"globalFilter": 3, "setDoneDate": "yes", "globalQuery": "done"}"#,
    );
    let w = s.warning.unwrap();
    assert!(w.contains("`globalFilter` is not a string"), "{w}");
    assert!(w.contains("`setDoneDate` is not true or false"), "{w}");
    assert_eq!(
        s.global_query.value, "done",
        "the usable keys are still read"
    );
    assert!(s.set_done_date.value);
}

#[test]
fn the_config_wins_and_the_file_is_read_from_the_obsidian_folder() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir
        .path()
        .join(".obs")
        .join("plugins/obsidian-tasks-plugin");
    std::fs::create_dir_all(&plugin).unwrap();
    std::fs::write(
        plugin.join("data.json"),
        r##"{"globalFilter":"#task","setDoneDate":false}"##,
    )
    .unwrap();
    let o = TasksOverrides {
        set_done_date: Some(true),
        presets: [("extra".to_string(), "done".to_string())].into(),
        ..TasksOverrides::default()
    };
    let s = TasksSettings::read(dir.path(), ".obs", &o);
    assert!(s.found);
    assert_eq!(s.global_filter.value, "#task");
    assert!(s.set_done_date.value);
    assert_eq!(s.set_done_date.from, SettingSource::Config);
    assert!(s.presets.value.contains_key("extra") && s.presets.value.contains_key("this_file"));
    let missing = TasksSettings::read(dir.path(), ".obsidian", &TasksOverrides::default());
    assert!(!missing.found);
    assert_eq!(missing.global_filter.value, "");
    assert_eq!(missing.warning, None);
}
