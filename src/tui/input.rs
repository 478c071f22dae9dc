//! Turning terminal input into app changes: keys by mode (help, prompt, filter bar, review, main),
//! mouse clicks and the wheel. Only key presses count (Windows also reports releases).

use super::app::{App, Focus, Mode, Prompt};
use super::keymap::{Action, Scope};
use super::layout::contains;
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// What editing keys do to a one-line input; `None` when the key is not an editing key.
fn edit_line(input: &mut String, key: &KeyEvent) -> Option<()> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => input.clear(),
        KeyCode::Char('w') if ctrl => {
            let trimmed = input.trim_end().len();
            input.truncate(trimmed);
            let cut = input.rfind(' ').map_or(0, |i| i + 1);
            input.truncate(cut);
        }
        KeyCode::Char(c) if !ctrl => input.push(c),
        KeyCode::Backspace => {
            input.pop();
        }
        _ => return None,
    }
    Some(())
}

impl App {
    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        self.status = None;
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Help { scroll } => self.help_key(scroll, &key),
            Mode::Prompt(p) => {
                if let Some(p) = self.prompt_key(p, &key) {
                    self.mode = Mode::Prompt(p);
                }
            }
            Mode::Review(mut r) => {
                if let Some(p) = r.prompt.take() {
                    let submitted = key.code == KeyCode::Enter;
                    r.prompt = self.prompt_key(p, &key);
                    // A date that was set moves the walk on; a refused one keeps the prompt open.
                    if submitted && r.prompt.is_none() {
                        r.next();
                    }
                    self.mode = Mode::Review(r);
                    self.sync_context();
                    return;
                }
                self.mode = Mode::Review(r);
                if let Some(a) = self.keymap.action(Scope::Review, &key) {
                    self.act(a);
                } else if self.keymap.action(Scope::Main, &key) == Some(Action::Help) {
                    self.act(Action::Help);
                }
            }
            Mode::Merge(m) => self.merge_key(m, &key),
            Mode::Normal if self.filter_editing => self.filter_key(&key),
            Mode::Normal => {
                if let Some(a) = self.keymap.action(Scope::Main, &key) {
                    self.act(a);
                }
            }
        }
    }

    fn help_key(&mut self, scroll: u16, key: &KeyEvent) {
        let max = super::help::entries(self).len() as u16;
        self.mode = match self.keymap.action(Scope::Main, key) {
            Some(Action::Down) => Mode::Help {
                scroll: (scroll + 1).min(max),
            },
            Some(Action::Up) => Mode::Help {
                scroll: scroll.saturating_sub(1),
            },
            Some(Action::PageDown) => Mode::Help {
                scroll: (scroll + 10).min(max),
            },
            Some(Action::PageUp) => Mode::Help {
                scroll: scroll.saturating_sub(10),
            },
            _ => Mode::Normal,
        };
    }

    /// Handles a key in the due prompt; returns the prompt if it stays open.
    fn prompt_key(&mut self, mut p: Prompt, key: &KeyEvent) -> Option<Prompt> {
        match key.code {
            KeyCode::Esc => {
                self.say("due date unchanged");
                None
            }
            KeyCode::Enter => {
                if self.submit_due(&mut p) {
                    None
                } else {
                    Some(p)
                }
            }
            _ => {
                if edit_line(&mut p.input, key).is_some() {
                    p.error = None;
                }
                Some(p)
            }
        }
    }

    fn filter_key(&mut self, key: &KeyEvent) {
        match key.code {
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Esc => {
                self.filter_editing = false;
                self.set_filter(String::new());
            }
            KeyCode::Down => self.move_by(1),
            KeyCode::Up => self.move_by(-1),
            KeyCode::PageDown => self.act(Action::PageDown),
            KeyCode::PageUp => self.act(Action::PageUp),
            _ => {
                let mut input = self.filter_input.clone();
                if edit_line(&mut input, key).is_some() && input != self.filter_input {
                    self.set_filter(input);
                }
            }
        }
    }

    pub fn on_mouse(&mut self, m: MouseEvent) {
        let areas = self.areas();
        let (x, y) = (m.column, m.row);
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if m.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                match &mut self.mode {
                    Mode::Help { scroll } => {
                        *scroll = (*scroll as isize + delta).max(0) as u16;
                    }
                    Mode::Normal => {
                        let before = self.focus;
                        if areas.groups.is_some_and(|r| contains(r, x, y)) {
                            self.focus = Focus::Groups;
                            self.move_by(delta.signum());
                        } else {
                            self.focus = Focus::Tasks;
                            self.move_by(delta);
                        }
                        self.focus = before;
                    }
                    _ => {}
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if !matches!(self.mode, Mode::Normal) {
                    return;
                }
                if contains(areas.tabs, x, y) {
                    let hit = super::ui::tab_ranges(self, areas.tabs.width.saturating_sub(20))
                        .into_iter()
                        .find(|(_, s, e)| x >= areas.tabs.x + s && x < areas.tabs.x + e);
                    if let Some((i, _, _)) = hit {
                        self.switch_tab(i);
                    }
                } else if let Some(r) = areas.groups.filter(|r| contains(*r, x, y)) {
                    let rows = self.listing.groups.len() + 1;
                    let height = r.height.saturating_sub(1) as usize;
                    let skip = (super::panes::picked_row(self) + 1).saturating_sub(height);
                    let row = skip + (y - r.y).saturating_sub(1) as usize;
                    if y > r.y && row < rows {
                        self.focus = Focus::Groups;
                        self.pick_group(row);
                    }
                } else if let Some(r) = areas.tasks.filter(|r| contains(*r, x, y) && y > r.y) {
                    let row = self.scroll + (y - r.y - 1) as usize;
                    if row < self.visible().len() {
                        self.focus = Focus::Tasks;
                        self.cursor = row;
                        self.clamp();
                        self.sync_context();
                    }
                }
            }
            _ => {}
        }
    }

    pub fn on_resize(&mut self, w: u16, h: u16) {
        self.size = ratatui::layout::Rect::new(0, 0, w, h);
        if self.areas().groups.is_none() {
            self.focus = Focus::Tasks;
        }
        self.clamp();
        self.sync_context();
    }
}
