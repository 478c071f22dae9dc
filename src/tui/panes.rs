//! The groups pane and the virtualised task pane: only the rows on screen are formatted,
//! so a list of half a million tasks draws as fast as one of fifty. Drawing only, no I/O.

use super::app::{App, Focus, Tab};
use super::store::Grouping;
use super::ui::{cell, clip, fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::sync::Arc;
use triage::task::{Bucket, Priority, StatusType, Task};
use unicode_width::UnicodeWidthStr;

/// The groups pane's rows: "All" and then each group, as (label, count).
pub fn group_rows(app: &App) -> Vec<(String, usize, usize)> {
    let mut rows = vec![(
        "All".to_string(),
        app.listing.rows.len(),
        app.listing.overdue,
    )];
    rows.extend(
        app.listing
            .groups
            .iter()
            .map(|g| (super::ui::shown(&g.label), g.len, g.overdue)),
    );
    rows
}

/// Which row of the groups pane is the picked one.
pub fn picked_row(app: &App) -> usize {
    match &app.group {
        Some(g) => app
            .listing
            .groups
            .iter()
            .position(|r| &r.label == g)
            .map_or(0, |i| i + 1),
        None => 0,
    }
}

pub fn groups(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let focused = app.focus == Focus::Groups;
    let title = match app.tabs.get(app.tab) {
        Some(Tab::Group(g)) => g.label().to_string(),
        Some(tab) => super::sanitize_owned(tab.label()),
        None => String::new(),
    };
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(if focused { t.accent() } else { t.muted() })
        .title(Span::styled(
            format!(" {} ", fit(&title, r.width.saturating_sub(3) as usize)),
            t.title(),
        ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let rows = group_rows(app);
    let due_tab = matches!(app.tabs.get(app.tab), Some(Tab::Group(Grouping::Due)));
    let picked = picked_row(app);
    let height = inner.height as usize;
    let skip = (picked + 1).saturating_sub(height);
    let width = inner.width as usize;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .map(|(i, (label, n, late))| {
            let count = n.to_string();
            // Beside each owner or account, how many of its tasks are late (the Due tab says it already).
            let late = if *late > 0 && !due_tab {
                format!("{late}! ")
            } else {
                String::new()
            };
            let name = cell(
                &format!(" {label}"),
                width.saturating_sub(count.width() + late.width() + 1),
            );
            let mut style = match label.as_str() {
                "Overdue" => t.overdue(),
                "Today" => t.today(),
                _ => Style::default(),
            };
            if i == picked {
                style = style
                    .patch(t.selected(focused))
                    .add_modifier(Modifier::BOLD);
            }
            Line::from(vec![
                Span::styled(name, style),
                Span::styled(late, style.patch(t.overdue())),
                Span::styled(format!("{count} "), style.patch(t.muted())),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// The columns shown beside the description: those that are not the current grouping.
struct Columns {
    due: usize,
    owner: usize,
    account: usize,
}

fn columns(app: &App, width: usize, height: usize) -> Columns {
    // With a group picked its column would repeat one value; with "All" it tells the groups apart.
    let grouping = match app.tabs.get(app.tab) {
        Some(Tab::Group(g)) if app.picked_group().is_some() => Some(*g),
        _ => None,
    };
    // Owner and account are as wide as their longest name on screen (within limits), so short
    // names leave the room to the description and long ones are not cut while there is room.
    let rows = height.min(app.visible().len().saturating_sub(app.scroll));
    let (mut owner, mut account) = ("owner".len(), "account".len());
    for row in app.scroll..app.scroll + rows {
        if let Some(t) = app.task_at(row).and_then(|i| app.store.tasks.get(i)) {
            let w = |s: &Option<Arc<str>>| s.as_deref().map_or(0, |s| clip(s, 64).width());
            owner = owner.max(w(&t.owner));
            account = account.max(w(&t.account));
        }
    }
    let mut c = Columns {
        due: 13,
        owner: owner.min(24) + 1,
        account: account.min(28) + 1,
    };
    match grouping {
        // Grouped by due, the column stays: it says how late an overdue task is, and which date
        // (due, or ⏳ scheduled) placed a task in its group.
        Some(Grouping::Due) => {}
        Some(Grouping::Owner) => c.owner = 0,
        Some(Grouping::Account) => c.account = 0,
        None => {}
    }
    // The description keeps at least 22 columns; the side columns give way, account first, then
    // owner (narrowed, then dropped), then due: the description is the last thing to go.
    let room = |c: &Columns| width.saturating_sub(10 + c.due + c.owner + c.account);
    if room(&c) < 22 {
        c.account = 0;
    }
    if room(&c) < 22 && c.owner > 10 {
        c.owner = 10;
    }
    if room(&c) < 22 {
        c.owner = 0;
    }
    if room(&c) < 22 {
        c.due = 0;
    }
    c
}

pub fn priority_mark(p: Priority) -> &'static str {
    match p {
        Priority::Highest => "!!! ",
        Priority::High => "!!  ",
        Priority::Medium => "!   ",
        Priority::None => "    ",
        Priority::Low => "↓   ",
        Priority::Lowest => "↓↓  ",
    }
}

/// How a task's date reads in a list: its due date, else `⏳` and its scheduled date (the one that
/// placed it in its bucket); `late` shows an overdue task's delay instead of the date.
pub fn due_text(t: &Task, today: chrono::NaiveDate, late: bool) -> String {
    let Some((date, kind)) = t.bucket_date() else {
        return if t.dates.is_invalid(triage::DateKind::Due) {
            "invalid".into()
        } else {
            String::new()
        };
    };
    let mark = if kind == triage::DateKind::Scheduled {
        "⏳"
    } else {
        ""
    };
    let days = (today - date).num_days();
    if late && days > 0 && !t.status_type.is_closed() {
        let unit = if days == 1 { "day" } else { "days" };
        return format!("{mark}{days} {unit} late");
    }
    format!("{mark}{}", date.format("%Y-%m-%d"))
}

/// The status box as every list shows it: a proposed task reads `[?]` whether its status or only
/// its tag marks it (SPEC §5).
pub fn status_mark(t: &Task) -> String {
    let symbol = if t.proposed && !t.status_type.is_closed() {
        '?'
    } else {
        t.status
    };
    super::sanitize_owned(&format!("[{symbol}]"))
}

pub fn due_style(app: &App, t: &Task) -> Style {
    match t.bucket(app.today) {
        Bucket::Overdue => app.theme.overdue(),
        Bucket::Today => app.theme.today(),
        _ => Style::default(),
    }
}

pub fn status_style(app: &App, t: &Task) -> Style {
    if t.proposed {
        app.theme.proposed()
    } else {
        match t.status_type {
            StatusType::Done => app.theme.done(),
            StatusType::Cancelled => app.theme.muted(),
            StatusType::InProgress => app.theme.accent(),
            StatusType::OnHold => app.theme.muted(),
            StatusType::Todo => Style::default(),
        }
    }
}

pub fn tasks(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let width = r.width as usize;
    let cols = columns(app, width, r.height.saturating_sub(1) as usize);
    let desc_w = width.saturating_sub(9 + cols.due + cols.owner + cols.account + 1);
    let visible = app.visible();
    let mut title = match app.picked_group() {
        Some(g) => format!("{} · {}", super::ui::shown(&g.label), g.len),
        None => format!("{} tasks", visible.len()),
    };
    // A saved view says what it asks for.
    if let Some(Tab::View { text, .. }) = app.tabs.get(app.tab) {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        title.push_str(&format!(" · {}", super::ui::shown(&lines.join("; "))));
    }
    let mut head = format!(" {}", cell(&title, 8 + desc_w));
    if cols.due > 0 {
        head.push_str(&gap_cell("due", cols.due));
    }
    if cols.owner > 0 {
        head.push_str(&gap_cell("owner", cols.owner));
    }
    if cols.account > 0 {
        head.push_str(&gap_cell("account", cols.account));
    }
    let mut lines = vec![Line::styled(
        fit(&head, width).into_owned(),
        t.muted().add_modifier(Modifier::BOLD),
    )];
    let late = app.picked_group().is_some_and(|g| &*g.label == "Overdue");
    let words = app.filter.words().unwrap_or_default();
    let rows = r.height.saturating_sub(1) as usize;
    if visible.is_empty() {
        lines.push(Line::styled(empty_message(app), t.muted()));
    }
    for row in app.scroll..(app.scroll + rows).min(visible.len()) {
        let Some(task) = app.task_at(row).and_then(|i| app.store.tasks.get(i)) else {
            continue;
        };
        let selected = row == app.cursor;
        let mark = if app.is_marked(task) { "▶" } else { " " };
        let closed = task.status_type.is_closed();
        let desc_style = if closed {
            t.muted().add_modifier(Modifier::CROSSED_OUT)
        } else {
            Style::default()
        };
        let mut spans = vec![
            Span::styled(mark, t.accent()),
            Span::styled(status_mark(task), status_style(app, task)),
            Span::raw(" "),
            Span::styled(priority_mark(task.priority), t.overdue()),
        ];
        let desc = cell(&super::ui::shown(task.description()), desc_w);
        spans.extend(highlighted(desc, words, desc_style, t.accent()));
        spans.push(Span::raw(" "));
        if cols.due > 0 {
            spans.push(Span::styled(
                gap_cell(&due_text(task, app.today, late), cols.due),
                due_style(app, task),
            ));
        }
        if cols.owner > 0 {
            let owner = task
                .owner
                .as_deref()
                .map(super::ui::shown)
                .unwrap_or_default();
            spans.push(Span::raw(gap_cell(&owner, cols.owner)));
        }
        if cols.account > 0 {
            let account = task
                .account
                .as_deref()
                .map(super::ui::shown)
                .unwrap_or_default();
            spans.push(Span::styled(gap_cell(&account, cols.account), t.muted()));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.patch_style(t.selected(app.focus == Focus::Tasks));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), r);
}

/// `text` split into spans with every case-insensitive match of a filter word in `hit` style
/// (bold, underlined), so the eye finds why a row matched. Only the rows on screen pay for it.
fn highlighted(text: String, words: &[String], base: Style, hit: Style) -> Vec<Span<'static>> {
    let lower = text.to_lowercase();
    // Offsets line up only when lower-casing kept every byte length (true for ASCII and most text).
    if words.is_empty() || lower.len() != text.len() {
        return vec![Span::styled(text, base)];
    }
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut from = 0;
        while let Some(i) = lower[from..].find(w.as_str()) {
            let start = from + i;
            marks.push((start, start + w.len()));
            from = start + w.len();
        }
    }
    if marks.is_empty() {
        return vec![Span::styled(text, base)];
    }
    marks.sort_unstable();
    let hit = base
        .patch(hit)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in marks {
        let start = start.max(at);
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            out.push(Span::styled(text[at..start].to_string(), base));
        }
        out.push(Span::styled(text[start..end].to_string(), hit));
        at = end;
    }
    out.push(Span::styled(text[at..].to_string(), base));
    out
}

/// A column cell with one space before the next column.
fn gap_cell(s: &str, width: usize) -> String {
    let mut c = cell(s, width.saturating_sub(1));
    c.push(' ');
    c
}

fn empty_message(app: &App) -> String {
    if let Some(e) = app.view_error() {
        return format!(" this view's query has an error: {e}");
    }
    if matches!(app.progress, super::app::Progress::Indexing { .. }) && app.store.tasks.is_empty() {
        return " reading the vault…".into();
    }
    if !app.filter_input.is_empty() {
        return " no task matches the filter (esc clears it)".into();
    }
    if app.store.tasks.is_empty() {
        return " no tasks found in this vault (task lines look like `- [ ] Call Dana 📅 2026-11-24`)".into();
    }
    " nothing open here".into()
}
