//! The vault: find the notes below a folder, parse them in parallel, and keep them in an index.
//! Reads only; every write goes through `edit`. Paths in the index are vault-relative, `/` separated.

mod index;
mod scan;

pub use index::{Entry, Index, Stamp};
pub use scan::{is_note_path, read_note, relative_path, scan, walker};
