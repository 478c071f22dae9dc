//! The index's side of the vault's names: every task shown under its person's or account's
//! name (SPEC §11), found once per distinct name rather than once per task.

use crate::config::Config;
use crate::hash::FxHashMap;
use crate::names::{Book, Directory};
use crate::task::ParsedNote;
use std::sync::Arc;

/// The config's side of the directory: the names it shows others under, and whether to apply it.
pub(super) fn preferred(cfg: &Config) -> (Vec<String>, Vec<String>) {
    let mut people: Vec<String> = cfg.people.aliases.values().cloned().collect();
    people.extend(cfg.me.first().cloned());
    (people, cfg.accounts.aliases.values().cloned().collect())
}

/// Shows every task's owner and account under its directory name; a name's answer is found
/// once per distinct `Arc` (the parser shares one per name), not once per task.
pub(super) struct Renamer<'d> {
    dir: &'d Directory,
    owners: FxHashMap<usize, Option<Arc<str>>>,
    accounts: FxHashMap<usize, Option<Arc<str>>>,
}

impl<'d> Renamer<'d> {
    pub(super) fn new(dir: &'d Directory) -> Renamer<'d> {
        Renamer {
            dir,
            owners: FxHashMap::default(),
            accounts: FxHashMap::default(),
        }
    }

    pub(super) fn note(&mut self, note: &mut ParsedNote) {
        for task in &mut note.tasks {
            if let Some(o) = &task.owner
                && let Some(shown) = rename(&mut self.owners, &self.dir.people, o)
            {
                task.owner = Some(shown);
            }
            if let Some(a) = &task.account
                && let Some(shown) = rename(&mut self.accounts, &self.dir.accounts, a)
            {
                task.account = Some(shown);
            }
        }
    }
}

fn rename(
    seen: &mut FxHashMap<usize, Option<Arc<str>>>,
    book: &Book,
    name: &Arc<str>,
) -> Option<Arc<str>> {
    seen.entry(Arc::as_ptr(name) as *const u8 as usize)
        .or_insert_with(|| {
            let shown = &book.find(name)?.shown;
            (**shown != **name).then(|| shown.clone())
        })
        .clone()
}
