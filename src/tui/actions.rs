//! What the named actions do to the app, and how the answers come back: edit results from the worker,
//! index news from the live vault. Edits leave as effects; nothing here blocks or touches the terminal.

use super::app::{App, Focus, Mode, Progress, Prompt, TaskKey};
use super::keymap::Action;
use super::live::Feed;
use super::review::Review;
use super::worker::{Done, Effect, Job, Target, TargetOf};

use triage::edit::{Op, When};
use triage::task::Priority;
use triage::vault::NoteUpdate;

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
                    self.mode = Mode::Prompt(Prompt {
                        targets,
                        ..Prompt::default()
                    });
                }
            }
            Action::Undo => {
                // Edits made before this session (or by another program) are undone one by one.
                let n = self.undo_sizes.pop().unwrap_or(1);
                self.send(Job::Undo(n));
            }
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
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Quit => self.quit = true,
            Action::ReviewAccept
            | Action::ReviewReject
            | Action::ReviewDue
            | Action::ReviewSkip
            | Action::ReviewBack
            | Action::ReviewQuit => self.review_act(action),
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
        self.marks.clear();
        self.send(Job::Apply(items));
    }

    pub fn send(&mut self, job: Job) {
        self.busy += 1;
        self.effects.push(Effect::Edit(job));
    }

    /// The worker finished a job: take in the re-read notes and report.
    pub fn on_done(&mut self, done: Done) {
        self.busy = self.busy.saturating_sub(1);
        let mut updates = Vec::new();
        for (path, entry) in done.notes {
            updates.push(match entry {
                Some(e) => NoteUpdate::Upsert(e),
                None => NoteUpdate::Remove(path),
            });
        }
        self.apply_updates(updates);
        let errors: Vec<&String> = done
            .results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .collect();
        for e in &errors {
            tracing::warn!("{} refused: {e}", done.what);
        }
        let oks: Vec<_> = done
            .results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .collect();
        let warnings: Vec<String> = oks.iter().filter_map(|o| o.warning.clone()).collect();
        if done.what != "undo" && !oks.is_empty() {
            self.undo_sizes.push(oks.len());
        }
        match (oks.as_slice(), errors.first()) {
            ([o], None) => {
                let what = if done.what == "undo" {
                    format!("undo {}", o.what)
                } else {
                    o.what.clone()
                };
                let mut msg = format!("{what}: {}:{}  {}", o.path, o.line, o.new_line.trim());
                if let Some(w) = &o.warning {
                    msg.push_str(&format!("  ({w})"));
                }
                self.say(msg);
            }
            (_, None) => {
                let mut msg = format!("{}: {} tasks changed", done.what, oks.len());
                if let Some(w) = warnings.first() {
                    msg.push_str(&format!("  ({w})"));
                }
                self.say(msg);
            }
            (_, Some(e)) => {
                let prefix = if oks.is_empty() {
                    String::new()
                } else {
                    format!("{} changed, {} refused: ", oks.len(), errors.len())
                };
                self.complain(format!("{prefix}{e}"));
            }
        }
    }

    /// News from the live vault (or the first scan).
    pub fn on_feed(&mut self, feed: Feed) {
        match feed {
            Feed::Progress { notes, total } => self.progress = Progress::Indexing { notes, total },
            Feed::Ready(index) => {
                let keep = self.selected_task().map(TaskKey::of);
                self.store.load(&index);
                self.index = *index;
                self.progress = Progress::Ready;
                self.context = None;
                self.rebuild_tabs();
                self.refresh_keeping(keep);
            }
            Feed::Updates(updates) => self.apply_updates(updates),
            Feed::Warning(w) => self.complain(w),
        }
    }

    fn apply_updates(&mut self, updates: Vec<NoteUpdate>) {
        // Taken now: once the store changes, the cursor's row may hold another task.
        let keep = self.selected_task().map(TaskKey::of);
        let mut touched = Vec::new();
        let names = self.index.names_generation();
        for u in updates {
            let path = u.path().clone();
            if self.index.apply(u).is_some() {
                touched.push(path);
            }
        }
        if touched.is_empty() {
            return;
        }
        // A person or account note changed: names may have regrouped in every note.
        let regrouped = names != self.index.names_generation();
        if regrouped {
            self.store.load(&self.index);
        }
        for path in &touched {
            if !regrouped {
                let tasks = self.index.get(path).map(|e| e.note.tasks.clone());
                self.store.replace_note(path, tasks);
            }
            self.forget_context(path);
        }
        self.store.notes = self.index.note_count();
        // A note may have gained, lost or changed a ```tasks block.
        self.rebuild_tabs();
        self.refresh_keeping(keep);
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
        self.mode = Mode::Review(Review::new(items));
        self.sync_context();
    }

    fn review_target(&self) -> Option<Target> {
        let Mode::Review(r) = &self.mode else {
            return None;
        };
        let k = r.current()?;
        let i = self.store.find(&k.path, k.line, &k.text)?;
        Some(Target::of(&self.store.tasks[i]))
    }

    fn review_act(&mut self, action: Action) {
        let target = self.review_target();
        let Mode::Review(r) = &mut self.mode else {
            return;
        };
        match action {
            Action::ReviewAccept | Action::ReviewReject => {
                let Some(target) = target else {
                    r.next();
                    return;
                };
                let op = if action == Action::ReviewAccept {
                    r.accepted += 1;
                    Op::Accept
                } else {
                    r.rejected += 1;
                    Op::Reject
                };
                r.next();
                self.send(Job::Apply(vec![(target, op)]));
            }
            Action::ReviewDue => {
                if let Some(target) = target {
                    r.prompt = Some(Prompt {
                        targets: vec![target],
                        ..Prompt::default()
                    });
                }
            }
            Action::ReviewSkip => {
                r.next();
            }
            Action::ReviewBack => r.back(),
            Action::ReviewQuit => {
                let (a, j) = (r.accepted, r.rejected);
                self.mode = Mode::Normal;
                self.say(format!("review: {a} accepted, {j} rejected"));
                self.refresh();
                return;
            }
            _ => {}
        }
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
