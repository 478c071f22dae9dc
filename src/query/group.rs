//! `group by` fields: the heading of each group, its order, and splitting sorted tasks into groups.
//! Group keys borrow from the tasks; a heading string is made once per group, never once per task.

use super::Group;
use super::filter::{DateField, folder, root, status_name};
use super::sort::{cmp_text, status_type_rank, urgency};
use crate::hash::FxHashMap;
use crate::task::{Bucket, Priority, Task};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;

pub use super::group_by::{GROUP_FIELDS, GroupField, GroupSpec, parse};

/// Where a task falls for one group level: an order, then up to two texts borrowed from the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key<'a> {
    order: i64,
    a: &'a str,
    b: &'a str,
}

impl<'a> Key<'a> {
    fn num(order: i64) -> Key<'a> {
        Key {
            order,
            a: "",
            b: "",
        }
    }

    fn text(a: Option<&'a str>) -> Key<'a> {
        match a {
            Some(a) => Key { order: 0, a, b: "" },
            None => Key::num(1),
        }
    }

    /// The same strings (by address), not just equal ones.
    fn same_as(&self, other: &Key) -> bool {
        self.order == other.order && std::ptr::eq(self.a, other.a) && std::ptr::eq(self.b, other.b)
    }

    fn slot(&self) -> usize {
        let mix =
            (self.a.as_ptr() as u64 ^ self.order as u64 ^ (self.b.as_ptr() as u64).rotate_left(17))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mix >> 56) as usize % CACHE_SLOTS
    }

    fn cmp(&self, other: &Key) -> Ordering {
        self.order
            .cmp(&other.order)
            .then_with(|| cmp_text(self.a, other.a))
            .then_with(|| cmp_text(self.b, other.b))
    }
}

const NO_DATE: i64 = i64::MAX;
const CACHE_SLOTS: usize = 256;
const INVALID_DATE: i64 = i64::MIN;

fn strip_md(s: &str) -> &str {
    let n = s.len();
    if n > 3 && s.is_char_boundary(n - 3) && s[n - 3..].eq_ignore_ascii_case(".md") {
        &s[..n - 3]
    } else {
        s
    }
}

/// Calls `emit` with each key of `t` (several for `tags`).
fn keys_of<'a>(field: GroupField, t: &'a Task, today: NaiveDate, emit: &mut dyn FnMut(Key<'a>)) {
    let key = match field {
        GroupField::Status => Key::num(if t.status_type.is_closed() { 0 } else { 1 }),
        GroupField::StatusType => Key::num(i64::from(status_type_rank(t.status_type))),
        GroupField::StatusName(names) => Key::text(Some(status_name(t, names))),
        GroupField::Priority => Key::num(t.priority as i64),
        GroupField::Urgency => Key::num(-(urgency(t, today) * 100.0).round() as i64),
        GroupField::Date(f) => match (f, f.value(t)) {
            (DateField::Kind(k), None) if t.dates.is_invalid(k) => Key::num(INVALID_DATE),
            (_, Some(d)) => Key::num(i64::from(d.num_days_from_ce())),
            (_, None) => Key::num(NO_DATE),
        },
        GroupField::DueBucket => {
            let b = t.bucket(today);
            Key::num(Bucket::ALL.iter().position(|x| *x == b).unwrap_or(0) as i64)
        }
        GroupField::Path => Key::text(Some(strip_md(t.path()))),
        GroupField::Folder => Key::text(Some(folder(t))),
        GroupField::Filename => Key::text(Some(strip_md(t.note.filename()))),
        GroupField::Root => Key::text(Some(root(t))),
        GroupField::Backlink => Key {
            order: 0,
            a: strip_md(t.note.filename()),
            b: t.heading.as_deref().unwrap_or(""),
        },
        GroupField::Heading => match t.heading.as_deref() {
            Some(h) => Key {
                order: 1,
                a: h,
                b: "",
            },
            None => Key::num(0),
        },
        GroupField::Tags => {
            // "(No tags)" comes first, as Obsidian Tasks orders its headings.
            if t.tags.is_empty() {
                emit(Key::num(-1));
            }
            for tag in &t.tags {
                emit(Key {
                    order: 0,
                    a: tag,
                    b: "",
                });
            }
            return;
        }
        // "Not Recurring" before "Recurring", as Obsidian Tasks orders its headings.
        GroupField::Recurring => Key::num(i64::from(t.recurrence().is_some())),
        GroupField::Recurrence => Key::text(t.recurrence()),
        // Tasks with no id first, as Obsidian Tasks puts its empty heading first.
        GroupField::Id => match t.id() {
            Some(id) => Key {
                order: 0,
                a: id,
                b: "",
            },
            None => Key::num(-1),
        },
        GroupField::Owner => Key::text(t.owner.as_deref()),
        GroupField::Account => Key::text(t.account.as_deref()),
    };
    emit(key);
}

fn label(field: GroupField, k: &Key) -> String {
    let missing = k.order == 1 && k.a.is_empty();
    match field {
        GroupField::Status => if k.order == 0 { "Done" } else { "Todo" }.into(),
        GroupField::StatusType => match k.order {
            0 => "IN_PROGRESS",
            1 => "TODO",
            2 => "ON_HOLD",
            3 => "DONE",
            _ => "CANCELLED",
        }
        .into(),
        GroupField::Priority => {
            let p = Priority::ALL
                .get(k.order as usize)
                .copied()
                .unwrap_or_default();
            match p {
                Priority::None => "Normal priority".into(),
                p => {
                    let name = p.as_str();
                    format!("{}{} priority", name[..1].to_uppercase(), &name[1..])
                }
            }
        }
        // `+ 0.0` turns the -0.0 of an urgency of zero into 0.0: the heading is "0.00", never "-0.00".
        GroupField::Urgency => format!("{:.2}", -(k.order as f64) / 100.0 + 0.0),
        GroupField::Date(f) => match k.order {
            NO_DATE => format!("No {} date", f.name()),
            INVALID_DATE => format!("Invalid {} date", f.name()),
            days => NaiveDate::from_num_days_from_ce_opt(days as i32)
                .map(|d| format!("{} {}", d.format("%Y-%m-%d"), d.format("%A")))
                .unwrap_or_default(),
        },
        GroupField::DueBucket => Bucket::ALL
            .get(k.order as usize)
            .map_or("", |b| b.label())
            .into(),
        GroupField::Backlink if k.b.is_empty() => k.a.into(),
        GroupField::Backlink => format!("{} > {}", k.a, k.b),
        GroupField::Heading if k.order == 0 => "(No heading)".into(),
        GroupField::Tags if k.order < 0 => "(No tags)".into(),
        GroupField::Id if k.order < 0 => "(No id)".into(),
        GroupField::Tags => format!("#{}", k.a),
        GroupField::Recurring => if k.order == 0 {
            "Not Recurring"
        } else {
            "Recurring"
        }
        .into(),
        GroupField::Recurrence if missing => "None".into(),
        GroupField::Owner if missing => "Unassigned".into(),
        GroupField::Account if missing => "No account".into(),
        _ => k.a.into(),
    }
}

/// Whether a task can fall in several groups of this field.
pub fn is_multi(field: GroupField) -> bool {
    field == GroupField::Tags
}

/// Key ids found in one range of tasks, numbered locally.
pub(crate) struct Part<'a> {
    index: FxHashMap<Key<'a>, u32>,
    keys: Vec<Key<'a>>,
    ids: Vec<u32>,
    /// How many ids each task of the range has.
    counts: Vec<u32>,
    // Tasks share their strings (one allocation per owner, tag, note…): a pointer hit skips hashing text.
    cache: Vec<Option<(Key<'a>, u32)>>,
}

impl Default for Part<'_> {
    fn default() -> Self {
        Part {
            index: FxHashMap::default(),
            keys: Vec::new(),
            ids: Vec::new(),
            counts: Vec::new(),
            cache: vec![None; CACHE_SLOTS],
        }
    }
}

impl<'a> Part<'a> {
    /// Records the keys of one task (several for `tags`).
    pub(crate) fn add_task(&mut self, field: GroupField, t: &'a Task, today: NaiveDate) {
        let before = self.ids.len();
        keys_of(field, t, today, &mut |k| self.add(k));
        self.counts.push((self.ids.len() - before) as u32);
    }

    fn add(&mut self, k: Key<'a>) {
        let slot = k.slot();
        let id = match self.cache[slot] {
            Some((c, id)) if c.same_as(&k) => id,
            _ => {
                let keys = &mut self.keys;
                let id = *self.index.entry(k).or_insert_with(|| {
                    keys.push(k);
                    keys.len() as u32 - 1
                });
                self.cache[slot] = Some((k, id));
                id
            }
        };
        self.ids.push(id);
    }
}

/// One group level worked out for every selected task: key ids per task, and each id's rank and heading.
struct Level {
    /// Per matched task: where its ids start in `ids`, and how many it has.
    start: Vec<u32>,
    count: Vec<u32>,
    ids: Vec<u32>,
    rank: Vec<u32>,
    labels: Vec<String>,
}

impl Level {
    /// `parts` holds the keys of the `selected` tasks, range by range, when the filter pass read them.
    fn build<'a>(
        matched: &[&'a Task],
        selected: &[u32],
        spec: GroupSpec,
        today: NaiveDate,
        parts: Option<Vec<Part<'a>>>,
    ) -> Level {
        // Each range of tasks finds its own key ids; the ranges' keys are then merged into one numbering.
        let parts = parts.unwrap_or_else(|| {
            super::par::ranges(selected.len(), |r| {
                let mut part = Part::default();
                for &i in &selected[r] {
                    part.add_task(spec.field, matched[i as usize], today);
                }
                part
            })
        });
        let mut index: FxHashMap<Key<'a>, u32> = FxHashMap::default();
        let mut keys: Vec<Key<'a>> = Vec::new();
        let mut start = vec![0u32; matched.len()];
        let mut count = vec![0u32; matched.len()];
        let mut ids = Vec::with_capacity(selected.len());
        let mut next = selected.iter();
        for part in parts {
            let global: Vec<u32> = part
                .keys
                .iter()
                .map(|k| {
                    *index.entry(*k).or_insert_with(|| {
                        keys.push(*k);
                        keys.len() as u32 - 1
                    })
                })
                .collect();
            let mut local = part.ids.iter();
            for &n in &part.counts {
                let Some(&i) = next.next() else { break };
                start[i as usize] = ids.len() as u32;
                count[i as usize] = n;
                ids.extend(
                    local
                        .by_ref()
                        .take(n as usize)
                        .map(|&id| global[id as usize]),
                );
            }
        }
        let mut by_rank: Vec<u32> = (0..keys.len() as u32).collect();
        by_rank.sort_by(|&x, &y| {
            let o = keys[x as usize].cmp(&keys[y as usize]);
            if spec.reverse { o.reverse() } else { o }
        });
        let mut rank = vec![0u32; keys.len()];
        for (r, &id) in by_rank.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let labels = by_rank
            .iter()
            .map(|&id| label(spec.field, &keys[id as usize]))
            .collect();
        Level {
            start,
            count,
            ids,
            rank,
            labels,
        }
    }

    fn ranks_of(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let s = self.start[i as usize] as usize;
        let n = self.count[i as usize] as usize;
        self.ids[s..s + n].iter().map(|&id| self.rank[id as usize])
    }
}

/// Splits the tasks at `order` (indices into `matched`, already sorted) into groups, level by level.
/// Keys are read in `matched` order, so each task is touched once and in memory order.
pub fn group<'a>(
    matched: &[&'a Task],
    order: &[u32],
    specs: &[GroupSpec],
    today: NaiveDate,
) -> Vec<Group<'a>> {
    group_prepared(matched, order, specs, today, None, None)
}

/// Like `group`, with each level's keys already read for every matched task (one `Part` per range
/// of `matched`, in order), as the filter pass does while each task is in cache, and each final
/// group capped at `limit` tasks.
pub(crate) fn group_prepared<'a>(
    matched: &[&'a Task],
    order: &[u32],
    specs: &[GroupSpec],
    today: NaiveDate,
    parts: Option<Vec<Vec<Part<'a>>>>,
    limit: Option<usize>,
) -> Vec<Group<'a>> {
    if specs.is_empty() {
        let tasks = order.iter().map(|&i| matched[i as usize]).collect();
        return vec![Group {
            keys: Vec::new(),
            tasks,
        }];
    }
    let selected: Vec<u32> = if parts.is_some() {
        (0..matched.len() as u32).collect()
    } else {
        // The selected tasks in memory order, by marking rather than sorting.
        let mut marked = vec![false; matched.len()];
        for &i in order {
            marked[i as usize] = true;
        }
        (0..matched.len() as u32)
            .filter(|&i| marked[i as usize])
            .collect()
    };
    let jobs: Vec<(GroupSpec, std::sync::Mutex<Option<Vec<Part<'a>>>>)> = match parts {
        Some(p) => specs
            .iter()
            .copied()
            .zip(p.into_iter().map(|x| std::sync::Mutex::new(Some(x))))
            .collect(),
        None => specs
            .iter()
            .map(|s| (*s, std::sync::Mutex::new(None)))
            .collect(),
    };
    let levels: Vec<Level> = super::par::map(&jobs, selected.len(), |(s, p)| {
        let given = p.lock().ok().and_then(|mut g| g.take());
        Level::build(matched, &selected, *s, today, given)
    });
    let mut out = Vec::new();
    split(
        matched,
        &levels,
        order.to_vec(),
        limit.unwrap_or(usize::MAX),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// `limit` caps each final group (`limit groups N`), so capped tasks are never collected.
fn split<'a>(
    matched: &[&'a Task],
    levels: &[Level],
    members: Vec<u32>,
    limit: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<Group<'a>>,
) {
    let Some((level, rest)) = levels.split_first() else {
        let tasks = members
            .into_iter()
            .take(limit)
            .map(|i| matched[i as usize])
            .collect();
        out.push(Group {
            keys: prefix.clone(),
            tasks,
        });
        return;
    };
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(members.len());
    for &i in &members {
        pairs.extend(level.ranks_of(i).map(|r| (r, i)));
    }
    drop(members);
    // Stable, so each group keeps the sorted order; counting sort when ranks are few.
    let distinct = level.labels.len();
    if distinct <= pairs.len() {
        let mut counts = vec![0usize; distinct + 1];
        for &(r, _) in &pairs {
            counts[r as usize + 1] += 1;
        }
        for k in 1..counts.len() {
            counts[k] += counts[k - 1];
        }
        let mut placed = vec![(0u32, 0u32); pairs.len()];
        for &p in &pairs {
            placed[counts[p.0 as usize]] = p;
            counts[p.0 as usize] += 1;
        }
        pairs = placed;
    } else {
        pairs.sort_by_key(|p| p.0);
    }
    let mut from = 0;
    while from < pairs.len() {
        let r = pairs[from].0;
        let to = from + pairs[from..].iter().take_while(|p| p.0 == r).count();
        prefix.push(level.labels[r as usize].clone());
        split(
            matched,
            rest,
            pairs[from..to].iter().map(|p| p.1).collect(),
            limit,
            prefix,
            out,
        );
        prefix.pop();
        from = to;
    }
}
