//! Undo and redo through the journal: the newest edit, any listed entry, and back again.
//! An entry that can no longer be undone never blocks older ones; nothing is ever undone twice.

use super::journal::{Change, Record, Side, Text};
use super::locate::splice;
use super::writer::{commit, lock_folder};
use super::{EditError, Editor, Outcome};

/// Whether a listed edit is in force or was undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    Done,
    Undone,
}

/// One edit in the undo history, as `triage undo --list` and the UI show it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    /// The number `triage undo N` takes.
    pub seq: u64,
    pub time: String,
    pub op: String,
    pub path: String,
    pub line: u32,
    /// The first changed line before and after (the changed stretch only, for a very long line).
    pub before: String,
    pub after: String,
    pub state: EntryState,
}

/// How many open entries one plain undo tries before giving up on finding one it can undo.
const UNDO_REACH: usize = 64;

impl Editor {
    /// This vault's edits, newest first, at most `limit`, each done or undone.
    pub fn history(&self, limit: usize) -> Result<Vec<Entry>, EditError> {
        let vault = self.vault_key();
        let mut undone = std::collections::HashSet::new();
        let mut out = Vec::new();
        for line in self.journal().newest_first()? {
            let Some(r) = line.record() else { continue };
            if r.vault != vault {
                continue;
            }
            if let Some(u) = r.undoes {
                undone.insert(u);
                continue;
            }
            if let Some(a) = &r.added {
                out.push(Entry {
                    seq: r.seq,
                    state: if undone.contains(&r.seq) {
                        EntryState::Undone
                    } else {
                        EntryState::Done
                    },
                    line: a.line,
                    before: String::new(),
                    after: a
                        .text
                        .to_bytes()
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default(),
                    time: r.time,
                    op: r.op,
                    path: r.path.unwrap_or_default(),
                });
                if out.len() >= limit {
                    break;
                }
                continue;
            }
            let first = r.changes.first();
            let show = |t: Option<&Text>, around: bool| {
                let text = t
                    .and_then(Text::to_bytes)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                if around {
                    format!("…{text}…")
                } else {
                    text
                }
            };
            let around = first.is_some_and(|c| c.around.is_some());
            out.push(Entry {
                seq: r.seq,
                state: if undone.contains(&r.seq) {
                    EntryState::Undone
                } else {
                    EntryState::Done
                },
                line: first.map_or(0, |c| c.line),
                before: show(first.map(|c| &c.before), around),
                after: show(first.map(|c| &c.after), around),
                time: r.time,
                op: r.op,
                path: r.path.unwrap_or_default(),
            });
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Takes back the newest edit of this vault that can still be taken back. Newer ones whose
    /// lines changed since are passed over (the outcome says which), never reverted by force.
    pub fn undo(&self) -> Result<Outcome, EditError> {
        let vault = self.vault_key();
        let open = self.journal().open_edits(&vault)?;
        if open.is_empty() {
            return Err(EditError::NothingToUndo { vault });
        }
        let mut passed: Vec<(u64, EditError)> = Vec::new();
        for rec in open.into_iter().take(UNDO_REACH) {
            let seq = rec.seq;
            match self.undo_record(&vault, rec) {
                Ok(Some(mut out)) => {
                    if !passed.is_empty() {
                        let why: Vec<String> =
                            passed.iter().map(|(s, e)| format!("#{s}: {e}")).collect();
                        out.warning = Some(format!(
                            "passed over newer edits that can no longer be undone ({})",
                            why.join("; ")
                        ));
                    }
                    return Ok(out);
                }
                // Another undo took it meanwhile: the next one is this undo's.
                Ok(None) => {}
                Err(e @ EditError::UndoConflict { .. }) => passed.push((seq, e)),
                Err(e) => return Err(e),
            }
        }
        match passed.into_iter().next() {
            Some((_, e)) => Err(e),
            None => Err(EditError::NothingToUndo { vault }),
        }
    }

    /// Takes back the edit numbered `seq` in the history, if it is still in force.
    pub fn undo_entry(&self, seq: u64) -> Result<Outcome, EditError> {
        let vault = self.vault_key();
        let rec = self
            .find(&vault, seq)?
            .filter(Record::is_edit)
            .ok_or(EditError::NoSuchEntry { seq })?;
        let path = rec.path.clone().unwrap_or_default();
        let line = rec.changes.first().map_or(0, |c| c.line);
        self.undo_record(&vault, rec)?
            .ok_or_else(|| EditError::UndoConflict {
                path,
                line,
                why: format!("entry {seq} is undone already"),
            })
    }

    /// Makes again the edit that the newest undo took back, until another edit is made.
    pub fn redo(&self) -> Result<Outcome, EditError> {
        let vault = self.vault_key();
        let nothing = || EditError::NothingToRedo {
            vault: vault.clone(),
        };
        let mut redone = std::collections::HashSet::new();
        let mut undo = None;
        for line in self.journal().newest_first()? {
            let Some(r) = line.record() else { break };
            if r.vault != vault {
                continue;
            }
            if let Some(u) = r.redoes {
                redone.insert(u);
            } else if r.undoes.is_some() {
                if !redone.contains(&r.seq) {
                    undo = Some(r);
                    break;
                }
            } else {
                // A new edit since the last undo: as in any editor, nothing is left to redo.
                break;
            }
        }
        let undo = undo.ok_or_else(nothing)?;
        let target = undo.undoes.unwrap_or_default();
        let rec = self
            .find(&vault, target)?
            .ok_or_else(|| EditError::Journal {
                path: self.journal().path().display().to_string(),
                why: format!("entry {target} is no longer in the journal; it cannot be redone"),
            })?;
        self.replay(&vault, &rec, Side::Before, Some(undo.seq))
            .map(|o| o.ok_or_else(nothing))?
    }

    /// The record numbered `seq` of this vault.
    fn find(&self, vault: &str, seq: u64) -> Result<Option<Record>, EditError> {
        for line in self.journal().newest_first()? {
            if let Some(r) = line.record()
                && r.seq <= seq
            {
                return Ok((r.seq == seq && r.vault == vault).then_some(r));
            }
        }
        Ok(None)
    }

    /// Whether an undo record for `seq` (or, for a redo, a redo of undo `seq`) exists.
    fn taken_back(&self, seq: u64, by_redo: bool) -> Result<bool, EditError> {
        for line in self.journal().newest_first()? {
            let Some(r) = line.record() else { continue };
            if r.seq <= seq {
                return Ok(false);
            }
            let hit = if by_redo { r.redoes } else { r.undoes };
            if hit == Some(seq) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Reverts `rec` unless, once the note's folder is locked, it was undone meanwhile.
    fn undo_record(&self, vault: &str, rec: Record) -> Result<Option<Outcome>, EditError> {
        self.replay(vault, &rec, Side::After, None)
    }

    /// Splices `rec` into its note from `from` (After: undo it; Before: make it again, taking
    /// back undo `redoes`), under the writer's checks, and journals that.
    fn replay(
        &self,
        vault: &str,
        rec: &Record,
        from: Side,
        redoes: Option<u64>,
    ) -> Result<Option<Outcome>, EditError> {
        let damaged = |why: &str| EditError::Journal {
            path: self.journal().path().display().to_string(),
            why: format!("record {} {why}", rec.seq),
        };
        let path = rec.path.clone().ok_or_else(|| damaged("names no note"))?;
        let first_line = match &rec.added {
            Some(a) => a.line,
            None => {
                rec.changes
                    .first()
                    .ok_or_else(|| damaged("has no changes"))?
                    .line
            }
        };
        let inserted = match &rec.inserted {
            Some(t) => Some(t.to_bytes().ok_or_else(|| damaged("holds damaged text"))?),
            None => None,
        };
        let what = if from == Side::After {
            "undone"
        } else {
            "redone"
        };
        let note = self.root.note(&path).map_err(|e| match e {
            EditError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                EditError::UndoConflict {
                    path: path.clone(),
                    line: first_line,
                    why: format!(
                        "the note is gone (renamed, moved or deleted since the {}); nothing was written",
                        rec.op
                    ),
                }
            }
            other => other,
        })?;
        let real = self.root.path.join(&note.real);
        let _lock = lock_folder(&note, &path)?;
        // Taking back the same record twice could change a twin line that still reads the same.
        let already = match redoes {
            None => self.taken_back(rec.seq, false)?,
            Some(u) => self.taken_back(u, true)?,
        };
        if already {
            return Ok(None);
        }
        let (at, line) = commit(&note, &real, &path, self.save(), |bytes| {
            let ins = inserted.as_deref().map(|i| (i, rec.below));
            let (out, at, line) = match &rec.added {
                Some(a) => super::added::splice(bytes, &path, a, from)?,
                None => splice(bytes, &path, &rec.changes, ins, from)?,
            };
            Ok((out, (at, line)))
        })?;
        let journalled = match redoes {
            None => Record {
                undoes: Some(rec.seq),
                changes: Vec::new(),
                inserted: None,
                ..Record::edit(vault, &path, "undo", Vec::new())
            },
            Some(u) => {
                let shift = at as i64 - first_line as i64;
                let changes = rec
                    .changes
                    .iter()
                    .map(|c| Change {
                        line: (c.line as i64 + shift).max(1) as u32,
                        ..c.clone()
                    })
                    .collect();
                Record {
                    redoes: Some(u),
                    inserted: rec.inserted.clone(),
                    below: rec.below,
                    added: rec.added.clone().map(|a| super::Added { line: at, ..a }),
                    ..Record::edit(vault, &path, &rec.op, changes)
                }
            }
        };
        let warning = self
            .journal()
            .append(journalled)
            .err()
            .map(|e| format!("{what}, but not recorded in the journal: {e}"));
        Ok(Some(Outcome {
            path,
            line: at,
            // Not kept: the message of an undo or redo names the edit it takes back or makes again.
            before: String::new(),
            new_line: String::from_utf8_lossy(&line).into_owned(),
            inserted: None,
            warning,
            changed: true,
            what: rec.op.clone(),
        }))
    }
}
