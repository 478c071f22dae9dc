//! `add`: a captured task written as a new line of a note (SPEC §12) — a named note, the config's
//! inbox, or today's daily note created from its template — through the safe writer, journalled.

use super::added::{Added, insert_line, under_heading};
use super::capture::{CaptureOptions, task_line};
use super::confine::{checked_relative, escapes};
use super::daily::DailyNotes;
use super::journal::{Record, Text};
use super::lines::split_lines;
use super::writer::{commit, lock_folder};
use super::{EditError, Editor, Outcome, line_number};
use crate::config::Config;
use chrono::NaiveDate;
use std::io::Write;

/// Where a captured task goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// The note, vault-relative.
    pub path: String,
    /// The heading to add under (created at the end of the note when missing).
    pub heading: Option<String>,
    /// For a daily note: the text to create it with (the template filled in) when it is missing.
    /// `None`: the note must exist.
    pub create: Option<String>,
}

impl Editor {
    /// Where `add` puts a task: `note` when given, else the config's `[inbox]` note, else today's
    /// daily note as `<obsidian_dir>/daily-notes.json` places it (created from its template).
    pub fn destination(
        &self,
        note: Option<&str>,
        cfg: &Config,
        today: NaiveDate,
    ) -> Result<Destination, EditError> {
        let heading = cfg.inbox.heading.clone().filter(|h| !h.trim().is_empty());
        if let Some(n) = note.or(cfg.inbox.note.as_deref()) {
            let n = n.trim();
            let path = if n.ends_with(".md") {
                n.to_string()
            } else {
                format!("{n}.md")
            };
            return Ok(Destination {
                path,
                heading,
                create: None,
            });
        }
        let settings = format!("{}/daily-notes.json", cfg.obsidian_dir());
        let daily = match read_small(&self.root.dir, &settings) {
            Ok(json) => DailyNotes::parse(&json).map_err(|why| EditError::BadPath {
                path: settings.clone(),
                why: format!("Obsidian's daily-notes settings cannot be read: {why}"),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => DailyNotes::default(),
            Err(source) => {
                return Err(EditError::Io {
                    path: settings,
                    action: "read Obsidian's daily-notes settings",
                    source,
                });
            }
        };
        let path = daily.path(today);
        let template = match daily.template_path() {
            None => String::new(),
            Some(t) => {
                checked_relative(&t).map_err(|why| EditError::BadPath {
                    path: t.clone(),
                    why: format!("the daily-note template: {why}"),
                })?;
                read_small(&self.root.dir, &t).map_err(|source| EditError::Io {
                    path: t,
                    action: "read the daily-note template (daily-notes.json `template`)",
                    source,
                })?
            }
        };
        let now = today.and_time(chrono::Local::now().time());
        let create = Some(daily.render(&template, &path, now));
        Ok(Destination {
            path,
            heading,
            create,
        })
    }

    /// Captures `text` (see [`task_line`]) into the note `note` names, or the default place (see
    /// [`Editor::destination`]), and records it for undo.
    pub fn capture(
        &self,
        text: &str,
        note: Option<&str>,
        today: NaiveDate,
        cfg: &Config,
        opts: CaptureOptions,
    ) -> Result<Outcome, EditError> {
        let line = task_line(text, today, opts).map_err(|why| EditError::BadCapture { why })?;
        let dest = self.destination(note, cfg, today)?;
        self.add(&line, &dest)
    }

    /// Adds `line` (one task line) to the destination note and records it for undo; undo removes
    /// the line again (a note or heading made for it stays).
    pub fn add(&self, line: &str, dest: &Destination) -> Result<Outcome, EditError> {
        if line.contains(['\n', '\r']) || crate::parse::parse_line(line.as_bytes()).is_none() {
            return Err(EditError::BadCapture {
                why: format!("{line:?} is not one task line"),
            });
        }
        let shown = dest.path.as_str();
        let heading = dest.heading.as_deref();
        let at = match self.root.note(shown) {
            Ok(note) => {
                let real = self.root.path.join(&note.real);
                let _lock = lock_folder(&note, shown)?;
                let (at, heading_made) = commit(&note, &real, shown, self.save(), |bytes| {
                    let (out, at, made) = place(bytes, line.as_bytes(), heading);
                    Ok((out, (at, made)))
                })?;
                let made = heading_made.then(|| {
                    format!(
                        "added the heading {:?}; undo removes the task and leaves the heading",
                        heading.unwrap_or("")
                    )
                });
                self.journal_add(shown, at, line, made)
            }
            Err(EditError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound && dest.create.is_some() =>
            {
                let template = dest.create.as_deref().unwrap_or_default();
                match self.create(shown, template, line.as_bytes(), heading)? {
                    Some(at) => self.journal_add(
                        shown,
                        at,
                        line,
                        Some("created the note; undo removes the task and leaves the note".into()),
                    ),
                    // Created by someone else just now: add to it like to any note.
                    None => {
                        return self.add(
                            line,
                            &Destination {
                                create: None,
                                ..dest.clone()
                            },
                        );
                    }
                }
            }
            Err(EditError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(EditError::BadPath {
                    path: shown.to_string(),
                    why: "there is no such note in the vault; nothing was written".into(),
                });
            }
            Err(e) => return Err(e),
        };
        Ok(at)
    }

    /// Creates the note at `rel` (and its folders, inside the vault) holding `template` with
    /// `line` placed in it, never replacing a file. `None`: the note exists already.
    fn create(
        &self,
        rel: &str,
        template: &str,
        line: &[u8],
        heading: Option<&str>,
    ) -> Result<Option<u32>, EditError> {
        let bad = |why: String| EditError::BadPath {
            path: rel.to_string(),
            why,
        };
        let at = checked_relative(rel).map_err(|w| bad(w.to_string()))?;
        let io = |action: &'static str| {
            move |source: std::io::Error| {
                if escapes(&source) {
                    bad("it leads outside the vault (through a symlink)".into())
                } else {
                    EditError::Io {
                        path: rel.to_string(),
                        action,
                        source,
                    }
                }
            }
        };
        let parent = at.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = match parent {
            Some(p) => {
                self.root
                    .dir
                    .create_dir_all(p)
                    .map_err(io("create the note's folder"))?;
                self.root.dir.open_dir(p)
            }
            None => self.root.dir.open_dir("."),
        }
        .map_err(io("open the note's folder"))?;
        let name = at
            .file_name()
            .ok_or_else(|| bad("it is not a file".into()))?;
        let (bytes, index, _) = place(template.as_bytes(), line, heading);
        let mut opts = cap_std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        let file = match dir.open_with(name, &opts) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
            Err(e) => return Err(io("create the note")(e)),
        };
        let mut file = file.into_std();
        file.write_all(&bytes)
            .and_then(|()| file.sync_all())
            .map_err(io("write the new note"))?;
        Ok(Some(index))
    }

    fn journal_add(&self, path: &str, at: u32, line: &str, note: Option<String>) -> Outcome {
        let rec = Record {
            added: Some(Added {
                line: at,
                text: Text::from_bytes(line.as_bytes()),
            }),
            ..Record::edit(&self.vault_key(), path, "add", Vec::new())
        };
        let mut warning = note;
        if let Err(e) = self.journal().append(rec) {
            warning = Some(super::join_warning(
                warning,
                format!("saved, but it cannot be undone: {e}"),
            ));
        }
        Outcome {
            path: path.to_string(),
            line: at,
            before: String::new(),
            new_line: line.to_string(),
            inserted: None,
            warning,
            changed: true,
            what: "add".into(),
        }
    }
}

/// The text of a small settings or template file inside the vault, opened without blocking (a
/// FIFO in its place never hangs a capture) and refused unless it is a regular file under 1 MB.
fn read_small(dir: &cap_std::fs::Dir, rel: &str) -> std::io::Result<String> {
    use std::io::Read;
    let mut opts = cap_std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = dir.open_with(rel, &opts)?.into_std();
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file under 1 MB",
        ));
    }
    let mut text = String::new();
    file.take(1 << 20).read_to_string(&mut text)?;
    Ok(text)
}

/// `bytes` with `line` under `heading` (the heading added at the end when missing) or at the end;
/// the line's 1-based number, and whether the heading was added.
fn place(bytes: &[u8], line: &[u8], heading: Option<&str>) -> (Vec<u8>, u32, bool) {
    let end = split_lines(bytes).len();
    let Some(h) = heading else {
        return (insert_line(bytes, end, line), line_number(end), false);
    };
    if let Some(i) = under_heading(bytes, h) {
        return (insert_line(bytes, i, line), line_number(i), false);
    }
    let mut out = bytes.to_vec();
    let lines = split_lines(bytes);
    let last_blank = lines
        .last()
        .is_none_or(|l| bytes[l.start..l.end].trim_ascii().is_empty());
    let mut n = lines.len();
    if !last_blank {
        out = insert_line(&out, n, b"");
        n += 1;
    }
    let title = format!("## {}", h.trim().trim_start_matches('#').trim());
    out = insert_line(&out, n, title.as_bytes());
    n += 1;
    (insert_line(&out, n, line), line_number(n), true)
}
