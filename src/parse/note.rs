//! A whole note → its metadata, tasks, findings and ```tasks blocks (SPEC §1–§3).
//! One forward pass over the bytes; a broken part (YAML, bytes, fields) becomes a finding, never a lost task.

use super::blocks::{Blocks, Kind};
use super::describe::lossy;
use super::findings::Collector;
use super::frontmatter;
use super::indent::ListContext;
use super::line::{FieldKind, TaskLine, is_task, parse_line_into, task_head};
use super::mojibake;
use super::note_meta::{account_in_prose, account_tag, note_meta, read_frontmatter};
use crate::config::{Config, StatusInfo};
use crate::task::{NoteMeta, ParsedNote, Priority, Task, TaskExtras, TaskText, TasksBlock};
use std::borrow::Cow;
use std::sync::Arc;

/// Parses one note. `path` is vault-relative and `/` separated.
pub fn parse_note(path: Arc<str>, bytes: &[u8], cfg: &Config) -> ParsedNote {
    parse_note_with(path, bytes, cfg, &mut NameCache::default())
}

/// Owner, account and tag names already made into `Arc`s, to share across the notes of a scan:
/// a vault names the same few people and tags in thousands of notes (12% less memory at 100k
/// notes). Use one cache with one [`Config`] only: names are stored after the config's aliases.
/// It also keeps the parser's working buffers, so a scan thread allocates them once.
#[derive(Default)]
pub struct NameCache {
    names: Names,
    scratch: Scratch,
}

/// Working memory of one note's parse, emptied after each note.
#[derive(Default)]
struct Scratch {
    /// The task line being read.
    line: Option<TaskLine>,
    /// Tasks built before the note's metadata is known (it needs the whole note).
    tasks: Vec<Task>,
    description: String,
    /// What the tasks point at until the note's metadata is known.
    pending: Arc<NoteMeta>,
}

/// [`parse_note`], sharing names with the other notes parsed with the same `names`.
pub fn parse_note_with(
    path: Arc<str>,
    bytes: &[u8],
    cfg: &Config,
    cache: &mut NameCache,
) -> ParsedNote {
    let NameCache { names, scratch } = cache;
    let mut out = Collector {
        path: path.clone(),
        findings: Vec::new(),
    };
    // Found once, for the YAML and for the line iterator.
    let fm_block = frontmatter::block(bytes);
    let fm = read_frontmatter(bytes, fm_block.as_ref(), &mut out);
    let mut blocks = Blocks::with_frontmatter(bytes, fm_block.map(|b| b.close_line));
    let mut first_h1: Option<String> = None;
    // An inline `#account/…` tag in the note's prose also names the note's account (§3).
    let mut body_account: Option<String> = None;
    let mut heading: Option<Arc<str>> = None;
    let mut views = Vec::new();
    let mut query: Option<(u32, Vec<u8>)> = None;
    // How many `>` stand before the open ```tasks fence (a block inside a callout).
    let mut quote_depth = 0;
    let mut lists = ListContext::default();
    let mut task_line = scratch.line.take().unwrap_or_default();
    let mut tasks = Builder {
        cfg,
        names,
        scratch,
    };
    while let Some(l) = blocks.next_line() {
        let line = &bytes[l.content.clone()];
        if !l.in_code && !line.is_ascii() {
            out.mojibake(l.number, line);
        }
        match l.kind {
            Kind::FenceOpen { .. } if !open_fence(&mut blocks, &mut lists, line) => {
                // Not in the guard: a line that is no fence must not fall through to the fence arm.
                let task = lists.line(line) && parse_line_into(line, &mut task_line);
                if task {
                    tasks.add(&mut out, l.number, line, &task_line, &heading);
                }
            }
            Kind::Text => {
                let h = heading_text(line);
                let item = lists.line(line);
                if let Some(h) = h {
                    if first_h1.is_none() && h.0 == 1 {
                        first_h1 = Some(h.1.to_string());
                    }
                    heading = Some(h.1);
                } else if item && parse_line_into(line, &mut task_line) {
                    tasks.add(&mut out, l.number, line, &task_line, &heading);
                } else {
                    if !item && is_task(line) {
                        out.not_a_task(l.number);
                    }
                    if body_account.is_none() {
                        body_account = account_in_prose(line);
                    }
                }
            }
            Kind::FenceOpen { info } => {
                let word = bytes[info]
                    .split(|b| b.is_ascii_whitespace())
                    .next()
                    .unwrap_or_default();
                if word.eq_ignore_ascii_case(b"tasks") {
                    query = Some((l.number, Vec::new()));
                    quote_depth = super::indent::quote_markers(line).0;
                }
            }
            Kind::Code => {
                if let Some((_, q)) = query.as_mut() {
                    // A block in a callout or blockquote: its lines carry the `> ` of the quote.
                    let (depth, after) = super::indent::quote_markers(line);
                    let text = if depth >= quote_depth {
                        &line[after..]
                    } else {
                        line
                    };
                    q.extend_from_slice(text);
                    q.push(b'\n');
                }
            }
            Kind::FenceClose => views.extend(query.take().map(to_view)),
            Kind::Comment if html_start(line) => lists.html_start(line),
            _ => {}
        }
    }
    let Builder { names, scratch, .. } = tasks;
    scratch.line = Some(task_line);
    views.extend(query.take().map(to_view));
    let meta = Arc::new(note_meta(path, fm, first_h1, body_account, cfg));
    // Collected, not the scratch list itself: the note keeps exactly as much memory as it needs.
    let tasks = scratch
        .tasks
        .drain(..)
        .map(|mut task| {
            task.account = meta.account.clone().or_else(|| {
                let name = task.tags.iter().find_map(|t| account_tag(t))?;
                Some(names.accounts.get(name, || cfg.canonical_account(name)))
            });
            task.note = meta.clone();
            task
        })
        .collect();
    let mut findings = out.findings;
    findings.sort_by_key(|f| f.line);
    ParsedNote {
        meta,
        tasks,
        findings,
        views,
    }
}

/// Whether 1-based line `number` of a note is a task line under the same rules as [`parse_note`]
/// (not in frontmatter, code or comments; a real list item). For edits that re-check a line.
pub fn is_task_line(bytes: &[u8], number: u32) -> bool {
    task_lines(bytes)
        .take_while(|(n, _)| *n <= number)
        .any(|(n, _)| n == number)
}

/// How many tasks [`parse_note`] finds in a note, under the same rules, without building them:
/// no frontmatter, fields, owners or descriptions. For counts over a whole vault.
pub fn count_tasks(bytes: &[u8], cfg: &Config) -> usize {
    if cfg.every_checkbox_is_task() {
        return task_lines(bytes).count();
    }
    task_lines(bytes)
        .filter(|(_, content)| {
            let line = &bytes[content.clone()];
            task_head(line).is_some_and(|(status, body)| {
                !cfg.status(status).non_task && cfg.body_has_global_filter(&line[body])
            })
        })
        .count()
}

/// The 1-based numbers (and text) of the lines [`parse_note`] reads as task-shaped, in order: the
/// list and block rules of its main loop without its headings, views and findings.
fn task_lines(bytes: &[u8]) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
    let mut blocks = Blocks::new(bytes);
    let mut lists = ListContext::default();
    std::iter::from_fn(move || {
        while let Some(l) = blocks.next_line() {
            let line = &bytes[l.content.clone()];
            let item = match l.kind {
                Kind::Text => lists.line(line),
                Kind::FenceOpen { .. } => {
                    !open_fence(&mut blocks, &mut lists, line) && lists.line(line)
                }
                Kind::Comment if html_start(line) => {
                    lists.html_start(line);
                    false
                }
                _ => false,
            };
            if item && is_task(line) {
                return Some((l.number, l.content));
            }
        }
        None
    })
}

/// Tells the blocks where a fence-looking line sits in the lists; false when it is text instead
/// (four columns of indent past its container: paragraph text or an indented code block).
fn open_fence(blocks: &mut Blocks, lists: &mut ListContext, line: &[u8]) -> bool {
    match lists.fence(line) {
        Some(col) => {
            blocks.fence_container(col);
            true
        }
        None => {
            blocks.cancel_fence();
            false
        }
    }
}

/// A comment line that may open an HTML block (`<!--`, `<div>`…): it ends the lists it is not indented into.
fn html_start(line: &[u8]) -> bool {
    line.trim_ascii_start().starts_with(b"<")
}

fn to_view((line, q): (u32, Vec<u8>)) -> TasksBlock {
    TasksBlock {
        line,
        query: String::from_utf8_lossy(&q).trim_end().to_string(),
    }
}

/// An ATX heading (`#`…`######`, then a space or the end): its level and text.
/// Made straight into the `Arc` every task under the heading shares.
fn heading_text(line: &[u8]) -> Option<(usize, Arc<str>)> {
    let indent = line.iter().take(4).take_while(|b| **b == b' ').count();
    if indent > 3 || line.get(indent) != Some(&b'#') {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.iter().take_while(|b| **b == b'#').count();
    if level > 6 || rest.get(level).is_some_and(|b| !matches!(b, b' ' | b'\t')) {
        return None;
    }
    let mut text = rest[level..].trim_ascii();
    // A closing run of `#`s after a space is not part of the text.
    let open = text.iter().rposition(|b| *b != b'#').map_or(0, |i| i + 1);
    if open < text.len() && (open == 0 || matches!(text[open - 1], b' ' | b'\t')) {
        text = text[..open].trim_ascii_end();
    }
    let s = lossy(text);
    Some((level, Arc::from(&*mojibake::repair(&s))))
}

/// Owner, account and tag names seen in this note, so its tasks share one `Arc` per name.
/// Hash maps, not lists: a huge generated note may hold thousands of distinct names.
#[derive(Default)]
struct Names {
    owners: Interner,
    accounts: Interner,
    tags: Interner,
}

#[derive(Default)]
struct Interner(std::collections::HashMap<Box<str>, Arc<str>>);

impl Interner {
    fn get(&mut self, raw: &str, make: impl FnOnce() -> Arc<str>) -> Arc<str> {
        if let Some(a) = self.0.get(raw) {
            return a.clone();
        }
        let a = make();
        self.0.insert(raw.into(), a.clone());
        a
    }
}

/// Builds tasks as they are found, with everything but what the note's metadata decides (its
/// `Arc` and the account); the findings for a task line come after that line's mojibake, as
/// they would from a second pass.
struct Builder<'a> {
    cfg: &'a Config,
    names: &'a mut Names,
    scratch: &'a mut Scratch,
}

impl Builder<'_> {
    fn add(
        &mut self,
        out: &mut Collector,
        number: u32,
        line: &[u8],
        t: &TaskLine,
        heading: &Option<Arc<str>>,
    ) {
        // The vault's Obsidian Tasks settings decide which checkbox lines are tasks (SPEC §9).
        let status = self.cfg.status(t.status);
        if status.non_task || !self.cfg.body_has_global_filter(&line[t.body.clone()]) {
            return;
        }
        // Validated once for the findings, the text and the description.
        let text = std::str::from_utf8(line).ok();
        out.task_findings(number, line, text.is_some(), t, self.cfg);
        let task = build_task(
            self.scratch,
            (number, line, text),
            (t, status),
            heading.clone(),
            self.cfg,
            self.names,
        );
        self.scratch.tasks.push(task);
    }
}

/// A task from its line, but for the note's metadata: `note` is a placeholder and `account`
/// unset until the caller knows them.
fn build_task(
    scratch: &mut Scratch,
    (number, line, text): (u32, &[u8], Option<&str>),
    (t, status): (&TaskLine, StatusInfo),
    heading: Option<Arc<str>>,
    cfg: &Config,
    names: &mut Names,
) -> Task {
    // Sized up front: collecting an iterator of unknown length would reserve room for four tags.
    let mut tags: Vec<Arc<str>> = Vec::with_capacity(t.tags.len());
    // `TaskLine::tag_names`, but cut from the already validated text when there is one.
    let tag_names = t.tags.iter().filter_map(|r| {
        let r = r.start + 1..r.end;
        match text.and_then(|text| text.get(r.clone())) {
            Some(name) => Some(Cow::Borrowed(name)),
            None => line.get(r).map(String::from_utf8_lossy),
        }
    });
    tags.extend(tag_names.map(|n| names.tags.get(&n, || Arc::from(n.as_ref()))));
    // As in Obsidian Tasks, a global filter that is a tag is not one of the task's tags.
    let filter = &cfg.tasks.global_filter.value;
    if let Some(filter_tag) = filter.strip_prefix('#') {
        tags.retain(|t| &**t != filter_tag);
    }
    let owner = t.owner(line).map(|o| {
        let o = mojibake::repair(&o);
        names.owners.get(&o, || cfg.canonical_owner(&o))
    });
    t.description_of(line, text, &mut scratch.description);
    if cfg.tasks.remove_global_filter.value && !filter.is_empty() {
        super::describe::remove_word(&mut scratch.description, filter);
    }
    let words = match text {
        Some(text) => TaskText::new(text, &scratch.description),
        None => TaskText::new(&String::from_utf8_lossy(line), &scratch.description),
    };
    let mut extras = TaskExtras {
        block_id: t.block_id(line).map(|b| b.into()),
        ..TaskExtras::default()
    };
    let mut task = Task {
        note: scratch.pending.clone(),
        line: number,
        status: t.status,
        status_type: status.status_type,
        priority: Priority::None,
        proposed: status.proposed || tags.iter().any(|t| cfg.is_proposed_tag(t)),
        words,
        owner,
        account: None,
        dates: Default::default(),
        tags,
        heading,
        extras: None,
    };
    let mut priority_seen = false;
    for f in &t.fields {
        let value = t.value(line, f);
        match &f.kind {
            FieldKind::Priority(p) if !priority_seen => {
                task.priority = *p;
                priority_seen = true;
            }
            FieldKind::Date(kind, date) => match date {
                Some(d) if task.dates.get(*kind).is_none() => task.dates.set(*kind, Some(*d)),
                Some(_) => {}
                None => task.dates.mark_invalid(*kind),
            },
            FieldKind::Recurrence if extras.recurrence.is_none() => {
                extras.recurrence = Some(value.into())
            }
            FieldKind::Id if extras.id.is_none() => extras.id = Some(value.into()),
            FieldKind::DependsOn => extras.depends_on.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(Into::into),
            ),
            _ => {}
        }
    }
    task.extras = extras.boxed();
    task
}
