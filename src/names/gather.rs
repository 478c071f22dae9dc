//! Collecting spellings for the directory: one node per folded key, the ties a note declares
//! between keys (union-find), and the choice of the name each entry is shown under.

use super::declared::{Book, Entry, Source, fold, is_slug_like, unslug};
use crate::hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// Spellings collected per folded key, and the ties between keys, before entries are chosen.
#[derive(Default)]
pub(super) struct Gather {
    keys: HashMap<String, usize>,
    nodes: Vec<Node>,
    parent: Vec<usize>,
    /// Names counted by their `Arc` (the parser shares one per name, so a vault's tasks hold a
    /// few): one map probe per task, and the spelling is folded and recorded once, at the end.
    by_ptr: FxHashMap<usize, Pending>,
    /// Spellings recorded so far: the first one seen wins a tie.
    seq: usize,
}

/// One shared name's tally until [`Gather::finish`] records it.
struct Pending {
    name: Arc<str>,
    from: Source,
    count: usize,
    seq: usize,
}

#[derive(Default)]
struct Node {
    key: String,
    /// Spelling → (best source, times seen, first seen).
    spellings: HashMap<Arc<str>, (Source, usize, usize)>,
    /// (note path, whether it is the entry's own note), first in path order.
    note: Option<(Arc<str>, bool)>,
    declared: bool,
}

impl Gather {
    fn node(&mut self, name: &str) -> Option<usize> {
        let key = fold(name);
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.keys.get(&key) {
            return Some(i);
        }
        let i = self.nodes.len();
        self.nodes.push(Node {
            key: key.clone(),
            ..Node::default()
        });
        self.parent.push(i);
        self.keys.insert(key, i);
        Some(i)
    }

    fn record(&mut self, i: usize, name: &str, from: Source, shared: Option<&Arc<str>>) {
        let seq = self.seq;
        self.seq += 1;
        let name = shared.cloned().unwrap_or_else(|| Arc::from(name.trim()));
        self.tally(i, name, from, 1, seq);
    }

    fn tally(&mut self, i: usize, name: Arc<str>, from: Source, count: usize, seq: usize) {
        let slot = self.nodes[i]
            .spellings
            .entry(name)
            .or_insert((from, 0, seq));
        slot.0 = slot.0.max(from);
        slot.1 += count;
        slot.2 = slot.2.min(seq);
    }

    /// A spelling seen somewhere; it joins others only by its folded key. `shared` is the `Arc`
    /// the name came in, when it has one.
    pub(super) fn seen(&mut self, name: &str, from: Source, shared: Option<&Arc<str>>) {
        let Some(a) = shared else {
            if let Some(i) = self.node(name) {
                self.record(i, name, from, None);
            }
            return;
        };
        let seq = self.seq;
        let slot = self
            .by_ptr
            .entry(Arc::as_ptr(a) as *const u8 as usize)
            .or_insert_with(|| Pending {
                name: a.clone(),
                from,
                count: 0,
                seq,
            });
        slot.from = slot.from.max(from);
        slot.count += 1;
        if slot.seq == seq {
            self.seq += 1;
        }
    }

    /// Records the names tallied by their `Arc`.
    fn flush(&mut self) {
        let pending: Vec<Pending> = self.by_ptr.drain().map(|(_, p)| p).collect();
        for p in pending {
            if let Some(i) = self.node(&p.name) {
                self.tally(i, p.name, p.from, p.count, p.seq);
            }
        }
    }

    /// Spellings one note declares for one person or account: they become one entry.
    pub(super) fn group(&mut self, names: &[(&str, Source)], note: &Arc<str>, own: bool) {
        let mut first: Option<usize> = None;
        for (name, from) in names {
            let Some(i) = self.node(name) else { continue };
            self.record(i, name, *from, None);
            let n = &mut self.nodes[i];
            n.declared = true;
            let better = match &n.note {
                None => true,
                Some((_, was_own)) => own && !was_own,
            };
            if better {
                n.note = Some((note.clone(), own));
            }
            match first {
                None => first = Some(i),
                Some(f) => self.union(f, i),
            }
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }

    pub(super) fn finish(mut self) -> Book {
        self.flush();
        let mut root_entry: HashMap<usize, u32> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.nodes.len() {
            let r = self.find(i);
            let e = *root_entry.entry(r).or_insert_with(|| {
                members.push(Vec::new());
                (members.len() - 1) as u32
            });
            members[e as usize].push(i);
        }
        let mut book = Book::default();
        for idx in members {
            let mut spellings: Vec<(Arc<str>, Source, usize, usize)> = Vec::new();
            let mut note: Option<(Arc<str>, bool)> = None;
            let mut declared = false;
            for &i in &idx {
                let n = &mut self.nodes[i];
                declared |= n.declared;
                if let Some((p, own)) = n.note.take() {
                    let better = match &note {
                        None => true,
                        Some((q, was_own)) => {
                            (own, std::cmp::Reverse(&p)) > (*was_own, std::cmp::Reverse(q))
                        }
                    };
                    if better {
                        note = Some((p, own));
                    }
                }
                spellings.extend(
                    n.spellings
                        .drain()
                        .map(|(s, (from, count, seq))| (s, from, count, seq)),
                );
            }
            // Most worth showing first: source, then a written name over a slug, then frequency.
            spellings.sort_by(|a, b| {
                (b.1, !is_slug_like(&b.0), b.2, b.0.contains(' '))
                    .cmp(&(a.1, !is_slug_like(&a.0), a.2, a.0.contains(' ')))
                    .then_with(|| a.3.cmp(&b.3))
            });
            let Some((best, from, _, _)) = spellings.first() else {
                continue;
            };
            let shown: Arc<str> =
                if *from == Source::Slug || (is_slug_like(best) && *from == Source::Alias) {
                    Arc::from(unslug(best))
                } else {
                    best.clone()
                };
            let e = book.entries.len() as u32;
            for &i in &idx {
                book.keys
                    .insert(std::mem::take(&mut self.nodes[i].key).into(), e);
            }
            book.entries.push(Entry {
                shown,
                note: note.map(|(p, _)| p),
                declared,
                spellings: spellings.into_iter().map(|(s, ..)| s).collect(),
            });
        }
        book
    }
}
