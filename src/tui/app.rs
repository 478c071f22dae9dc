//! The UI state: tabs, filter, selection, marks, the component stack, status line, and the effects waiting to run.
//! Plain data plus the bookkeeping that keeps the selection on the same task; no terminal, no I/O.

use super::component::Component;
use super::context::NoteContext;
use super::filter::Parsed;
use super::keymap::Keymap;
use super::layout::Areas;
use super::listing::{GroupRow, Listing, Show, view_ordering};
use super::prompt::Prompt;
use super::review::Review;
use super::store::{Grouping, Ordering, Store};
use super::theme::Theme;
use super::view_names::ViewNames;
use super::worker::{Effect, Target, TargetOf};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use triage::Config;
use triage::edit::message::{Message, Tone};
use triage::query::{Query, QueryError};
use triage::task::Task;
use triage::vault::Index;

/// One tab: a built-in grouping or a saved view.
// A handful of tabs live at once: boxing the view would only add an indirection.
#[allow(clippy::large_enum_variant)]
pub enum Tab {
    Group(Grouping),
    View {
        /// The view's name (`triage list --view NAME`).
        name: String,
        /// What its tab says: the name, or the heading above its block when its note has several.
        label: String,
        /// The query as written, shown above the task list.
        text: Box<str>,
        query: Result<Box<Query>, QueryError>,
        ordering: Option<(u64, Ordering)>,
    },
}

impl Tab {
    pub fn title(&self) -> &str {
        match self {
            Tab::Group(g) => g.label(),
            Tab::View { name, .. } => name,
        }
    }

    /// What the tab shows.
    pub fn label(&self) -> &str {
        match self {
            Tab::Group(g) => g.label(),
            Tab::View { label, .. } => label,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Groups,
    Tasks,
}

/// Indexing state shown in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Indexing { notes: usize, total: Option<usize> },
    Ready,
}

/// The status line's message; it stays until the next key. `tone` is `None` for plain news.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Option<Tone>,
}

impl Status {
    pub fn of(m: &Message) -> Status {
        Status {
            text: m.text(),
            tone: Some(m.tone),
        }
    }

    #[cfg(test)]
    pub fn is_refusal(&self) -> bool {
        self.tone == Some(Tone::Refused)
    }
}

/// The key that keeps a selection on "the same task" across reloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskKey {
    pub path: Arc<str>,
    pub line: u32,
    pub text: Box<str>,
}

impl TaskKey {
    pub fn of(t: &Task) -> TaskKey {
        TaskKey {
            path: t.note.path.clone(),
            line: t.line,
            text: t.text().into(),
        }
    }
}

pub struct App {
    pub root: PathBuf,
    pub vault_name: String,
    pub cfg: Arc<Config>,
    pub today: NaiveDate,
    pub keymap: Keymap,
    pub theme: Theme,
    pub store: Store,
    /// The UI's own index, kept current with the live vault's updates.
    pub index: Index,
    pub progress: Progress,
    pub tabs: Vec<Tab>,
    pub tab: usize,
    pub show: Show,
    pub filter_input: String,
    pub filter: Parsed,
    pub filter_editing: bool,
    pub listing: Listing,
    /// The picked group's label; `None` shows every group.
    pub group: Option<Arc<str>>,
    pub focus: Focus,
    pub cursor: usize,
    pub scroll: usize,
    pub marks: HashSet<(Arc<str>, u32)>,
    /// `None`: shown when there is room.
    pub detail_open: Option<bool>,
    pub context: Option<NoteContext>,
    /// Headings above the ```tasks blocks of notes that have several (their tabs' names).
    pub view_names: ViewNames,
    /// Popups and modes over the main screen, bottom first; the top one gets keys first.
    pub stack: Vec<Box<dyn Component>>,
    pub status: Option<Status>,
    /// Every message since the start, oldest first, with the time it came (the message log).
    pub log: Vec<(chrono::NaiveTime, Status)>,
    /// The wall clock for the log's times (tests pin it).
    pub clock: fn() -> chrono::NaiveTime,
    pub size: Rect,
    pub effects: Vec<Effect>,
    /// Edits sent to the worker and not answered yet.
    pub busy: usize,
    /// How many edits each action of this session made, oldest first: one `u` undoes one action,
    /// however many tasks it changed.
    pub undo_sizes: Vec<usize>,
    pub quit: bool,
}

impl App {
    pub fn new(
        root: PathBuf,
        cfg: Arc<Config>,
        today: NaiveDate,
        keymap: Keymap,
        theme: Theme,
    ) -> App {
        let vault_name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| root.display().to_string());
        let me = cfg.me.first().cloned();
        let mut app = App {
            root,
            vault_name,
            cfg,
            today,
            keymap,
            theme,
            store: Store::new(me, today),
            index: Index::default(),
            progress: Progress::Indexing {
                notes: 0,
                total: None,
            },
            tabs: Vec::new(),
            tab: 0,
            show: Show::All,
            filter_input: String::new(),
            filter: Parsed::Empty,
            filter_editing: false,
            listing: Listing::default(),
            group: None,
            focus: Focus::Tasks,
            cursor: 0,
            scroll: 0,
            marks: HashSet::new(),
            undo_sizes: Vec::new(),
            detail_open: None,
            context: None,
            view_names: ViewNames::default(),
            stack: Vec::new(),
            status: None,
            log: Vec::new(),
            clock: || chrono::Local::now().time(),
            size: Rect::new(0, 0, 120, 35),
            effects: Vec::new(),
            busy: 0,
            quit: false,
        };
        app.rebuild_tabs();
        app.refresh();
        app
    }

    /// Rebuilds the tab list after the views may have changed, staying on the same tab by title.
    pub fn rebuild_tabs(&mut self) {
        let current = self.tabs.get(self.tab).map(|t| t.title().to_string());
        let mut tabs: Vec<Tab> = Grouping::ALL.iter().map(|g| Tab::Group(*g)).collect();
        let mut seen: HashSet<String> = tabs.iter().map(|t| t.title().to_lowercase()).collect();
        // Config views first: a config view wins over a note block of the same name.
        let mut views = triage::query::views::collect(&self.index, &self.cfg);
        views.sort_by_key(|v| v.source != triage::query::views::ViewSource::Config);
        let mut blocks: HashMap<&str, usize> = HashMap::new();
        for v in &views {
            if let Some(p) = &v.path {
                *blocks.entry(p.as_str()).or_default() += 1;
            }
        }
        let mut labels = Vec::new();
        for v in &views {
            let heading = match (&v.path, v.line) {
                (Some(p), Some(line)) if blocks[p.as_str()] > 1 => {
                    self.view_names.heading(&self.root, p, line)
                }
                _ => None,
            };
            labels.push(heading.unwrap_or_else(|| v.name.clone()));
        }
        for (v, label) in views.into_iter().zip(labels) {
            if seen.insert(v.name.to_lowercase()) {
                let text = v.query.clone();
                let query = v.parse(&self.cfg, &self.root).map(Box::new);
                tabs.push(Tab::View {
                    label,
                    name: v.name,
                    text: text.into(),
                    query,
                    ordering: None,
                });
            }
        }
        self.tabs = tabs;
        self.tab = current
            .and_then(|c| self.tabs.iter().position(|t| t.title() == c))
            .unwrap_or(0);
    }

    /// The ordering of the current tab (computing a view's on first use after a change).
    fn ensure_ordering(&mut self) {
        let generation = self.store.generation;
        if let Some(Tab::View {
            query: Ok(q),
            ordering,
            ..
        }) = self.tabs.get_mut(self.tab)
            && ordering.as_ref().is_none_or(|(g, _)| *g != generation)
        {
            *ordering = Some((generation, view_ordering(&self.store, q, self.today)));
        }
    }

    pub fn ordering(&self) -> &Ordering {
        static EMPTY: std::sync::OnceLock<Ordering> = std::sync::OnceLock::new();
        match self.tabs.get(self.tab) {
            Some(Tab::Group(g)) => self.store.ordering_of(*g),
            Some(Tab::View {
                ordering: Some((_, o)),
                ..
            }) => o,
            _ => EMPTY.get_or_init(Ordering::default),
        }
    }

    /// The error of the current view's query, if it has one.
    pub fn view_error(&self) -> Option<&QueryError> {
        match self.tabs.get(self.tab) {
            Some(Tab::View { query: Err(e), .. }) => Some(e),
            _ => None,
        }
    }

    /// Recomputes the list (after any change to data, tab, filter or switch), keeping the selection.
    pub fn refresh(&mut self) -> bool {
        let keep = self.selected_task().map(TaskKey::of);
        self.refresh_keeping(keep)
    }

    /// Like `refresh`, with the selection taken before the data changed.
    pub fn refresh_keeping(&mut self, keep: Option<TaskKey>) -> bool {
        self.ensure_ordering();
        let empty = Ordering::default();
        let ordering = match self.tabs.get(self.tab) {
            Some(Tab::Group(g)) => self.store.ordering_of(*g),
            Some(Tab::View {
                ordering: Some((_, o)),
                ..
            }) => o,
            _ => &empty,
        };
        let mut listing = std::mem::take(&mut self.listing);
        listing.update(
            &self.store,
            ordering,
            self.tab,
            self.show,
            &self.filter,
            &self.filter_input,
            self.today,
        );
        self.listing = listing;
        // Grouped by due date, Today is always there, empty or not: an empty Today is news too.
        if matches!(self.tabs.get(self.tab), Some(Tab::Group(Grouping::Due))) {
            self.listing.ensure_group("Today", &["Overdue"]);
        }
        // The picked group stays picked while a filter is typed: when the filter hides it the
        // pane shows every group (see `picked_group`), and it comes back once the filter matches it.
        let kept = keep.is_some_and(|key| self.select_key(&key));
        self.clamp();
        self.sync_context();
        kept
    }

    /// Puts the cursor on the task with this key (same path and line, else same path and text).
    pub fn select_key(&mut self, key: &TaskKey) -> bool {
        let Some(idx) = self.store.find(&key.path, key.line, &key.text) else {
            return false;
        };
        let order = &self.ordering().order;
        if let Some(pos) = self
            .visible()
            .iter()
            .position(|&p| order[p as usize] as usize == idx)
        {
            self.cursor = pos;
            return true;
        }
        false
    }

    /// The picked group's row, if one is picked and present.
    pub fn picked_group(&self) -> Option<&GroupRow> {
        let g = self.group.as_ref()?;
        self.listing.groups.iter().find(|r| &r.label == g)
    }

    /// The rows the task pane shows: the listing, or the picked group's part of it.
    pub fn visible(&self) -> &[u32] {
        match self.picked_group() {
            Some(r) => &self.listing.rows[r.start..r.start + r.len],
            None => &self.listing.rows,
        }
    }

    /// Task index of a visible row.
    pub fn task_at(&self, row: usize) -> Option<usize> {
        let pos = *self.visible().get(row)?;
        self.ordering().order.get(pos as usize).map(|&i| i as usize)
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.task_at(self.cursor)
    }

    pub fn selected_task(&self) -> Option<&Task> {
        self.selected_index().and_then(|i| self.store.tasks.get(i))
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.size, self)
    }

    /// Keeps the cursor in range and on screen.
    pub fn clamp(&mut self) {
        let n = self.visible().len();
        self.cursor = self.cursor.min(n.saturating_sub(1));
        let height = self.areas().task_rows();
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if height > 0 && self.cursor >= self.scroll + height {
            self.scroll = self.cursor + 1 - height;
        }
        self.scroll = self.scroll.min(n.saturating_sub(height.max(1)));
    }

    /// Reads the selected task's note when the selection moved to another note (or the note changed).
    pub fn sync_context(&mut self) {
        let review = self.find::<Review>();
        let path = match review {
            Some(r) => r.current().map(|k| k.path.clone()),
            None => self.selected_task().map(|t| t.note.path.clone()),
        };
        let wanted = review.is_some() || self.areas().detail.is_some();
        if let Some(p) = path
            && wanted
            && self.context.as_ref().is_none_or(|c| c.path != p)
        {
            self.context = Some(NoteContext::read(&self.root, p));
        }
    }

    /// Forces the next `sync_context` to re-read (the note changed on disk).
    pub fn forget_context(&mut self, path: &str) {
        if self.context.as_ref().is_some_and(|c| &*c.path == path) {
            self.context = None;
        }
    }

    /// The open due-date prompt, on the main screen or in review.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.find::<Prompt>()
    }

    /// Plain news for the status line.
    pub fn say(&mut self, text: impl Into<String>) {
        self.show(Status {
            text: text.into(),
            tone: None,
        });
    }

    /// A refusal: `✗` and the reason.
    pub fn complain(&mut self, text: impl Into<String>) {
        let text = text.into();
        let text = if text.starts_with(Tone::Refused.symbol()) {
            text
        } else {
            format!("{} {text}", Tone::Refused.symbol())
        };
        self.show(Status {
            text,
            tone: Some(Tone::Refused),
        });
    }

    /// Something that worked, with a caveat: `⚠` and the news.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.show(Status {
            text: format!("{} {}", Tone::Warning.symbol(), text.into()),
            tone: Some(Tone::Warning),
        });
    }

    /// An edit's outcome, as the command line prints it too.
    pub fn tell(&mut self, m: &Message) {
        self.show(Status::of(m));
    }

    fn show(&mut self, s: Status) {
        self.log.push(((self.clock)(), s.clone()));
        self.status = Some(s);
    }

    /// The tasks an action applies to: every marked task if any are marked, else the selected one.
    pub fn targets(&self) -> Vec<Target> {
        if self.marks.is_empty() {
            return self.selected_task().map(Target::of).into_iter().collect();
        }
        self.store
            .live_tasks()
            .map(|(_, t)| t)
            .filter(|t| self.marks.contains(&(t.note.path.clone(), t.line)))
            .map(Target::of)
            .collect()
    }

    pub fn is_marked(&self, t: &Task) -> bool {
        !self.marks.is_empty() && self.marks.contains(&(t.note.path.clone(), t.line))
    }
}
