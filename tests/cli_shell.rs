//! Shell integration: completion scripts that a shell loads and answers from, and manual pages
//! that `man` renders, all made from the command-line definitions.

use assert_cmd::Command;
use std::process::Stdio;

fn triage() -> Command {
    let mut cmd = Command::cargo_bin("triage").expect("binary");
    cmd.env("TRIAGE_CONFIG", "/nonexistent-config-for-tests.toml");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8")
}

/// What bash's completion offers for `words` (the last one being completed), with the script loaded.
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {script:?}\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE={line:?}\n\
         COMP_POINT={point}\n\
         _triage triage {cur:?} {prev:?}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script = script.display(),
        words = words
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
        point = line.len(),
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bash_completion_loads_and_completes_commands_and_options() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("triage.bash");
    std::fs::write(&script, stdout(triage().args(["completions", "bash"]))).unwrap();
    assert_eq!(bash_complete(&script, &["triage", "comp"]), ["completions"]);
    let mut commands = bash_complete(&script, &["triage", "v"]);
    commands.sort();
    assert_eq!(commands, ["vaults", "views"]);
    let options = bash_complete(&script, &["triage", "list", "--co"]);
    for option in ["--count", "--config", "--color"] {
        assert!(options.iter().any(|o| o == option), "{option}: {options:?}");
    }
    let shells = bash_complete(&script, &["triage", "completions", "z"]);
    assert_eq!(shells, ["zsh"]);
    let colors = bash_complete(&script, &["triage", "list", "--color", "n"]);
    assert_eq!(colors, ["never"]);
}

#[test]
fn the_zsh_completion_loads_and_registers_for_triage() {
    let zsh = std::process::Command::new("zsh").arg("--version").output();
    assert!(
        zsh.is_ok_and(|o| o.status.success()),
        "this test needs zsh on PATH (.ci/run installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("_triage");
    std::fs::write(&script, stdout(triage().args(["completions", "zsh"]))).unwrap();
    let program = format!(
        "autoload -Uz compinit && compinit -u -d {dump:?}\n\
         source {script:?}\n\
         print -r -- \"$(whence -w _triage) ${{_comps[triage]}}\"\n",
        dump = dir.path().join("zcompdump"),
        script = script,
    );
    let out = std::process::Command::new("zsh")
        .args(["-f", "-c", &program])
        .stdin(Stdio::null())
        .output()
        .expect("zsh runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "zsh: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(said.trim(), "_triage: function _triage");
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for (shell, marker) in [
        ("bash", "complete -F _triage"),
        ("zsh", "#compdef triage"),
        ("fish", "complete -c triage"),
        ("elvish", "edit:completion:arg-completer[triage]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(triage().args(["completions", shell]));
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for command in ["list", "views", "vaults", "check", "completions", "man"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
    }
    triage().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_manual_page_is_roff_with_every_command_and_the_exit_status() {
    let page = stdout(triage().arg("man"));
    assert!(page.contains(".TH triage 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH \"ENVIRONMENT\"",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    for command in [
        "triage\\-list(1)",
        "triage\\-vaults(1)",
        "triage\\-completions(1)",
    ] {
        assert!(page.contains(command), "no {command}");
    }
    for word in ["TRIAGE_VAULT", "\\-\\-vault", "128+N"] {
        assert!(page.contains(word), "no {word}");
    }
    let list = stdout(triage().args(["man", "list"]));
    assert!(list.contains(".TH triage-list 1"), "{list}");
    assert!(list.contains("\\-\\-group\\-by"), "{list}");
    triage().args(["man", "nope"]).assert().code(2);
}

#[test]
fn man_renders_every_page_written_by_dir() {
    let dir = tempfile::tempdir().unwrap();
    let listed = stdout(triage().args(["man", "--dir"]).arg(dir.path()));
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.contains(&"triage.1".to_string()), "{files:?}");
    assert!(files.contains(&"triage-list.1".to_string()), "{files:?}");
    assert_eq!(listed.lines().count(), files.len());
    let man = std::process::Command::new("man").arg("--version").output();
    if !man.is_ok_and(|o| o.status.success()) {
        // The structure is checked above; rendering needs man-db.
        eprintln!("man is not installed: the pages were not rendered");
        return;
    }
    for file in ["triage.1", "triage-list.1", "triage-vaults.1"] {
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(dir.path().join(file))
            .env("MANWIDTH", "80")
            .env_remove("MAN_KEEP_FORMATTING")
            .stdin(Stdio::null())
            .output()
            .expect("man runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("NAME") && text.contains("SYNOPSIS"),
            "{file}:\n{text}"
        );
        if file == "triage.1" {
            assert!(text.contains("EXIT STATUS"), "{text}");
        }
    }
}
