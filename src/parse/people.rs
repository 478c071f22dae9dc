//! Who a note is about (SPEC §11), from its frontmatter and path: `person`/`entity`, the name
//! a people folder rule gives, or a person note's own name. Reads no other note.

use crate::config::Config;
use crate::names::{Folded, relate};

/// The spellings a note declares for the one person it is about. `declared` holds `person`,
/// then `entity`, as the frontmatter gave them.
pub(super) fn declared(
    mut declared: Vec<String>,
    note_type: Option<&str>,
    name: Option<&str>,
    title: &str,
    path: &str,
    cfg: &Config,
) -> Vec<String> {
    // `entity` beside `person` may name the person's organisation (`person: Grace Liu`,
    // `entity: Kestrel Bank`): it is another spelling of the person only when it is close to it.
    if let [person, entity] = declared.as_slice() {
        let close = |a: &str, b: &str| {
            let (a, b) = (Folded::new(a, false), Folded::new(b, false));
            relate(&a, &b).is_some() || relate(&b, &a).is_some()
        };
        if !close(person, entity) {
            declared.pop();
        }
    }
    // A person's own note names them by its `name` or title; a note about them, by its keys.
    let own = note_type.is_some_and(|t| {
        let t = t.trim();
        t.eq_ignore_ascii_case("people") || t.eq_ignore_ascii_case("person")
    });
    if declared.is_empty() && own {
        declared.push(name.unwrap_or(title).to_string());
    }
    if let Some(folder) = cfg.person_from_folder(path)
        && !declared.iter().any(|d| d.eq_ignore_ascii_case(folder))
    {
        declared.push(folder.to_string());
    }
    declared
}
