//! What the named actions do to the app (the answers come back in `answers.rs`). Edits leave as
//! effects; nothing here blocks or touches the terminal.

use super::app::{App, Focus, TaskKey};
use super::confirm::{CONFIRM_OVER, Confirm};
use super::help::Help;
use super::keymap::Action;
use super::log::MessageLog;
use super::prompt::Prompt;
use super::review::Review;
use super::worker::{Effect, Job};

use triage::edit::{Op, When};
use triage::task::Priority;

impl App {
    pub fn act(&mut self, action: Action) {
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            // On a narrow terminal the groups pane then takes the task pane's place.
            Action::FocusGroups => self.focus = Focus::Groups,
            Action::FocusTasks => self.focus = Focus::Tasks,
            Action::NextTab => self.switch_tab(self.tab + 1),
            Action::PrevTab => self.switch_tab(self.tab + self.tabs.len().saturating_sub(1)),
            Action::Filter => self.filter_editing = true,
            Action::CycleProposed => {
                self.show = self.show.next();
                self.refresh();
                self.say(format!("showing {} open tasks", self.show.label()));
            }
            Action::ToggleDone => self.edit_each(|_| Some(Op::ToggleDone)),
            Action::Accept => self.edit_each(|_| Some(Op::Accept)),
            Action::Reject => self.edit_each(|_| Some(Op::Reject)),
            Action::Postpone => self.edit_each(|_| Some(Op::Postpone(1))),
            Action::PriorityUp => self.edit_each(|p| step(p, -1).map(Op::SetPriority)),
            Action::PriorityDown => self.edit_each(|p| step(p, 1).map(Op::SetPriority)),
            Action::SetDue => {
                let targets = self.targets();
                if targets.is_empty() {
                    self.complain("no task selected");
                } else {
                    self.push(Prompt::new(targets));
                }
            }
            Action::Undo => {
                // Edits made before this session (or by another program) are undone one by one.
                let n = self.undo_sizes.pop().unwrap_or(1);
                self.send(Job::Undo(n));
            }
            Action::Redo => self.send(Job::Redo),
            Action::UndoHistory => self.send(Job::History),
            Action::Mark => self.toggle_mark(),
            Action::ClearMarks => self.clear(),
            // Enter on a groups pane shown instead of the tasks goes back to the (narrowed) tasks.
            Action::Detail if self.focus == Focus::Groups && self.areas().tasks.is_none() => {
                self.focus = Focus::Tasks;
                self.clamp();
            }
            Action::Detail => {
                self.detail_open = Some(!self.areas().detail_shown());
                self.clamp();
                self.sync_context();
            }
            Action::Merge => self.start_merge(),
            Action::OpenEditor if self.group_note().is_some() => {
                if let Some(path) = self.group_note() {
                    self.effects.push(Effect::OpenEditor { path, line: 1 });
                }
            }
            Action::OpenObsidian if self.group_note().is_some() => {
                if let Some(path) = self.group_note() {
                    let url = obsidian_url(&self.vault_name, &path);
                    self.effects.push(Effect::OpenUrl(url));
                }
            }
            Action::OpenEditor => match self.selected_task() {
                Some(t) => self.effects.push(Effect::OpenEditor {
                    path: t.note.path.clone(),
                    line: t.line,
                }),
                None => self.complain("no task selected"),
            },
            Action::OpenObsidian => match self.selected_task() {
                Some(t) => {
                    let url = obsidian_url(&self.vault_name, &t.note.path);
                    self.effects.push(Effect::OpenUrl(url));
                }
                None => self.complain("no task selected"),
            },
            Action::Review => self.start_review(),
            Action::Rescan => self.effects.push(Effect::Rescan),
            Action::Help => self.push(Help::default()),
            Action::MessageLog => self.push(MessageLog::default()),
            Action::Quit => self.quit = true,
            // The review component's keys; they never reach the main screen.
            Action::ReviewAccept
            | Action::ReviewReject
            | Action::ReviewDue
            | Action::ReviewSkip
            | Action::ReviewBack
            | Action::ReviewQuit => {}
        }
    }

    fn page(&self) -> usize {
        self.areas().task_rows().max(2) - 1
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.focus == Focus::Groups {
            let rows = self.listing.groups.len() + 1;
            let now = super::panes::picked_row(self) as isize;
            let to = (now + delta).clamp(0, rows as isize - 1) as usize;
            self.pick_group(to);
            return;
        }
        let n = self.visible().len();
        self.cursor =
            (self.cursor as isize + delta).clamp(0, n.saturating_sub(1) as isize) as usize;
        self.clamp();
        self.sync_context();
    }

    /// Picks row `row` of the groups pane (0 is "All").
    pub fn pick_group(&mut self, row: usize) {
        self.group = if row == 0 {
            None
        } else {
            self.listing.groups.get(row - 1).map(|g| g.label.clone())
        };
        self.cursor = 0;
        self.scroll = 0;
        self.clamp();
        self.sync_context();
    }

    pub fn switch_tab(&mut self, to: usize) {
        if self.tabs.is_empty() {
            return;
        }
        self.tab = to % self.tabs.len();
        self.group = None;
        self.cursor = 0;
        self.scroll = 0;
        self.refresh();
        if let Some(e) = self.view_error() {
            let msg = format!("view {:?}: query {e}", self.tabs[self.tab].title());
            self.complain(msg);
        }
    }

    /// Applies a new filter input, staying on the selected task if it still matches.
    pub fn set_filter(&mut self, input: String) {
        self.filter = super::filter::Parsed::new(&input);
        self.filter_input = input;
        if !self.refresh() {
            self.cursor = 0;
            self.scroll = 0;
        }
        self.clamp();
        self.sync_context();
    }

    fn clear(&mut self) {
        if !self.marks.is_empty() {
            self.marks.clear();
            self.say("marks cleared");
        } else if !self.filter_input.is_empty() {
            self.set_filter(String::new());
        } else if self.group.is_some() {
            self.pick_group(0);
        }
    }

    fn toggle_mark(&mut self) {
        let Some(t) = self.selected_task() else {
            return;
        };
        let key = (t.note.path.clone(), t.line);
        if !self.marks.remove(&key) {
            self.marks.insert(key);
        }
        self.move_by(1);
    }

    /// Sends one edit per target; `op_for` sees each task's priority (for raise/lower).
    fn edit_each(&mut self, op_for: impl Fn(Priority) -> Option<Op>) {
        let mut items = Vec::new();
        for target in self.targets() {
            let priority = self
                .store
                .find(
                    &target.path,
                    target.line,
                    target.text.as_deref().unwrap_or(""),
                )
                .map_or(Priority::None, |i| self.store.tasks[i].priority);
            if let Some(op) = op_for(priority) {
                items.push((target, op));
            }
        }
        if items.is_empty() {
            self.complain(if self.selected_task().is_none() {
                "no task selected"
            } else {
                "already at the limit"
            });
            return;
        }
        if items.len() > CONFIRM_OVER {
            let verb = match items[0].1 {
                Op::ToggleDone => "Toggle done on",
                Op::Accept => "Accept",
                Op::Reject => "Reject",
                Op::Postpone(_) => "Postpone",
                Op::SetDue(_) => "Set the due date of",
                Op::SetPriority(_) => "Change the priority of",
                Op::SetOwner(_) => "Reassign",
                Op::Rename(_) => "Rename",
                Op::SetScheduled(_) => "Set the scheduled date of",
                Op::SetStart(_) => "Set the start date of",
            };
            let question = format!("{verb} {} marked tasks?", items.len());
            self.push(Confirm {
                question,
                job: Job::Apply(items),
            });
            return;
        }
        self.marks.clear();
        self.send(Job::Apply(items));
    }

    pub fn send(&mut self, job: Job) {
        self.busy += 1;
        self.effects.push(Effect::Edit(job));
    }

    fn start_review(&mut self) {
        let items: Vec<TaskKey> = (0..self.visible().len())
            .filter_map(|row| self.task_at(row))
            .map(|i| &self.store.tasks[i])
            .filter(|t| t.proposed && !t.status_type.is_closed())
            .map(TaskKey::of)
            .collect();
        if items.is_empty() {
            self.say("no proposed tasks in this list");
            return;
        }
        self.push(Review::new(items));
        self.sync_context();
    }

    /// The due prompt's Enter: read the date and send the edit, or show why not.
    pub fn submit_due(&mut self, prompt: &mut Prompt) -> bool {
        match When::parse(&prompt.input, self.today) {
            Ok(when) => {
                let items = prompt
                    .targets
                    .drain(..)
                    .map(|t| (t, Op::SetDue(when)))
                    .collect();
                self.marks.clear();
                self.send(Job::Apply(items));
                true
            }
            Err(e) => {
                prompt.error = Some(e.to_string());
                false
            }
        }
    }
}

/// One step up (-1) or down (+1) the priority ladder, if there is one.
fn step(p: Priority, by: isize) -> Option<Priority> {
    let i = Priority::ALL.iter().position(|x| *x == p)? as isize + by;
    Priority::ALL.get(usize::try_from(i).ok()?).copied()
}

/// `obsidian://open?vault=…&file=…`, both parts percent-encoded, the `.md` left off as Obsidian does.
pub fn obsidian_url(vault: &str, path: &str) -> String {
    let file = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".MD"))
        .unwrap_or(path);
    format!(
        "obsidian://open?vault={}&file={}",
        encode(vault),
        encode(file)
    )
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obsidian_urls_are_encoded() {
        assert_eq!(
            obsidian_url("My Vault", "Customers/Example Co/call & notes.md"),
            "obsidian://open?vault=My%20Vault&file=Customers%2FExample%20Co%2Fcall%20%26%20notes"
        );
    }

    #[test]
    fn priority_steps_stop_at_the_ends() {
        assert_eq!(step(Priority::None, -1), Some(Priority::Medium));
        assert_eq!(step(Priority::Highest, -1), None);
        assert_eq!(step(Priority::Lowest, 1), None);
    }
}
