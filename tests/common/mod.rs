//! Shared by the command-line tests that run `triage` as a user would, in a private home folder.
//! Builds commands only; it never writes files and never reads the real user's config or vault.

use assert_cmd::Command;
use std::path::Path;

/// `triage` with HOME, XDG_CONFIG_HOME and the index cache inside `home`, and no config, vault
/// or today's date taken from the environment the tests run in (nor Obsidian's vault list).
pub fn triage_at_home(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("triage").expect("binary");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg"))
        .env("TRIAGE_CACHE_DIR", home.join("cache"))
        .env_remove("TRIAGE_CONFIG")
        .env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_TODAY")
        .env_remove("TRIAGE_OBSIDIAN_CONFIG");
    cmd
}
