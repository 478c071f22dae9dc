//! Where each pane goes for a given terminal size: one pure function, shared by drawing, scrolling
//! and mouse hit-testing so they always agree. Panes collapse in order as the terminal shrinks.

use super::app::{App, Focus};
use super::review::Review;
use ratatui::layout::Rect;

/// Below this width the groups pane is folded away (the picked group still narrows the list);
/// focusing it (`h`) shows it in place of the task pane.
const GROUPS_FROM_WIDTH: u16 = 80;
/// Below this body height the detail pane is not shown unless asked for.
const AUTO_DETAIL_FROM: u16 = 20;
/// Below this body height an opened detail pane gets all but a few task rows.
const SPLIT_DETAIL_FROM: u16 = 14;
/// The task pane's height (its header and four rows) above a detail pane on a short terminal.
const TASK_ROWS_WHEN_SHORT: u16 = 5;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub groups: Option<Rect>,
    pub tasks: Option<Rect>,
    pub detail: Option<Rect>,
    /// The filter bar or the due-date prompt.
    pub bar: Option<Rect>,
    pub status: Rect,
    /// Review mode's whole body.
    pub review: Option<Rect>,
}

impl Areas {
    pub fn new(size: Rect, app: &App) -> Areas {
        let mut a = Areas::default();
        let w = size.width;
        let mut top = size.y;
        let mut bottom = size.y + size.height;
        if size.height < 4 {
            a.status = Rect::new(size.x, size.y, w, size.height.min(1));
            return a;
        }
        a.header = Rect::new(size.x, top, w, 1);
        top += 1;
        bottom -= 1;
        a.status = Rect::new(size.x, bottom, w, 1);
        let prompt = app.prompt().is_some();
        let in_review = app.find::<Review>().is_some();
        if prompt || (!in_review && (app.filter_editing || !app.filter_input.is_empty())) {
            bottom -= 1;
            a.bar = Some(Rect::new(size.x, bottom, w, 1));
        }
        if in_review {
            a.review = Some(Rect::new(size.x, top, w, bottom.saturating_sub(top)));
            return a;
        }
        a.tabs = Rect::new(size.x, top, w, 1);
        top += 1;
        let body = Rect::new(size.x, top, w, bottom.saturating_sub(top));
        let mut right = body;
        if w >= GROUPS_FROM_WIDTH {
            // Sized to its widest row (name, late count, count, the spaces between and the
            // border), within limits that leave the task list most of the width.
            let want = app.listing.groups_width as u16 + 6;
            let gw = want.clamp(16, (w / 3).min(40));
            a.groups = Some(Rect::new(body.x, body.y, gw, body.height));
            right = Rect::new(body.x + gw, body.y, w - gw, body.height);
        } else if app.focus == Focus::Groups {
            a.groups = Some(body);
            return a;
        }
        let detail = app.detail_open.unwrap_or(body.height >= AUTO_DETAIL_FROM);
        if !detail || right.height < 3 {
            a.tasks = Some(right);
        } else if right.height < SPLIT_DETAIL_FROM {
            // Short: the task list keeps a header and a few rows above the detail pane.
            let th = TASK_ROWS_WHEN_SHORT.min(right.height);
            a.tasks = Some(Rect::new(right.x, right.y, right.width, th));
            if right.height - th >= 3 {
                a.detail = Some(Rect::new(
                    right.x,
                    right.y + th,
                    right.width,
                    right.height - th,
                ));
            }
        } else {
            let dh = (right.height * 2 / 5).max(8);
            let th = right.height - dh;
            a.tasks = Some(Rect::new(right.x, right.y, right.width, th));
            a.detail = Some(Rect::new(right.x, right.y + th, right.width, dh));
        }
        a
    }

    /// How many task rows fit (the task pane's first line is the column header).
    pub fn task_rows(&self) -> usize {
        self.tasks
            .map_or(0, |r| r.height.saturating_sub(1) as usize)
    }

    /// Whether the detail pane would be shown right now.
    pub fn detail_shown(&self) -> bool {
        self.detail.is_some()
    }
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
