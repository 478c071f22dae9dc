//! The message log: every message since triage started, newest at the bottom, scrollable.
//! A component: j/k and page keys scroll, any other key closes it.

use super::app::App;
use super::component::{Component, Handled};
use super::keymap::{Action, Scope};
use super::layout::Areas;
use super::ui::{popup_frame, shown, wrap};
use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// How far the log is scrolled back from its newest line.
#[derive(Default)]
pub struct MessageLog {
    pub back: usize,
}

impl MessageLog {
    fn scroll(&mut self, app: &App, by: isize) {
        let max = app.log.len().saturating_sub(1);
        self.back = self.back.saturating_add_signed(by).min(max);
    }
}

impl Component for MessageLog {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        match app.keymap.action(Scope::Main, key) {
            Some(Action::Up) => self.scroll(app, 1),
            Some(Action::Down) => self.scroll(app, -1),
            Some(Action::PageUp) => self.scroll(app, 10),
            Some(Action::PageDown) => self.scroll(app, -10),
            Some(Action::Top) => self.scroll(app, isize::MAX / 2),
            Some(Action::Bottom) => self.back = 0,
            _ => return Handled::Close,
        }
        Handled::Consumed
    }

    fn on_mouse(&mut self, app: &mut App, m: &MouseEvent) -> Handled {
        match m.kind {
            MouseEventKind::ScrollUp => self.scroll(app, 3),
            MouseEventKind::ScrollDown => self.scroll(app, -3),
            _ => {}
        }
        Handled::Consumed
    }

    fn draw(&self, app: &App, f: &mut Frame, _areas: &Areas) {
        let inner = popup_frame(
            app,
            f,
            format!(" Messages · {} · esc closes, j/k scroll ", app.log.len()),
        );
        let t = &app.theme;
        let rows = inner.height as usize;
        if app.log.is_empty() {
            f.render_widget(
                Paragraph::new(Line::styled(" No messages yet.", t.muted())),
                inner,
            );
            return;
        }
        // Newest last; each message wraps onto up to three lines, under its time.
        let end = app.log.len() - self.back.min(app.log.len() - 1);
        let width = (inner.width as usize).saturating_sub(11);
        let mut lines: Vec<Line> = Vec::new();
        for (time, s) in app.log[..end].iter().rev() {
            if lines.len() >= rows {
                break;
            }
            let parts = wrap(&shown(&s.text), width, 3);
            for (i, part) in parts.into_iter().enumerate().rev() {
                let lead = if i == 0 {
                    format!(" {} ", time.format("%H:%M:%S"))
                } else {
                    " ".repeat(10)
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, t.muted()),
                    Span::styled(part, t.tone(s.tone)),
                ]));
            }
        }
        lines.reverse();
        let skip = lines.len().saturating_sub(rows);
        let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![
            ("esc".into(), "close"),
            ("j/k".into(), "scroll"),
            ("g/G".into(), "oldest/newest"),
        ]
    }
}
