//! Bytes → notes and tasks: the line grammar, fields, frontmatter, mojibake.
//! Pure functions of their input: no file I/O, never panics on any bytes.

pub mod line;
pub mod note;

pub use line::{Field, FieldForm, FieldKind, TaskLine, parse_line};
pub use note::parse_note;
