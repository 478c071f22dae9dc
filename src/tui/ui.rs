//! Drawing the whole screen from `&App`: header, tabs, panes, filter bar, status line, overlays.
//! Takes `&App` only and does no I/O; every note string is sanitised before it reaches a cell.

use super::app::{App, Focus, Progress, Tab};
use super::keymap::Action;
use super::layout::Areas;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(app: &App, f: &mut Frame) {
    let areas = Areas::new(f.area(), app);
    header(app, f, areas.header);
    // A component that takes the body (review) draws it below.
    if areas.review.is_none() {
        tabs(app, f, areas.tabs);
        if let Some(r) = areas.groups {
            super::panes::groups(app, f, r);
        }
        if let Some(r) = areas.tasks {
            super::panes::tasks(app, f, r);
        }
        if let Some(r) = areas.detail {
            super::detail::draw(app, f, r);
        }
    }
    if let Some(r) = areas.bar
        && app.prompt().is_none()
    {
        filter_bar(app, f, r);
    }
    status(app, f, areas.status);
    for c in &app.stack {
        c.draw(app, f, &areas);
    }
}

/// The most characters of one note string that any pane draws; longer text is cut before it is
/// sanitised, measured or wrapped, so a 5 MB line costs no more to draw than a short one.
pub const SHOWN_CHARS: usize = 4096;

/// The first `max` characters of `s` (all of it when shorter), found in O(`max`).
pub fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

/// Note text ready for a cell: cut to [`SHOWN_CHARS`] first, then sanitised.
pub fn shown(s: &str) -> String {
    super::sanitize_owned(clip(s, SHOWN_CHARS))
}

/// Draws a large bordered popup titled `title` over the screen and returns the area inside it.
pub fn popup_frame(app: &App, f: &mut Frame, title: String) -> Rect {
    let r = super::layout::popup(f.area());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.accent())
        .title(Span::styled(title, app.theme.title()));
    let inner = block.inner(r);
    f.render_widget(Clear, r);
    f.render_widget(block, r);
    inner
}

/// Cuts `s` to `width` columns, marking a cut with `…`; reads only the characters that fit.
pub fn fit(s: &str, width: usize) -> Cow<'_, str> {
    let mut w = 0;
    // Where the text ends if it has to be cut: one column is kept for the `…`.
    let mut cut = 0;
    for (at, c) in s.char_indices() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            if width == 0 {
                return Cow::Borrowed("");
            }
            let mut out = s[..cut].to_string();
            out.push('…');
            return Cow::Owned(out);
        }
        w += cw;
        if w < width {
            cut = at + c.len_utf8();
        }
    }
    Cow::Borrowed(s)
}

/// Breaks `s` into at most `rows` lines of at most `width` columns, at spaces where it can.
/// Linear in the text shown: `s` is first cut to what `rows` lines could hold.
pub fn wrap(s: &str, width: usize, rows: usize) -> Vec<String> {
    let width = width.max(8);
    let rows = rows.max(1);
    let s = clip(s, rows.saturating_mul(width).saturating_add(width));
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for word in s.split(' ') {
        if out.len() >= rows {
            break;
        }
        if !line.is_empty() && w + 1 + word.width() > width {
            out.push(std::mem::take(&mut line));
            w = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            w += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
                w = 0;
            }
            line.push(c);
            w += cw;
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out.truncate(rows);
    out
}

/// `s` cut or padded to exactly `width` columns.
pub fn cell(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let pad = width.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

fn header(app: &App, f: &mut Frame, r: Rect) {
    let width = r.width as usize;
    // From the fullest header to the most compact, the first that fits is drawn.
    for compact in [false, true] {
        let (left, date) = header_spans(app, compact);
        let used: usize =
            left.iter().map(|s| s.content.width()).sum::<usize>() + date.content.width();
        if used <= width || compact {
            let mut spans = left;
            spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
            spans.push(date);
            f.render_widget(Paragraph::new(Line::from(spans)), r);
            return;
        }
    }
}

fn header_spans(app: &App, compact: bool) -> (Vec<Span<'static>>, Span<'static>) {
    let t = &app.theme;
    let c = &app.store.counts;
    let dot = if compact { " " } else { " · " };
    let mut left = Vec::new();
    if !compact {
        left.push(Span::styled(" triage ", t.title()));
    }
    left.extend([
        Span::styled(
            format!(" {} ", super::sanitize_owned(&app.vault_name)),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::raw(format!("{} open", c.open)),
        Span::styled(dot, t.muted()),
        Span::styled(
            format!("{} overdue", c.overdue),
            if c.overdue > 0 {
                t.overdue()
            } else {
                t.muted()
            },
        ),
        Span::styled(dot, t.muted()),
        Span::styled(
            format!(
                "{} {}",
                c.proposed,
                if compact { "prop." } else { "proposed" }
            ),
            if c.proposed > 0 {
                t.proposed()
            } else {
                t.muted()
            },
        ),
    ]);
    if let Progress::Indexing { notes, total } = app.progress {
        let text = match total {
            Some(total) if total > 0 => {
                format!("  indexing {notes}/{total} ({}%)", notes * 100 / total)
            }
            _ => format!("  indexing… {notes} notes"),
        };
        left.push(Span::styled(text, t.today()));
    }
    if app.busy > 0 {
        left.push(Span::styled("  saving…", t.today()));
    }
    let date = app
        .today
        .format(if compact { " %m-%d " } else { " %a %Y-%m-%d " })
        .to_string();
    (left, Span::styled(date, t.accent()))
}

/// The x ranges of the tabs that fit, as (tab index, start, end), keeping the current tab visible.
pub fn tab_ranges(app: &App, width: u16) -> Vec<(usize, u16, u16)> {
    // One column stays free for the mark of tabs cut off on the right.
    let width = width.saturating_sub(1);
    let widths: Vec<u16> = app
        .tabs
        .iter()
        .map(|t| tab_label(t).width() as u16 + 2)
        .collect();
    let mut first = 0;
    while first < app.tab && widths[first..=app.tab].iter().sum::<u16>() + 1 > width {
        first += 1;
    }
    let mut out = Vec::new();
    let mut x = 1u16;
    for (i, w) in widths.iter().enumerate().skip(first) {
        if x + w > width {
            break;
        }
        out.push((i, x, x + w));
        x += w;
    }
    out
}

fn tab_label(t: &Tab) -> String {
    match t {
        Tab::Group(_) => t.label().to_string(),
        Tab::View { query: Err(_), .. } => format!("{} ⚠", super::sanitize_owned(t.label())),
        Tab::View { .. } => super::sanitize_owned(t.label()),
    }
}

fn tabs(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let ranges = tab_ranges(app, r.width.saturating_sub(20));
    // Tabs cut off on either side are marked, so the user knows tab/shift-tab reach more.
    let first = ranges.first().map_or(0, |x| x.0);
    let last = ranges.last().map_or(0, |x| x.0);
    let mut spans = vec![Span::styled(if first > 0 { "‹" } else { " " }, t.accent())];
    let mut used = 1usize;
    for (i, start, end) in ranges {
        let label = format!(" {} ", tab_label(&app.tabs[i]));
        let style = if i == app.tab {
            t.title().add_modifier(Modifier::REVERSED)
        } else if matches!(app.tabs[i], Tab::View { .. }) {
            t.muted()
        } else {
            Style::default()
        };
        used += (end - start) as usize;
        spans.push(Span::styled(label, style));
    }
    if last + 1 < app.tabs.len() {
        spans.push(Span::styled("›", t.accent()));
        used += 1;
    }
    let mut right = String::new();
    if !app.marks.is_empty() {
        right.push_str(&format!("{} marked  ", app.marks.len()));
    }
    right.push_str(&format!("show: {} ", app.show.label()));
    let room = (r.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(room)));
    spans.push(Span::styled(right, t.muted()));
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn filter_bar(app: &App, f: &mut Frame, r: Rect) {
    // The count is the task pane's: the picked group's part when one is picked.
    let n = app.visible().len();
    let scope = app
        .picked_group()
        .map(|g| format!(" in {}", shown(&g.label)))
        .unwrap_or_default();
    let note = match &app.filter {
        super::filter::Parsed::Query(_) => format!("query · {n} tasks{scope}"),
        _ => format!("{n} tasks{scope}"),
    };
    let error = app
        .filter
        .error()
        .map(|e| format!("query {e} — matching as text"));
    // A query error too long for the bar is shown whole on the status line below it.
    let error = match long_filter_error(app, r.width as usize) {
        Some(_) => Some("query error (below) — matching as text".to_string()),
        None => error,
    };
    // A query line that only looks Boolean gets a hint; it still runs as written.
    let hint = match &app.filter {
        super::filter::Parsed::Query(_) => super::filter::boolean_hint(&app.filter_input),
        _ => None,
    };
    let note = match hint {
        Some(h) => Span::styled(format!("{h} · {note}"), app.theme.today()),
        None => Span::styled(note, app.theme.muted()),
    };
    input_bar(
        app,
        f,
        r,
        " / ",
        &app.filter_input,
        note,
        error,
        app.filter_editing,
    );
}

/// One input line: a prefix, the input (with the cursor when `editing`), and a note (in its own
/// style) or an error at the right.
#[allow(clippy::too_many_arguments)]
pub fn input_bar(
    app: &App,
    f: &mut Frame,
    r: Rect,
    prefix: &str,
    input: &str,
    note: Span<'static>,
    error: Option<String>,
    editing: bool,
) {
    let t = &app.theme;
    let input = super::sanitize_owned(input);
    let mut spans = vec![
        Span::styled(prefix.to_string(), t.title()),
        Span::raw(input.clone()),
    ];
    let used = prefix.width() + input.width() + usize::from(editing);
    if editing {
        f.set_cursor_position((r.x + used.min(r.width as usize) as u16 - 1, r.y));
        spans.push(Span::raw(" "));
    }
    let (msg, style) = match error {
        Some(e) => (e, t.error()),
        None => (note.content.into_owned(), note.style),
    };
    let room = (r.width as usize).saturating_sub(used + 2);
    let msg = fit(&msg, room).into_owned();
    spans.push(Span::raw(" ".repeat(room.saturating_sub(msg.width()) + 1)));
    spans.push(Span::styled(msg, style));
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

/// The filter's query error when it is too long for the filter bar (it then takes the status line).
fn long_filter_error(app: &App, width: usize) -> Option<String> {
    let shown = app.filter_editing || !app.filter_input.is_empty();
    if !shown || app.prompt().is_some() || app.find::<super::review::Review>().is_some() {
        return None;
    }
    let e = format!("query {}", app.filter.error()?);
    // The same room as `bar` leaves: " / ", the input, the cursor and two spaces.
    let used = 3 + shown_width(&app.filter_input) + usize::from(app.filter_editing) + 2;
    let in_bar = e.width() + " — matching as text".width();
    (in_bar > width.saturating_sub(used)).then_some(e)
}

fn shown_width(s: &str) -> usize {
    super::sanitize_owned(s).width()
}

fn status(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let width = r.width as usize;
    let long_error = long_filter_error(app, width);
    let line = match &app.status {
        None if long_error.is_some() => {
            let e = long_error.unwrap_or_default();
            Line::styled(fit(&shown(&e), width).into_owned(), t.error())
        }
        Some(s) => {
            let text = fit(&shown(&s.text), r.width as usize).into_owned();
            Line::from(Span::styled(text, t.tone(s.tone)))
        }
        None => hints(app, r.width as usize),
    };
    f.render_widget(Paragraph::new(line), r);
}

/// The key hints for the current mode, from the keymap, as many as fit.
fn hints(app: &App, width: usize) -> Line<'static> {
    let t = &app.theme;
    let k = |a: Action| app.keymap.hint(a);
    let pairs: Vec<(String, &str)> = match app.stack.last() {
        Some(top) => top.hints(app),
        None if app.filter_editing => {
            vec![
                ("enter".into(), "keep filter"),
                ("esc".into(), "clear"),
                ("↑↓".into(), "move"),
            ]
        }
        None if app.focus == Focus::Groups && app.areas().tasks.is_none() => vec![
            ("j/k".into(), "pick a group"),
            (k(Action::FocusTasks), "tasks"),
            ("enter".into(), "tasks"),
            (k(Action::Quit), "quit"),
        ],
        None => vec![
            (k(Action::Help), "help"),
            (k(Action::Filter), "filter"),
            (k(Action::ToggleDone), "done"),
            (k(Action::Accept), "accept"),
            (k(Action::Reject), "reject"),
            (k(Action::SetDue), "due"),
            (k(Action::Review), "review"),
            (k(Action::NextTab), "tabs"),
            (k(Action::FocusGroups), "groups"),
            (k(Action::Undo), "undo"),
            (k(Action::Quit), "quit"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in pairs {
        let w = key.width() + what.width() + 3;
        if used + w > width {
            break;
        }
        used += w;
        spans.push(Span::styled(key, t.accent().add_modifier(Modifier::BOLD)));
        spans.push(Span::styled(format!(" {what}  "), t.muted()));
    }
    Line::from(spans)
}
