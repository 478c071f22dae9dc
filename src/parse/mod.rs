//! Bytes → notes and tasks: the line grammar, fields, frontmatter, mojibake.
//! Pure functions of their input: no file I/O, never panics on any bytes.

pub mod blocks;
pub mod codec;
mod describe;
pub mod fields;
mod findings;
pub mod frontmatter;
mod hostile;
mod html;
pub mod indent;
pub mod inline;
pub mod line;
pub mod mojibake;
pub mod note;
mod note_meta;
mod people;
mod simple_yaml;
pub mod suspect;

pub use describe::collapse_whitespace;
pub use frontmatter::{Frontmatter, FrontmatterError};
pub use line::{
    Field, FieldForm, FieldKind, TaskLine, is_task, maybe_task, parse_line, parse_line_into,
};
pub use mojibake::{Repair, Repaired, repair_note};
pub use note::{NameCache, count_tasks, parse_note, parse_note_with};
