//! A task as the JSON object of `list --json` (SPEC §8).

use super::{DateKind, Task};
use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// The JSON object of SPEC §8. Field names are a stable interface: add, never rename.
impl Serialize for Task {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut o = s.serialize_struct("Task", 25)?;
        o.serialize_field("ref", &self.reference())?;
        o.serialize_field("path", &*self.note.path)?;
        o.serialize_field("line", &self.line)?;
        o.serialize_field("status", &self.status.to_string())?;
        o.serialize_field("status_type", self.status_type.as_str())?;
        o.serialize_field("description", self.description())?;
        o.serialize_field("owner", &self.owner.as_deref())?;
        o.serialize_field("account", &self.account.as_deref())?;
        o.serialize_field("priority", self.priority.as_str())?;
        o.serialize_field("due", &date(self.dates.due))?;
        o.serialize_field("scheduled", &date(self.dates.scheduled))?;
        o.serialize_field("start", &date(self.dates.start))?;
        o.serialize_field("created", &date(self.dates.created))?;
        o.serialize_field("done", &date(self.dates.done))?;
        o.serialize_field("cancelled", &date(self.dates.cancelled))?;
        o.serialize_field("recurrence", &self.recurrence())?;
        let tags: Vec<&str> = self.tags.iter().map(|t| &**t).collect();
        o.serialize_field("tags", &tags)?;
        o.serialize_field("proposed", &self.proposed)?;
        o.serialize_field("note_title", &self.note.title)?;
        o.serialize_field("note_type", &self.note.note_type)?;
        o.serialize_field("heading", &self.heading.as_deref())?;
        o.serialize_field("id", &self.id())?;
        let deps: Vec<&str> = self.depends_on().iter().map(|d| &**d).collect();
        o.serialize_field("depends_on", &deps)?;
        o.serialize_field("block_id", &self.block_id())?;
        let invalid: Vec<&str> = DateKind::ALL
            .into_iter()
            .filter(|k| self.dates.is_invalid(*k))
            .map(DateKind::as_str)
            .collect();
        o.serialize_field("invalid_dates", &invalid)?;
        o.end()
    }
}
