use super::*;
use std::fs;

fn req<'a>(cwd: &'a Path) -> Request<'a> {
    Request {
        arg: None,
        env: None,
        config: None,
        cwd,
        obsidian_dir: DEFAULT_OBSIDIAN_DIR,
        obsidian_list: None,
    }
}

/// A temporary folder with `vault/.obsidian`, `vault/a/b`, `other/` and an `obsidian.json`
/// listing `vault` as "Work", plus `Personal` (missing on disk) and a Windows path.
fn fixture() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir_all(t.path().join("Work/.obsidian")).unwrap();
    fs::create_dir_all(t.path().join("Work/a/b")).unwrap();
    fs::create_dir_all(t.path().join("other/sub/.obsidian")).unwrap();
    let list = serde_json::json!({
        "vaults": {
            "1f2e": {"path": t.path().join("Work"), "ts": 1, "open": true},
            "9a8b": {"path": t.path().join("gone/Personal"), "ts": 2},
            "77aa": {"path": "C:\\Users\\dana\\Client Notes", "ts": 3},
        },
        "frame": "hidden"
    });
    fs::write(t.path().join("obsidian.json"), list.to_string()).unwrap();
    t
}

#[test]
fn the_argument_wins_then_the_environment_then_the_config() {
    let t = fixture();
    let (work, other) = (t.path().join("Work"), t.path().join("other"));
    let mut r = req(t.path());
    r.config = Some(&other);
    assert_eq!(discover(&r).unwrap().source, VaultSource::Config);
    r.env = Some(work.as_os_str());
    let found = discover(&r).unwrap();
    assert_eq!((found.root, found.source), (work.clone(), VaultSource::Env));
    r.arg = Some(Path::new("other"));
    let found = discover(&r).unwrap();
    assert_eq!(
        (found.root, found.source),
        (other.clone(), VaultSource::Argument)
    );
    r.arg = Some(Path::new("."));
    assert_eq!(discover(&r).unwrap().root, t.path());
}

#[test]
fn an_empty_environment_variable_is_unset() {
    let t = fixture();
    let cwd = t.path().join("Work/a");
    let mut r = req(&cwd);
    r.env = Some(OsStr::new(""));
    let found = discover(&r).unwrap();
    assert_eq!(found.source, VaultSource::Found);
    assert_eq!(found.root, t.path().join("Work"));
}

#[test]
fn from_a_subfolder_the_vault_root_is_found() {
    let t = fixture();
    for cwd in ["Work", "Work/a", "Work/a/b"] {
        let cwd = t.path().join(cwd);
        let found = discover(&req(&cwd)).unwrap();
        assert_eq!(found.root, t.path().join("Work"), "from {}", cwd.display());
        assert_eq!(found.source, VaultSource::Found);
    }
}

#[test]
fn the_obsidian_folder_name_is_configurable() {
    let t = fixture();
    fs::create_dir_all(t.path().join("Custom/.obsidian-work")).unwrap();
    fs::create_dir_all(t.path().join("Custom/notes")).unwrap();
    let cwd = t.path().join("Custom/notes");
    let mut r = req(&cwd);
    assert!(matches!(discover(&r), Err(DiscoverError::NotFound { .. })));
    r.obsidian_dir = ".obsidian-work";
    assert_eq!(discover(&r).unwrap().root, t.path().join("Custom"));
}

#[test]
fn nothing_below_the_current_folder_is_looked_at() {
    let t = fixture();
    // `other/sub` holds a vault, but it is below `other`, not above it.
    let cwd = t.path().join("other");
    let err = discover(&req(&cwd)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, DiscoverError::NotFound { .. }), "{text}");
    for way in ["--vault PATH", "TRIAGE_VAULT", "vault = "] {
        assert!(text.contains(way), "{way} missing from: {text}");
    }
    assert!(text.contains(".obsidian"), "{text}");
}

#[test]
fn a_name_obsidian_knows_opens_its_vault() {
    let t = fixture();
    let list = t.path().join("obsidian.json");
    let elsewhere = t.path().join("other");
    let mut r = req(&elsewhere);
    r.obsidian_list = Some(&list);
    for name in ["Work", "work"] {
        r.arg = Some(Path::new(name));
        let found = discover(&r).unwrap();
        assert_eq!(found.root, t.path().join("Work"));
        assert_eq!(found.obsidian_name.as_deref(), Some("Work"));
    }
    r.arg = None;
    r.env = Some(OsStr::new("Work"));
    assert_eq!(discover(&r).unwrap().root, t.path().join("Work"));
}

#[test]
fn a_folder_of_that_name_wins_over_obsidians_list() {
    let t = fixture();
    let list = t.path().join("obsidian.json");
    fs::create_dir_all(t.path().join("other/Work")).unwrap();
    let cwd = t.path().join("other");
    let mut r = req(&cwd);
    r.obsidian_list = Some(&list);
    r.arg = Some(Path::new("Work"));
    let found = discover(&r).unwrap();
    assert_eq!(found.root, t.path().join("other/Work"));
    assert_eq!(found.obsidian_name, None);
}

#[test]
fn unknown_missing_and_path_like_names_are_refused_with_what_is_known() {
    let t = fixture();
    let list = t.path().join("obsidian.json");
    let mut r = req(t.path());
    r.obsidian_list = Some(&list);
    r.arg = Some(Path::new("Nope"));
    let text = discover(&r).unwrap_err().to_string();
    assert!(text.contains("is not a folder"), "{text}");
    assert!(text.contains("Client Notes, Personal, Work"), "{text}");
    // Listed, but its folder is gone.
    r.arg = Some(Path::new("Personal"));
    let text = discover(&r).unwrap_err().to_string();
    assert!(
        text.contains("gone/Personal") || text.contains("gone\\Personal"),
        "{text}"
    );
    // A path is never looked up as a name.
    r.arg = Some(Path::new("./Work-not-here"));
    let text = discover(&r).unwrap_err().to_string();
    assert!(!text.contains("Obsidian"), "{text}");
}

#[test]
fn the_configs_vault_is_a_folder_never_a_name() {
    let t = fixture();
    let list = t.path().join("obsidian.json");
    let mut r = req(t.path());
    r.obsidian_list = Some(&list);
    let named = t.path().join("elsewhere/Work");
    r.config = Some(&named);
    let err = discover(&r).unwrap_err();
    assert!(
        matches!(
            err,
            DiscoverError::NotAFolder {
                from: VaultSource::Config,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn two_vaults_of_one_name_are_ambiguous() {
    let t = fixture();
    fs::create_dir_all(t.path().join("b/Work")).unwrap();
    let list = t.path().join("twice.json");
    let json = serde_json::json!({"vaults": {
        "a": {"path": t.path().join("Work")},
        "b": {"path": t.path().join("b/Work")},
    }});
    fs::write(&list, json.to_string()).unwrap();
    let cwd = t.path().join("other");
    let mut r = req(&cwd);
    r.obsidian_list = Some(&list);
    r.arg = Some(Path::new("Work"));
    assert!(matches!(discover(&r), Err(DiscoverError::Ambiguous { .. })));
}

#[test]
fn obsidians_list_is_read_by_folder_name_and_a_broken_one_is_an_error() {
    let t = fixture();
    let known = read_obsidian_list(&t.path().join("obsidian.json"))
        .unwrap()
        .unwrap();
    let names: Vec<&str> = known.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Client Notes", "Personal", "Work"]);
    assert!(known.iter().find(|v| v.name == "Work").unwrap().open);
    assert_eq!(
        read_obsidian_list(&t.path().join("none.json")).unwrap(),
        None
    );
    let broken = t.path().join("broken.json");
    fs::write(&broken, "{\"vaults\": [").unwrap();
    assert!(matches!(
        read_obsidian_list(&broken),
        Err(DiscoverError::BadList { .. })
    ));
}

#[test]
fn a_missing_list_is_named_when_a_name_is_not_found() {
    let t = fixture();
    let list = t.path().join("no-such/obsidian.json");
    let mut r = req(t.path());
    r.obsidian_list = Some(&list);
    r.arg = Some(Path::new("Nope"));
    let text = discover(&r).unwrap_err().to_string();
    assert!(text.contains("no-such"), "{text}");
}
