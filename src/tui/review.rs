//! Review mode: a walk through the proposed tasks of the current list, one at a time, as a component
//! that takes the whole body. Holds task keys, not references, so edits and watcher changes in
//! between cannot invalidate it.

use super::app::{App, TaskKey};
use super::component::{Component, Handled};
use super::keymap::{Action, Scope};
use super::layout::Areas;
use super::prompt::Prompt;
use super::worker::{Job, Target, TargetOf};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use triage::edit::Op;

#[derive(Clone, Debug, Default)]
pub struct Review {
    pub items: Vec<TaskKey>,
    pub pos: usize,
    pub accepted: usize,
    pub rejected: usize,
}

impl Review {
    pub fn new(items: Vec<TaskKey>) -> Review {
        Review {
            items,
            ..Review::default()
        }
    }

    pub fn current(&self) -> Option<&TaskKey> {
        self.items.get(self.pos)
    }

    /// Moves on; returns false when the walk is over.
    pub fn next(&mut self) -> bool {
        if self.pos < self.items.len() {
            self.pos += 1;
        }
        self.pos < self.items.len()
    }

    pub fn back(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// The current task as it is in the store now.
    fn target(&self, app: &App) -> Option<Target> {
        let k = self.current()?;
        let i = app.store.find(&k.path, k.line, &k.text)?;
        Some(Target::of(&app.store.tasks[i]))
    }
}

impl Component for Review {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        let Some(action) = app.keymap.action(Scope::Review, key) else {
            // The main screen's help key works here too; every other key is the walk's.
            return if app.keymap.action(Scope::Main, key) == Some(Action::Help) {
                Handled::NotMine
            } else {
                Handled::Consumed
            };
        };
        match action {
            Action::ReviewAccept | Action::ReviewReject => {
                let Some(target) = self.target(app) else {
                    self.next();
                    return Handled::Consumed;
                };
                let op = if action == Action::ReviewAccept {
                    self.accepted += 1;
                    Op::Accept
                } else {
                    self.rejected += 1;
                    Op::Reject
                };
                self.next();
                app.send(Job::Apply(vec![(target, op)]));
            }
            Action::ReviewDue => {
                if let Some(target) = self.target(app) {
                    app.push(Prompt::new(vec![target]));
                }
            }
            Action::ReviewSkip => {
                self.next();
            }
            Action::ReviewBack => self.back(),
            Action::ReviewQuit => {
                app.say(format!(
                    "review: {} accepted, {} rejected",
                    self.accepted, self.rejected
                ));
                app.refresh();
                return Handled::Close;
            }
            _ => {}
        }
        Handled::Consumed
    }

    fn draw(&self, app: &App, f: &mut Frame, areas: &Areas) {
        if let Some(r) = areas.review {
            super::review_view::draw(app, self, f, r);
        }
    }

    fn hints(&self, app: &App) -> Vec<(String, &'static str)> {
        let k = |a: Action| app.keymap.hint(a);
        vec![
            (k(Action::ReviewAccept), "accept"),
            (k(Action::ReviewReject), "reject"),
            (k(Action::ReviewDue), "due"),
            (k(Action::ReviewSkip), "skip"),
            (k(Action::ReviewBack), "back"),
            (k(Action::ReviewQuit), "leave"),
        ]
    }
}
