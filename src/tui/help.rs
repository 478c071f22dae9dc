//! The help overlay, generated from the keymap (every binding with its description), so it always
//! tells the truth about the keys in use, overrides included. A component: j/k scroll, any other key closes.

use super::app::App;
use super::component::{Component, Handled};
use super::keymap::{Action, Key, Scope};
use super::layout::Areas;
use super::ui::{cell, wrap};
use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Every line of help text, as (keys, description); a heading has empty keys.
pub fn entries(app: &App) -> Vec<(String, String)> {
    let keys = |k: &[Key]| k.iter().map(Key::label).collect::<Vec<_>>().join(" ");
    let mut out = vec![(String::new(), "Main screen".to_string())];
    for (a, k) in app.keymap.entries(Scope::Main) {
        out.push((keys(k), a.description().to_string()));
    }
    out.push((String::new(), String::new()));
    out.push((String::new(), "Review mode".to_string()));
    for (a, k) in app.keymap.entries(Scope::Review) {
        out.push((keys(k), a.description().to_string()));
    }
    out.push((String::new(), String::new()));
    out.push((String::new(), "Filter bar and prompts".to_string()));
    for (k, d) in [
        ("enter", "keep the filter / set the date"),
        ("esc", "clear the filter / cancel"),
        (
            "due dates",
            "from today: fri, next fri, +3d, in 2 weeks, +1m, dec 15",
        ),
        ("due+3d", "from the task's own due date (due-1w earlier)"),
        ("y n", "answer a bulk edit's question (over 5 tasks)"),
        ("↑ ↓", "move while filtering"),
        ("ctrl-u ctrl-w", "clear the input / delete a word"),
        ("words", "match description, owner, account, note title"),
        ("query", "e.g. due before tomorrow; owner is Myself"),
        ("mouse", "click selects, wheel scrolls, click a tab"),
    ] {
        out.push((k.to_string(), d.to_string()));
    }
    out
}

/// The help popup and how far it is scrolled.
#[derive(Default)]
pub struct Help {
    pub scroll: u16,
}

impl Component for Help {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        let max = entries(app).len() as u16;
        match app.keymap.action(Scope::Main, key) {
            Some(Action::Down) => self.scroll = (self.scroll + 1).min(max),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = (self.scroll + 10).min(max),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            _ => return Handled::Close,
        }
        Handled::Consumed
    }

    fn on_mouse(&mut self, _app: &mut App, m: &MouseEvent) -> Handled {
        match m.kind {
            MouseEventKind::ScrollDown => self.scroll = self.scroll.saturating_add(3),
            MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(3),
            _ => {}
        }
        Handled::Consumed
    }

    fn draw(&self, app: &App, f: &mut Frame, _areas: &Areas) {
        draw(app, f, self.scroll);
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![("esc".into(), "close help"), ("j/k".into(), "scroll")]
    }
}

fn draw(app: &App, f: &mut Frame, scroll: u16) {
    let area = f.area();
    let all = entries(app);
    // Two columns (main screen | the rest) when there is room, so most terminals need no scrolling.
    let split = all
        .iter()
        .position(|(k, d)| k.is_empty() && d.is_empty())
        .unwrap_or(all.len());
    let two = area.width >= 100;
    let w = if two {
        area.width.saturating_sub(4).min(120)
    } else {
        area.width.min(72)
    };
    let h = area.height.saturating_sub(2).max(3);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let t = &app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent())
        .title(Span::styled(" Keys — esc closes, j/k scroll ", t.title()));
    let inner = block.inner(r);
    f.render_widget(Clear, r);
    f.render_widget(block, r);
    let columns: Vec<(Rect, &[(String, String)])> = if two {
        let half = inner.width / 2;
        vec![
            (
                Rect::new(inner.x, inner.y, half, inner.height),
                &all[..split],
            ),
            (
                Rect::new(inner.x + half, inner.y, inner.width - half, inner.height),
                &all[(split + 1).min(all.len())..],
            ),
        ]
    } else {
        vec![(inner, &all[..])]
    };
    for (area, items) in columns {
        // Keys and descriptions wrap onto more lines rather than being cut.
        let widest = items.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
        let kw = widest.clamp(8, 20).min(area.width as usize / 3);
        let dw = (area.width as usize).saturating_sub(kw + 3);
        let mut lines: Vec<Line> = Vec::new();
        for (k, d) in items {
            if k.is_empty() {
                lines.push(Line::styled(
                    format!(" {d}"),
                    t.title().add_modifier(Modifier::UNDERLINED),
                ));
                continue;
            }
            let keys = wrap(k, kw, 3);
            let what = wrap(d, dw, 4);
            for i in 0..keys.len().max(what.len()) {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(" {}", cell(keys.get(i).map_or("", String::as_str), kw)),
                        t.accent().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(" "),
                    Span::raw(what.get(i).cloned().unwrap_or_default()),
                ]));
            }
        }
        let lines: Vec<Line> = lines.into_iter().skip(scroll as usize).collect();
        f.render_widget(Paragraph::new(lines), area);
    }
}
