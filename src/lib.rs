//! triage: read an Obsidian vault into tasks, query them, and edit them one line at a time.
//! The library knows nothing of the terminal; the `triage` binary adds the command line and the UI.

pub mod config;
pub mod edit;
pub(crate) mod hash;
pub mod names;
pub mod parse;
pub mod query;
pub mod task;
pub mod text;
pub mod vault;

pub use config::Config;
pub use task::{
    DateKind, Dates, Finding, FindingKind, NoteMeta, ParsedNote, Priority, StatusType, Task,
};
