//! The detail pane: everything about the selected task and a few lines of its note around it.
//! Draws from `&App` and the note text read earlier on selection change; never reads files itself.

use super::app::App;
use super::panes::{due_style, status_mark, status_style};
use super::ui::{clip, shown, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use triage::names::Kind;
use triage::parse::mojibake::repair;
use triage::task::{Bucket, DateKind, Task};

/// "3 days overdue", "today", "in 2 days", for a due date.
pub fn relative_due(t: &Task, today: chrono::NaiveDate) -> Option<String> {
    let due = t.dates.due?;
    let days = (due - today).num_days();
    Some(match (t.bucket(today), days) {
        (_, 0) => "today".into(),
        (_, 1) => "tomorrow".into(),
        (_, -1) => "yesterday".into(),
        (Bucket::Overdue, d) => format!("{} days overdue", -d),
        (_, d) if d < 0 => format!("{} days ago", -d),
        (_, d) => format!("in {d} days"),
    })
}

/// The field lines shared by the detail pane and review mode.
pub fn field_lines(app: &App, t: &Task) -> Vec<Line<'static>> {
    let th = &app.theme;
    let label = |s: &str| Span::styled(format!("{s:<10}"), th.muted());
    let mut out = Vec::new();
    let mut due = vec![label("due")];
    match t.dates.due {
        Some(d) => {
            due.push(Span::styled(
                d.format("%Y-%m-%d %a").to_string(),
                due_style(app, t),
            ));
            if let Some(rel) = relative_due(t, app.today) {
                due.push(Span::styled(format!("  ({rel})"), due_style(app, t)));
            }
        }
        None if t.dates.is_invalid(DateKind::Due) => {
            due.push(Span::styled("not a real date", th.error()))
        }
        None => match t.dates.scheduled {
            // The scheduled date places the task in its bucket: say so where the due date would be.
            Some(d) => due.push(Span::styled(
                format!("none · bucket by ⏳ scheduled {}", d.format("%Y-%m-%d %a")),
                due_style(app, t),
            )),
            None => due.push(Span::styled("none", th.muted())),
        },
    }
    out.push(Line::from(due));
    let mut who = vec![
        label("owner"),
        Span::raw(t.owner.as_deref().map_or("Unassigned".into(), shown)),
    ];
    who.push(Span::styled("   account ", th.muted()));
    who.push(Span::raw(t.account.as_deref().map_or("—".into(), shown)));
    who.push(Span::styled("   priority ", th.muted()));
    who.push(Span::raw(t.priority.as_str()));
    out.push(Line::from(who));
    // The person's and the account's own notes, when the vault has them (SPEC §11).
    let notes: Vec<Span> = [
        ("person", Kind::People, &t.owner),
        ("account", Kind::Accounts, &t.account),
    ]
    .into_iter()
    .filter_map(|(what, kind, name)| {
        let note = app.note_of(kind, name.as_deref()?)?;
        Some(Span::raw(format!("{what}: {}  ", shown(&note))))
    })
    .collect();
    if !notes.is_empty() {
        out.push(Line::from([vec![label("notes")], notes].concat()));
    }
    let mut state = vec![
        label("status"),
        Span::styled(
            format!("{} {}", status_mark(t), t.status_type.as_str()),
            status_style(app, t),
        ),
    ];
    if t.proposed {
        state.push(Span::styled("  proposed", th.proposed()));
    }
    out.push(Line::from(state));
    let others: Vec<String> = [
        DateKind::Scheduled,
        DateKind::Start,
        DateKind::Created,
        DateKind::Done,
        DateKind::Cancelled,
    ]
    .into_iter()
    .filter_map(|k| {
        t.dates
            .get(k)
            .map(|d| format!("{} {}", k.as_str(), d.format("%Y-%m-%d")))
    })
    .collect();
    if !others.is_empty() {
        out.push(Line::from(vec![
            label("dates"),
            Span::raw(others.join(" · ")),
        ]));
    }
    if let Some(r) = t.recurrence() {
        out.push(Line::from(vec![label("repeats"), Span::raw(shown(r))]));
    }
    if !t.tags.is_empty() {
        let tags: Vec<String> = t.tags.iter().map(|t| format!("#{}", shown(t))).collect();
        out.push(Line::from(vec![
            label("tags"),
            Span::styled(tags.join(" "), th.accent()),
        ]));
    }
    if t.id().is_some() || !t.depends_on().is_empty() {
        let deps: Vec<String> = t.depends_on().iter().map(|d| shown(d)).collect();
        out.push(Line::from(vec![
            label("id"),
            Span::raw(t.id().map_or("—".into(), shown)),
            Span::styled("   depends on ", th.muted()),
            Span::raw(if deps.is_empty() {
                "—".into()
            } else {
                deps.join(", ")
            }),
        ]));
    }
    out
}

/// One line saying the note holds mojibake, shown repaired, and how to repair the file.
pub fn mojibake_hint(app: &App, t: &Task) -> Option<Line<'static>> {
    let ctx = app.context.as_ref().filter(|c| c.path == t.note.path)?;
    (ctx.mojibake > 0).then(|| {
        Line::styled(
            format!(
                "⚠ {} line(s) of this note hold mojibake, shown repaired; `triage check --fix` repairs the file",
                ctx.mojibake
            ),
            app.theme.today(),
        )
    })
}

/// Lines of the note around the task, the task's own line highlighted.
pub fn context_lines(app: &App, t: &Task, before: usize, after: usize) -> Vec<Line<'static>> {
    let th = &app.theme;
    let Some(ctx) = app.context.as_ref().filter(|c| c.path == t.note.path) else {
        return vec![Line::styled("  (note not read yet)", th.muted())];
    };
    if let Some(e) = &ctx.error {
        return vec![Line::styled(format!("  {}", shown(e)), th.error())];
    }
    ctx.around(t.line, before, after)
        .map(|(n, text)| {
            // Lines are sanitised when read; only what a terminal row can show is kept.
            let text = clip(text, super::ui::SHOWN_CHARS);
            let num = Span::styled(format!("{n:>5} │ "), th.muted());
            if n == t.line {
                Line::from(vec![
                    num,
                    Span::styled(
                        text.to_string(),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                ])
            } else {
                Line::from(vec![num, Span::styled(text.to_string(), th.muted())])
            }
        })
        .collect()
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let th = &app.theme;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(th.muted())
        .title(Span::styled(" Detail ", th.title()));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let Some(t) = app.selected_task() else {
        f.render_widget(
            Paragraph::new(Line::styled(" no task selected", th.muted())),
            inner,
        );
        return;
    };
    let width = inner.width as usize;
    let mut lines = Vec::new();
    // A very long task keeps to a third of the pane so its fields and context stay in view.
    let rows = (inner.height as usize / 3).max(2);
    for (i, part) in wrap(&shown(t.description()), width.saturating_sub(5), rows)
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 {
            format!("{} ", status_mark(t))
        } else {
            "    ".into()
        };
        lines.push(Line::from(vec![
            Span::styled(lead, status_style(app, t)),
            Span::styled(part, Style::default().add_modifier(Modifier::BOLD)),
        ]));
    }
    let heading = t
        .heading
        .as_deref()
        .map(|h| format!("  › {}", shown(h)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(format!("{:<10}", "note"), th.muted()),
        Span::styled(shown(&t.note.title), th.accent()),
        Span::raw(heading),
    ]));
    lines.push(Line::from(vec![
        Span::styled(format!("{:<10}", "where"), th.muted()),
        Span::raw(shown(&t.location())),
    ]));
    lines.extend(field_lines(app, t));
    let line = repair(clip(t.text(), super::ui::SHOWN_CHARS));
    for (i, part) in wrap(&shown(&line), width.saturating_sub(10), 2)
        .into_iter()
        .enumerate()
    {
        let label = if i == 0 { "line" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<10}"), th.muted()),
            Span::raw(part),
        ]));
    }
    lines.extend(mojibake_hint(app, t));
    let room = (inner.height as usize).saturating_sub(lines.len() + 1);
    if room >= 1 {
        lines.push(Line::raw(""));
        let before = room / 2;
        lines.extend(context_lines(
            app,
            t,
            before.min(4),
            room.saturating_sub(before + 1).min(4),
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
