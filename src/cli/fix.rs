//! `check --fix`: repair mojibake runs note by note through the safe writer.

use std::path::Path;
use triage::Config;
use triage::vault::Index;

pub struct FixSummary {
    pub files: usize,
    pub runs: usize,
    /// One line per repaired run: `path:line: before → after`.
    pub lines: Vec<String>,
}

pub fn fix_mojibake(_root: &Path, _index: &Index, _cfg: &Config) -> anyhow::Result<FixSummary> {
    anyhow::bail!("check --fix: not built yet")
}
