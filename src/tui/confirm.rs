//! A yes/no question before a bulk edit over many marked tasks: the count and the action, then
//! y or enter runs it, n or esc leaves the notes as they are. A component.

use super::app::App;
use super::component::{Component, Handled};
use super::layout::Areas;
use super::worker::Job;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Bulk actions over more tasks than this ask first.
pub const CONFIRM_OVER: usize = 5;

pub struct Confirm {
    /// `accept 7 marked tasks?`
    pub question: String,
    pub job: Job,
}

impl Component for Confirm {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                app.marks.clear();
                app.send(self.job.clone());
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                app.say("nothing changed; the tasks are still marked");
            }
            // Any other key keeps the question: a stray key must not run or drop a bulk edit.
            _ => return Handled::Consumed,
        }
        Handled::Close
    }

    fn draw(&self, app: &App, f: &mut Frame, _areas: &Areas) {
        let t = &app.theme;
        let area = f.area();
        let text = format!(" {} ", self.question);
        let keys = " y / enter: yes   n / esc: no ";
        let w = (text.width().max(keys.width()) as u16 + 2).min(area.width);
        let h = 4.min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + area.height.saturating_sub(h) / 2,
            w,
            h,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.today())
            .title(Span::styled(" Bulk edit ", t.title()));
        let inner = block.inner(r);
        f.render_widget(Clear, r);
        f.render_widget(block, r);
        let lines = vec![
            Line::styled(text, t.today().add_modifier(ratatui::style::Modifier::BOLD)),
            Line::styled(keys, t.muted()),
        ];
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![("y".into(), "yes"), ("n".into(), "no")]
    }
}
