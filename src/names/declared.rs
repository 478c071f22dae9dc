//! Who is who, as the vault itself declares it (SPEC §11): person and account notes, their
//! `aliases:`, `person/<slug>` tags and `@[[Name|Alias]]` links tie spellings into one entry, as do
//! spellings equal up to case, accents, punctuation or slug form. Reads parsed notes, never files.

use super::gather::Gather;
use super::strip_accents;
use crate::hash::FxHashMap;
use crate::task::{NoteMeta, ParsedNote, Task, person_tag};
use std::sync::Arc;

/// Where a spelling was seen, from the spelling most worth showing to the least.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A tag's slug (`person/jonsi-stephenson`, `account/quillon-labs`): never shown if anything else is known.
    Slug,
    /// An `aliases:` entry or the alias half of `@[[Name|Alias]]`.
    Alias,
    /// A task owner, an account on a task, a participant.
    Seen,
    /// A people or account folder rule.
    Folder,
    /// The note half of `@[[Name|Alias]]`.
    Link,
    /// `person:`, `entity:`, `name:` or `account:` in frontmatter.
    Frontmatter,
    /// The title of the person's or account's own note.
    Title,
    /// A name the config shows others under (an alias target, the first `me` name).
    Config,
}

/// One person or account: the name it is shown under and every spelling that means it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub shown: Arc<str>,
    /// The person's or account's own note, else the first note that declares it (vault path).
    pub note: Option<Arc<str>>,
    /// Whether a note declares it (a person or account note), not only tasks or participants.
    pub declared: bool,
    /// Every spelling, most worth showing first.
    pub spellings: Vec<Arc<str>>,
}

/// The entries of one kind, found by any of their spellings.
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub(super) keys: FxHashMap<Box<str>, u32>,
    pub(super) entries: Vec<Entry>,
}

impl Book {
    /// The entry `name` belongs to, by its folded spelling.
    pub fn find(&self, name: &str) -> Option<&Entry> {
        let i = *self.keys.get(fold(name).as_str())?;
        self.entries.get(i as usize)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Moves every spelling of `from`'s entry into `into`'s (made if it has none).
    fn merge(&mut self, from: &str, into: &str) {
        let target = match self.keys.get(fold(into).as_str()) {
            Some(&i) => i,
            None => {
                let i = self.entries.len() as u32;
                self.entries.push(Entry {
                    shown: Arc::from(into),
                    note: None,
                    declared: false,
                    spellings: vec![Arc::from(into)],
                });
                self.keys.insert(fold(into).into(), i);
                i
            }
        };
        let key = fold(from);
        let source = self.keys.get(key.as_str()).copied();
        let moved: Vec<Arc<str>> = match source {
            Some(s) if s != target => std::mem::take(&mut self.entries[s as usize].spellings),
            Some(_) => return,
            None => vec![Arc::from(from)],
        };
        for k in self.keys.values_mut() {
            if Some(*k) == source {
                *k = target;
            }
        }
        self.keys.insert(key.into(), target);
        let note = source.and_then(|s| self.entries[s as usize].note.clone());
        let t = &mut self.entries[target as usize];
        t.spellings.extend(moved);
        if t.note.is_none() {
            t.note = note;
        }
    }

    /// Entries a note declares (person or account notes).
    pub fn declared(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.declared)
    }
}

/// People and accounts of a whole vault.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    pub people: Book,
    pub accounts: Book,
    /// The config's names (people, accounts), kept to build the directory again after a change.
    prefer: Arc<(Vec<String>, Vec<String>)>,
    /// Merges made since the config was read (`from` shown as `into`), kept across rebuilds.
    merged: Vec<(Kind, String, String)>,
}

/// Which book of the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    People,
    Accounts,
}

impl Directory {
    /// Reads every note's declarations and spellings. `people` and `accounts` are names the
    /// config shows others under: an entry that holds one is shown with it.
    pub fn build<'a>(
        notes: impl IntoIterator<Item = &'a ParsedNote>,
        people: &[String],
        accounts: &[String],
    ) -> Directory {
        let mut p = Gather::default();
        let mut a = Gather::default();
        for name in people {
            p.seen(name, Source::Config, None);
        }
        for name in accounts {
            a.seen(name, Source::Config, None);
        }
        for note in notes {
            gather_note(&mut p, &mut a, note);
        }
        Directory {
            people: p.finish(),
            accounts: a.finish(),
            prefer: Arc::new((people.to_vec(), accounts.to_vec())),
            merged: Vec::new(),
        }
    }

    /// The same directory built again from `notes`, keeping the config's names and the merges.
    pub fn rebuild<'a>(&self, notes: impl IntoIterator<Item = &'a ParsedNote>) -> Directory {
        let prefer = self.prefer.clone();
        let mut dir = Directory::build(notes, &prefer.0, &prefer.1);
        for (kind, from, into) in &self.merged {
            dir.merge(*kind, from, into);
        }
        dir
    }

    /// Shows every spelling of `from`'s entry as `into` from now on (an alias just accepted).
    pub fn merge(&mut self, kind: Kind, from: &str, into: &str) {
        let book = match kind {
            Kind::People => &mut self.people,
            Kind::Accounts => &mut self.accounts,
        };
        book.merge(from, into);
        self.merged.push((kind, from.to_string(), into.to_string()));
    }

    /// Whether a note holds anything that ties spellings (so a change to it may regroup names).
    pub fn declares(note: &ParsedNote) -> bool {
        let m = &*note.meta;
        m.is_person_note() || m.is_account_note() || note.tasks.iter().any(link_alias_in)
    }
}

/// The key two spellings share when they differ only by case, accents, punctuation, spacing or
/// slug form: lower-case letters and digits (`Quillon Labs`, `quillon-labs` → `quillonlabs`).
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        return name
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    strip_accents(&name.to_lowercase())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A spelling that looks like a tag slug: no capital letter and no space (`quillon-labs`, `ey`).
pub fn is_slug_like(name: &str) -> bool {
    !name.chars().any(|c| c.is_uppercase() || c == ' ')
}

/// `quillon-labs` → `Quillon Labs`: how a name known only by its slug is shown.
pub fn unslug(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn gather_note(people: &mut Gather, accounts: &mut Gather, note: &ParsedNote) {
    let m: &NoteMeta = &note.meta;
    let path = &m.path;
    if m.is_person_note() {
        let own = is_own(m, &["people", "person"]);
        let mut group: Vec<(&str, Source)> = Vec::new();
        for p in &m.people {
            let from = if own && p == &m.title {
                Source::Title
            } else {
                Source::Frontmatter
            };
            group.push((p, from));
        }
        group.extend(m.aliases.iter().map(|a| (a.as_str(), Source::Alias)));
        group.extend(
            m.tags
                .iter()
                .filter_map(|t| person_tag(t))
                .map(|s| (s, Source::Slug)),
        );
        people.group(&group, path, own);
    }
    if m.is_account_note() {
        // The account is the note's `name` when it has one (a title may say more: `Acme (pilot)`).
        let mut group: Vec<(&str, Source)> = Vec::new();
        if let Some(a) = &m.account {
            group.push((a, Source::Title));
        }
        group.push((&m.title, Source::Frontmatter));
        group.extend(m.aliases.iter().map(|a| (a.as_str(), Source::Alias)));
        accounts.group(&group, path, true);
    } else if let Some(a) = &m.account {
        let from = if m.tags.iter().any(|t| account_slug(t) == Some(&**a)) {
            Source::Slug
        } else {
            Source::Frontmatter
        };
        accounts.seen(a, from, None);
    }
    for p in &m.participants {
        people.seen(p, Source::Seen, None);
    }
    for task in &note.tasks {
        if let Some(o) = &task.owner {
            people.seen(o, Source::Seen, Some(o));
        }
        if let Some(a) = &task.account
            && m.account.as_ref().is_none_or(|n| !Arc::ptr_eq(n, a))
        {
            let from = if task.tags.iter().any(|t| account_slug(t) == Some(&**a)) {
                Source::Slug
            } else {
                Source::Seen
            };
            accounts.seen(a, from, Some(a));
        }
        for (name, alias) in link_aliases(task) {
            people.group(&[(name, Source::Link), (alias, Source::Alias)], path, false);
        }
    }
}

/// A person's or account's own note: its type says so and its title is one of its names.
fn is_own(m: &NoteMeta, types: &[&str]) -> bool {
    let typed = m
        .note_type
        .as_deref()
        .is_some_and(|t| types.iter().any(|w| t.trim().eq_ignore_ascii_case(w)));
    typed && m.people.iter().any(|p| fold(p) == fold(&m.title))
}

fn account_slug(tag: &str) -> Option<&str> {
    let (head, rest) = tag.split_once('/')?;
    head.eq_ignore_ascii_case("account").then_some(rest)
}

fn link_alias_in(task: &Task) -> bool {
    link_aliases(task).next().is_some()
}

/// Every `@[[Name|Alias]]` on a task line: (Name, Alias).
fn link_aliases(task: &Task) -> impl Iterator<Item = (&str, &str)> {
    let text = if task.owner.is_some() {
        task.text()
    } else {
        ""
    };
    text.match_indices("@[[").filter_map(move |(at, _)| {
        let rest = &text[at + 3..];
        let inner = &rest[..rest.find("]]")?];
        let (target, alias) = inner.split_once('|')?;
        // The note's name is the end of its path, without a heading.
        let target = target.split('#').next()?;
        let target = target.rsplit('/').next()?.trim();
        let target = target.strip_suffix(".md").unwrap_or(target);
        let alias = alias.trim();
        (!target.is_empty() && !alias.is_empty() && fold(alias) != fold(target))
            .then_some((target, alias))
    })
}
