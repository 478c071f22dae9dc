//! The undo history: the vault's recent edits from the journal, newest first, to pick one to undo
//! (or redo the last undone). A component; the list is read by the worker, never while drawing.

use super::app::App;
use super::component::{Component, Handled};
use super::keymap::{Action, Scope};
use super::layout::Areas;
use super::ui::{fit, popup_frame, shown};
use super::worker::Job;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use triage::edit::{Entry, EntryState};

pub struct UndoHistory {
    entries: Vec<Entry>,
    cursor: usize,
}

impl UndoHistory {
    pub fn new(entries: Vec<Entry>) -> UndoHistory {
        UndoHistory { entries, cursor: 0 }
    }

    fn step(&mut self, by: isize) {
        let max = self.entries.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(by).min(max);
    }
}

impl Component for UndoHistory {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        match key.code {
            KeyCode::Enter | KeyCode::Char('u') => {
                let Some(e) = self.entries.get(self.cursor) else {
                    return Handled::Close;
                };
                if e.state == EntryState::Undone {
                    app.complain(format!(
                        "entry {} is undone already; r redoes the last undo",
                        e.seq
                    ));
                    return Handled::Consumed;
                }
                app.send(Job::UndoEntry(e.seq));
                return Handled::Close;
            }
            KeyCode::Char('r') => {
                app.send(Job::Redo);
                return Handled::Close;
            }
            _ => {}
        }
        match app.keymap.action(Scope::Main, key) {
            Some(Action::Up) => self.step(-1),
            Some(Action::Down) => self.step(1),
            Some(Action::PageUp) => self.step(-10),
            Some(Action::PageDown) => self.step(10),
            Some(Action::Top) => self.cursor = 0,
            Some(Action::Bottom) => self.step(isize::MAX / 2),
            _ => return Handled::Close,
        }
        Handled::Consumed
    }

    fn draw(&self, app: &App, f: &mut Frame, _areas: &Areas) {
        let inner = popup_frame(
            app,
            f,
            format!(
                " Undo history · {} · enter undoes · r redoes · esc closes ",
                self.entries.len()
            ),
        );
        let t = &app.theme;
        if self.entries.is_empty() {
            f.render_widget(
                Paragraph::new(Line::styled(" No edits in this vault yet.", t.muted())),
                inner,
            );
            return;
        }
        // Two lines an entry: number, time, what and where; then the line before → after.
        let per_page = (inner.height as usize / 2).max(1);
        let first = self.cursor.saturating_sub(per_page - 1);
        let width = inner.width as usize;
        let mut lines = Vec::new();
        for (i, e) in self.entries.iter().enumerate().skip(first).take(per_page) {
            let when = e.time.get(11..16).unwrap_or("");
            let state = match e.state {
                EntryState::Done => "",
                EntryState::Undone => "  (undone)",
            };
            let head = format!(
                " {:>4}  {when}  {:<9} {}:{}{state}",
                e.seq,
                shown(&e.op),
                shown(&e.path),
                e.line
            );
            let change = format!("       {} → {}", shown(&e.before), shown(&e.after));
            let style = if i == self.cursor {
                t.selected(true)
            } else if e.state == EntryState::Undone {
                t.muted()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(fit(&head, width).into_owned(), style));
            lines.push(Line::styled(fit(&change, width).into_owned(), t.muted()));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![
            ("enter".into(), "undo this edit"),
            ("r".into(), "redo"),
            ("j/k".into(), "move"),
            ("esc".into(), "close"),
        ]
    }
}
