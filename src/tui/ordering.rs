//! A tab's task order: sorted by (group, due, priority, path, line), built once, then kept current
//! by removing and inserting single tasks so a changed note costs milliseconds, not a re-sort.

use super::store::Grouping;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use triage::task::{Bucket, Task};

pub const UNASSIGNED: &str = "Unassigned";
pub const NO_ACCOUNT: &str = "No account";

/// Task indices in display order and the group of each position. A task may stand in several
/// groups (a view grouped by tags).
#[derive(Clone, Debug, Default)]
pub struct Ordering {
    pub order: Vec<u32>,
    /// Group rank of each position of `order`.
    pub group: Vec<u32>,
    /// Label of each rank.
    pub labels: Vec<Arc<str>>,
    /// A saved view without `group by`: its one group is the whole list, so no group rows.
    pub ungrouped: bool,
    /// Owner or account name → rank (empty for the due grouping).
    ranks: HashMap<Arc<str>, u32>,
}

fn sort_key(t: &Task) -> (bool, Option<NaiveDate>, triage::Priority, &str, u32) {
    (
        t.dates.due.is_none(),
        t.dates.due,
        t.priority,
        t.path(),
        t.line,
    )
}

impl Ordering {
    /// Builds the order of the open tasks among `live` for grouping `g`; `path_ordered` says the
    /// tasks are in path/line order (a fresh load), which makes the sort cheaper.
    pub fn build(
        g: Grouping,
        tasks: &[Task],
        live: &[bool],
        today: NaiveDate,
        me: Option<&str>,
        path_ordered: bool,
    ) -> Ordering {
        let mut o = Ordering::default();
        match g {
            Grouping::Due => o.labels = Bucket::ALL.iter().map(|b| Arc::from(b.label())).collect(),
            Grouping::Owner => o.rank_names(tasks, live, |t| t.owner.as_ref(), UNASSIGNED, me),
            Grouping::Account => {
                o.rank_names(tasks, live, |t| t.account.as_ref(), NO_ACCOUNT, None)
            }
        }
        let mut order: Vec<u32> = (0..tasks.len() as u32)
            .filter(|&i| live[i as usize] && !tasks[i as usize].status_type.is_closed())
            .collect();
        let rank: Vec<u32> = order
            .iter()
            .map(|&i| o.rank_of(g, &tasks[i as usize], today).unwrap_or(0))
            .collect();
        let mut pairs: Vec<(u32, u32)> = order.iter().copied().zip(rank).collect();
        if path_ordered {
            // Tasks in path/line order: their index stands in for (path, line), no string compares.
            pairs.sort_unstable_by_key(|&(i, r)| {
                let t = &tasks[i as usize];
                (r, t.dates.due.is_none(), t.dates.due, t.priority, i)
            });
        } else {
            pairs.sort_by(|a, b| {
                (a.1, sort_key(&tasks[a.0 as usize])).cmp(&(b.1, sort_key(&tasks[b.0 as usize])))
            });
        }
        order.clear();
        o.group = Vec::with_capacity(pairs.len());
        for (i, r) in pairs {
            order.push(i);
            o.group.push(r);
        }
        o.order = order;
        o
    }

    /// The group rank of a task, or `None` when its name is not among the labels yet.
    fn rank_of(&self, g: Grouping, t: &Task, today: NaiveDate) -> Option<u32> {
        let missing = self.labels.len().saturating_sub(1) as u32;
        match g {
            Grouping::Due => Some(t.bucket(today) as u32),
            Grouping::Owner => t
                .owner
                .as_ref()
                .map_or(Some(missing), |n| self.ranks.get(n).copied()),
            Grouping::Account => t
                .account
                .as_ref()
                .map_or(Some(missing), |n| self.ranks.get(n).copied()),
        }
    }

    /// Ranks the distinct names: `first` (the user) on top, then case-insensitive alphabetical, `missing` last.
    fn rank_names(
        &mut self,
        tasks: &[Task],
        live: &[bool],
        name: impl Fn(&Task) -> Option<&Arc<str>>,
        missing: &str,
        first: Option<&str>,
    ) {
        let mut seen: HashMap<&str, Arc<str>> = HashMap::new();
        for (t, _) in tasks.iter().zip(live).filter(|(_, l)| **l) {
            if let Some(n) = name(t) {
                seen.entry(&**n).or_insert_with(|| n.clone());
            }
        }
        let mut names: Vec<Arc<str>> = seen.into_values().collect();
        names.sort_by_cached_key(|n| (first != Some(&**n), n.to_lowercase(), n.clone()));
        self.ranks = names
            .iter()
            .enumerate()
            .map(|(r, n)| (n.clone(), r as u32))
            .collect();
        self.labels = names;
        self.labels.push(Arc::from(missing));
    }

    /// Takes dead tasks out and puts `new` ones in; `false` when a new name would change the
    /// ranks (the caller rebuilds this ordering then).
    pub fn update(
        &mut self,
        g: Grouping,
        tasks: &[Task],
        live: &[bool],
        new: &[u32],
        today: NaiveDate,
    ) -> bool {
        let mut ranked = Vec::new();
        for &i in new {
            let t = &tasks[i as usize];
            if t.status_type.is_closed() {
                continue;
            }
            match self.rank_of(g, t, today) {
                Some(r) => ranked.push((i, r)),
                None => return false,
            }
        }
        let mut w = 0;
        for r in 0..self.order.len() {
            if live[self.order[r] as usize] {
                self.order[w] = self.order[r];
                self.group[w] = self.group[r];
                w += 1;
            }
        }
        self.order.truncate(w);
        self.group.truncate(w);
        for (i, rank) in ranked {
            let key = (rank, sort_key(&tasks[i as usize]));
            let (mut lo, mut hi) = (0, self.order.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if (self.group[mid], sort_key(&tasks[self.order[mid] as usize])) < key {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let pos = lo;
            self.order.insert(pos, i);
            self.group.insert(pos, rank);
        }
        true
    }
}
