//! The merge popup of the Owner and Account tabs: pick the name the selected group is one with,
//! likely ones first with the reason; accepting writes the alias into the config (comments kept)
//! and regroups the view at once. Owns its state; draws with `&self`; the write is `accept`'s job.

use super::app::App;
use super::component::{Component, Handled};
use super::layout::Areas;
use super::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::path::Path;
use std::sync::Arc;
use triage::config::{AliasTable, add_aliases};
use triage::names::{self, Folded, Kind, Relation};
use triage::vault::Index;

/// One name to merge into, and why it is offered first (if it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub name: Arc<str>,
    pub why: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Merge {
    pub kind: Kind,
    /// The group being merged away.
    pub from: Arc<str>,
    choices: Vec<Choice>,
    /// Typed text: narrows the choices, or names a new target.
    pub input: String,
    pub cursor: usize,
}

/// What a key did to the popup.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Stay,
    Cancel,
    Accept(Arc<str>),
}

impl Merge {
    /// The popup for merging `from` into one of `names` (the tab's other groups).
    pub fn new(kind: Kind, from: Arc<str>, names: &[Arc<str>], index: &Index) -> Merge {
        let book = match kind {
            Kind::People => &index.directory().people,
            Kind::Accounts => &index.directory().accounts,
        };
        let company = kind == Kind::Accounts;
        let mine = Folded::new(&from, company);
        let mut choices: Vec<(u8, Choice)> = names
            .iter()
            .filter(|n| ***n != *from)
            .map(|n| {
                let other = Folded::new(n, company);
                let why = match names::relate(&mine, &other) {
                    Some(Relation::Same(r)) => Some(r.label().to_string()),
                    Some(Relation::Within) => Some("fewer or shortened words".to_string()),
                    None => None,
                };
                let declared = book.find(n).is_some_and(|e| e.declared);
                let why = match (why, declared) {
                    (Some(w), true) => Some(format!("{w}; has its own note")),
                    (w, _) => w,
                };
                let rank = u8::from(why.is_none());
                (
                    rank,
                    Choice {
                        name: n.clone(),
                        why,
                    },
                )
            })
            .collect();
        choices.sort_by_key(|c| c.0);
        Merge {
            kind,
            from,
            choices: choices.into_iter().map(|(_, c)| c).collect(),
            input: String::new(),
            cursor: 0,
        }
    }

    /// The choices the typed text leaves, in order.
    pub fn visible(&self) -> Vec<&Choice> {
        let typed = self.input.to_lowercase();
        self.choices
            .iter()
            .filter(|c| typed.is_empty() || c.name.to_lowercase().contains(&typed))
            .collect()
    }

    pub fn key(&mut self, key: &KeyEvent) -> Answer {
        match key.code {
            KeyCode::Esc => return Answer::Cancel,
            KeyCode::Enter => {
                let picked = self.visible().get(self.cursor).map(|c| c.name.clone());
                return match picked {
                    Some(name) => Answer::Accept(name),
                    // A name typed in full that is no group yet: merge into it.
                    None if !self.input.trim().is_empty() => {
                        Answer::Accept(Arc::from(self.input.trim()))
                    }
                    None => Answer::Stay,
                };
            }
            KeyCode::Down => self.cursor += 1,
            KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => self.cursor += 1,
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            KeyCode::Backspace => {
                self.input.pop();
                self.cursor = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.input.push(c);
                self.cursor = 0;
            }
            _ => {}
        }
        self.cursor = self.cursor.min(self.visible().len().saturating_sub(1));
        Answer::Stay
    }

    fn draw_popup(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 72);
        let height = area.height.saturating_sub(2).clamp(6, 18);
        let r = Rect {
            x: area.x + (area.width.saturating_sub(width)) / 2,
            y: area.y + (area.height.saturating_sub(height)) / 2,
            width: width.min(area.width),
            height: height.min(area.height),
        };
        let title = format!(" Merge {} into… ", super::ui::shown(&self.from));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(r);
        f.render_widget(Clear, r);
        f.render_widget(block, r);
        let mut lines = vec![Line::from(vec![
            Span::styled("name: ", theme.muted()),
            Span::raw(super::ui::shown(&self.input)),
            Span::styled("▏", theme.accent()),
        ])];
        let rows = inner.height.saturating_sub(2) as usize;
        let visible = self.visible();
        let start = self.cursor.saturating_sub(rows.saturating_sub(1));
        for (i, c) in visible.iter().enumerate().skip(start).take(rows) {
            let mut spans = vec![Span::styled(
                format!("{} ", if i == self.cursor { "▶" } else { " " }),
                theme.accent(),
            )];
            spans.push(Span::raw(super::ui::shown(&c.name)));
            if let Some(why) = &c.why {
                spans.push(Span::styled(format!("  ({why})"), theme.muted()));
            }
            lines.push(Line::from(spans));
        }
        if visible.is_empty() {
            let hint = if self.input.trim().is_empty() {
                "no other names on this tab"
            } else {
                "enter merges into this new name"
            };
            lines.push(Line::from(Span::styled(hint, theme.muted())));
        }
        lines.push(Line::from(Span::styled(
            "enter merge (writes an alias to the config) · esc cancel",
            theme.muted(),
        )));
        f.render_widget(Paragraph::new(lines), inner);
    }
}

impl Component for Merge {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        match self.key(key) {
            Answer::Stay => Handled::Consumed,
            Answer::Cancel => Handled::Close,
            Answer::Accept(into) => {
                app.finish_merge(self.kind, &self.from, into);
                Handled::Close
            }
        }
    }

    fn draw(&self, app: &App, f: &mut Frame, _areas: &Areas) {
        self.draw_popup(f, f.area(), &app.theme);
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![("enter".into(), "merge"), ("esc".into(), "cancel")]
    }
}

/// Writes `from = into` under the kind's alias table of the config at `config` and shows it in
/// `index` at once. The message tells the user what was written where.
pub fn accept(
    config: Option<&Path>,
    kind: Kind,
    from: &str,
    into: &str,
    index: &mut Index,
) -> Result<String, String> {
    let config = config.ok_or("no config file to write the alias to")?;
    let table = match kind {
        Kind::People => AliasTable::People,
        Kind::Accounts => AliasTable::Accounts,
    };
    add_aliases(config, table, &[(from.to_string(), into.to_string())])
        .map_err(|e| e.to_string())?;
    index.merge_names(kind, from, into);
    Ok(format!(
        "merged {from} into {into}: alias written to {}",
        config.display()
    ))
}

/// The app's side: which kind the tab groups by, the picked group's note, the popup's keys.
impl super::app::App {
    /// People on the Owner tab, accounts on the Account tab; `None` elsewhere.
    pub fn names_kind(&self) -> Option<Kind> {
        match self.tabs.get(self.tab) {
            Some(super::app::Tab::Group(super::store::Grouping::Owner)) => Some(Kind::People),
            Some(super::app::Tab::Group(super::store::Grouping::Account)) => Some(Kind::Accounts),
            _ => None,
        }
    }

    /// The person's or account's note of the picked group, while the groups pane has the focus.
    pub fn group_note(&self) -> Option<Arc<str>> {
        if self.focus != super::app::Focus::Groups {
            return None;
        }
        let kind = self.names_kind()?;
        self.note_of(kind, self.group.as_deref()?)
    }

    /// The note a person or account has in this vault, if any.
    pub fn note_of(&self, kind: Kind, name: &str) -> Option<Arc<str>> {
        let book = match kind {
            Kind::People => &self.index.directory().people,
            Kind::Accounts => &self.index.directory().accounts,
        };
        book.find(name)?.note.clone()
    }

    pub fn start_merge(&mut self) {
        let Some(kind) = self.names_kind() else {
            self.complain("merge works on the Owner and Account tabs");
            return;
        };
        let missing = [super::ordering::UNASSIGNED, super::ordering::NO_ACCOUNT];
        let Some(from) = self.group.clone().filter(|g| !missing.contains(&&**g)) else {
            self.complain("pick a name in the groups pane first (h, then j/k)");
            return;
        };
        let names: Vec<Arc<str>> = self
            .listing
            .groups
            .iter()
            .map(|g| g.label.clone())
            .filter(|l| !missing.contains(&&**l))
            .collect();
        self.push(Merge::new(kind, from, &names, &self.index));
    }

    /// Writes the alias and regroups the view under the new name.
    pub fn finish_merge(&mut self, kind: Kind, from: &str, into: Arc<str>) {
        let config = self
            .cfg
            .source
            .file
            .clone()
            .or_else(triage::config::default_path);
        match accept(config.as_deref(), kind, from, &into, &mut self.index) {
            Ok(msg) => {
                self.store.load(&self.index);
                self.group = Some(into);
                self.rebuild_tabs();
                self.refresh_keeping(None);
                self.say(super::sanitize_owned(&msg));
            }
            Err(e) => self.complain(super::sanitize_owned(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn likely_names_come_first_with_their_reason_and_typing_narrows() {
        let names: Vec<Arc<str>> = ["Dana Reyes", "Jon Stefansson", "Jon Stephenson", "Priya"]
            .into_iter()
            .map(Arc::from)
            .collect();
        let index = Index::default();
        let mut m = Merge::new(Kind::People, Arc::from("Jon Stephenson"), &names, &index);
        let first = m.visible()[0].clone();
        assert_eq!(&*first.name, "Jon Stefansson");
        assert_eq!(first.why.as_deref(), Some("similar spelling"));
        assert!(m.visible().iter().all(|c| &*c.name != "Jon Stephenson"));
        for c in "pri".chars() {
            m.key(&key(KeyCode::Char(c)));
        }
        assert_eq!(
            m.key(&key(KeyCode::Enter)),
            Answer::Accept(Arc::from("Priya"))
        );
        m.input = "Jonathan S".into();
        assert_eq!(
            m.key(&key(KeyCode::Enter)),
            Answer::Accept(Arc::from("Jonathan S"))
        );
        assert_eq!(m.key(&key(KeyCode::Esc)), Answer::Cancel);
    }

    #[test]
    fn accepting_writes_the_alias_and_regroups_the_index() {
        let dir = tempfile::tempdir().expect("tmp");
        let vault = dir.path().join("v");
        std::fs::create_dir_all(&vault).expect("mkdir");
        std::fs::write(
            vault.join("a.md"),
            "- [ ] one @Jon\n- [ ] two @Jon Stefansson\n",
        )
        .expect("note");
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "# mine\n[people.aliases]\n").expect("config");
        let mut index = triage::vault::scan(&vault, &triage::Config::default()).expect("scan");
        let msg = accept(
            Some(&config),
            Kind::People,
            "Jon",
            "Jon Stefansson",
            &mut index,
        )
        .expect("accepted");
        assert!(msg.contains("alias written"), "{msg}");
        assert!(
            index
                .tasks()
                .all(|t| t.owner.as_deref() == Some("Jon Stefansson"))
        );
        let text = std::fs::read_to_string(&config).expect("read");
        assert!(text.starts_with("# mine\n"), "{text}");
        assert!(text.contains("Jon = \"Jon Stefansson\""), "{text}");
    }
}
