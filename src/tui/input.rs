//! Turning terminal input into app changes: keys go to the component stack first, then the filter
//! bar or the main screen; mouse clicks and the wheel. Only key presses count (Windows also reports releases).

use super::app::{App, Focus};
use super::keymap::{Action, Scope};
use super::layout::contains;
use super::prompt::edit_line;
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

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
        if self.offer_key(&key) {
            return;
        }
        if self.filter_editing {
            self.filter_key(&key);
        } else if let Some(a) = self.keymap.action(Scope::Main, &key) {
            self.act(a);
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
        if self.offer_mouse(&m) {
            return;
        }
        let areas = self.areas();
        let (x, y) = (m.column, m.row);
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta: isize = if m.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
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
            MouseEventKind::Down(MouseButton::Left) => {
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
