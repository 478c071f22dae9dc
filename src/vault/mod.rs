//! The vault: find the notes below a folder, parse them in parallel, and keep them in an index.
//! Reads only; every write goes through `edit`. Paths in the index are vault-relative, `/` separated.

mod cache;
pub mod discover;
mod disk;
mod index;
mod live;
mod load;
mod scan;
mod shadow;
mod watch;

pub use cache::Cache;
pub use index::{Change, ChangeKind, Entry, Index, NoteUpdate, Stamp, TaskKey};
pub use live::{LiveError, LiveHandle, LiveMsg, LiveOptions, LiveStats, LiveVault, Mode};
pub use load::{LoadStats, load, load_as_of, load_with_stats};
pub use scan::{count_tasks, is_note_path, open_regular, read_note, relative_path, scan, walker};
