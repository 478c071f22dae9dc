//! Drawing review mode: one proposed task with its note's context large — title, date, summary
//! paragraph and the lines around the task. Drawing only, from text read before.

use super::app::App;
use super::detail::{context_lines, field_lines, mojibake_hint};
use super::panes::{status_mark, status_style};
use super::review::Review;
use super::ui::{shown, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(app: &App, review: &Review, f: &mut Frame, r: Rect) {
    let th = &app.theme;
    let total = review.items.len();
    let title = format!(
        " Review proposed · {} of {} · {} accepted · {} rejected ",
        (review.pos + 1).min(total),
        total,
        review.accepted,
        review.rejected
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(th.proposed())
        .title(Span::styled(title, th.title()));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let task = review
        .current()
        .and_then(|k| app.store.find(&k.path, k.line, &k.text))
        .and_then(|i| app.store.tasks.get(i));
    let Some(t) = task else {
        let msg = if review.pos >= total {
            format!(" All {total} proposed tasks reviewed. Press q to go back.")
        } else {
            " This task is no longer in the vault; press s to skip it.".to_string()
        };
        f.render_widget(Paragraph::new(Line::styled(msg, th.accent())), inner);
        return;
    };
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let rows = inner.height as usize;
    for (i, part) in wrap(&shown(t.description()), width.saturating_sub(6), rows / 4)
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 {
            format!(" {} ", status_mark(t))
        } else {
            "     ".into()
        };
        lines.push(Line::from(vec![
            Span::styled(lead, status_style(app, t)),
            Span::styled(part, th.title()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(field_lines(app, t).into_iter().map(indent));
    lines.extend(mojibake_hint(app, t).map(indent));
    lines.push(Line::raw(""));
    let date = t
        .note
        .date
        .as_deref()
        .map(|d| format!("  ·  {}", shown(d)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(" Note  ", th.muted()),
        Span::styled(
            shown(&t.note.title),
            th.accent().add_modifier(Modifier::BOLD),
        ),
        Span::raw(date),
        Span::styled(format!("   {}", shown(&t.location())), th.muted()),
    ]));
    if let Some(summary) = app
        .context
        .as_ref()
        .filter(|c| c.path == t.note.path)
        .and_then(|c| c.summary.as_ref())
    {
        lines.push(Line::raw(""));
        for part in wrap(&shown(summary), width.saturating_sub(2), rows / 3) {
            lines.push(Line::styled(
                format!(" {part}"),
                ratatui::style::Style::default().add_modifier(Modifier::ITALIC),
            ));
        }
    }
    lines.push(Line::raw(""));
    let used = lines.len() + 2;
    let room = (inner.height as usize).saturating_sub(used).clamp(1, 14);
    lines.extend(context_lines(app, t, room / 2, room - room / 2 - 1));
    f.render_widget(Paragraph::new(lines), inner);
}

fn indent(mut l: Line<'static>) -> Line<'static> {
    l.spans.insert(0, Span::raw(" "));
    l
}
