//! What a note says about people and accounts (SPEC §11): whether it is a person's or an
//! account's note, and the slug of a `person/<slug>` tag. Plain data questions, no lookups.

use super::NoteMeta;

impl NoteMeta {
    /// Whether the note is about one person: it names them, or carries a `person/…` tag.
    pub fn is_person_note(&self) -> bool {
        !self.people.is_empty() || self.tags.iter().any(|t| person_tag(t).is_some())
    }

    /// Whether the note is an account's own note (`type: account`).
    pub fn is_account_note(&self) -> bool {
        self.note_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("account"))
    }
}

/// The slug of a `person/<slug>` tag (`person/jonsi-stephenson` → `jonsi-stephenson`).
pub fn person_tag(tag: &str) -> Option<&str> {
    let (head, rest) = tag.split_once('/')?;
    (head.eq_ignore_ascii_case("person") && !rest.is_empty()).then_some(rest)
}
