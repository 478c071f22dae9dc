//! Bytes → notes and tasks: the line grammar, fields, frontmatter, mojibake.
//! Pure functions of their input: no file I/O, never panics on any bytes.

pub mod blocks;
pub mod codec;
mod describe;
pub mod fields;
pub mod inline;
pub mod line;
pub mod mojibake;
pub mod note;

pub use line::{Field, FieldForm, FieldKind, TaskLine, parse_line};
pub use note::parse_note;
