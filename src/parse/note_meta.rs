//! A note's metadata from its frontmatter, path and prose: title, type, date, account, people.
//! Reads only; a broken frontmatter block becomes a finding, never a lost note.

use super::findings::Collector;
use super::frontmatter::{self, Frontmatter};
use super::mojibake;
use crate::config::Config;
use crate::task::{FindingKind, NoteMeta};
use std::borrow::Cow;
use std::sync::Arc;

/// [`frontmatter::read_note`] for the block already found.
pub(super) fn read_frontmatter(
    bytes: &[u8],
    block: Option<&frontmatter::Block>,
    out: &mut Collector,
) -> Option<Frontmatter> {
    let yaml = bytes.get(block?.yaml.clone())?;
    match frontmatter::read_yaml(yaml) {
        Ok(fm) => Some(fm),
        Err(e) => {
            out.push(e.line, FindingKind::BrokenFrontmatter, e.message);
            None
        }
    }
}

/// Takes the frontmatter by value: its strings move into the metadata without copies. A note
/// without frontmatter reads as one with every key missing.
pub(super) fn note_meta(
    path: Arc<str>,
    fm: Option<Frontmatter>,
    first_h1: Option<String>,
    body_account: Option<String>,
    cfg: &Config,
) -> NoteMeta {
    let Frontmatter {
        title,
        note_type,
        date,
        accounts,
        tags,
        name,
        people: declared,
        participants,
        aliases,
    } = fm.unwrap_or_default();
    let stem = {
        let file = path.rsplit('/').next().unwrap_or(&path);
        let cut = file.len().saturating_sub(3);
        if file.is_char_boundary(cut) && file[cut..].eq_ignore_ascii_case(".md") {
            &file[..cut]
        } else {
            file
        }
    };
    let title = title
        .or(first_h1)
        .map(|t| {
            let repaired = match mojibake::repair(&t) {
                Cow::Owned(r) => Some(r),
                Cow::Borrowed(_) => None,
            };
            repaired.unwrap_or(t)
        })
        .unwrap_or_else(|| stem.to_string());
    let account = accounts
        .into_iter()
        .next()
        .or_else(|| {
            let is_account = note_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("account"));
            is_account.then(|| name.clone().unwrap_or_else(|| title.clone()))
        })
        .or_else(|| tags.iter().find_map(|t| account_tag(t)).map(str::to_string))
        .or(body_account)
        .map(|a| cfg.canonical_account(&a))
        .or_else(|| cfg.account_from_folder(&path));
    let people = super::people::declared(
        declared,
        note_type.as_deref(),
        name.as_deref(),
        &title,
        &path,
        cfg,
    );
    NoteMeta {
        path,
        title,
        note_type,
        date,
        account,
        tags,
        people,
        participants,
        aliases,
    }
}

/// The first `#account/<name>` tag of a prose line (a real tag: after whitespace or at the start).
pub(super) fn account_in_prose(line: &[u8]) -> Option<String> {
    let mut from = 0;
    // memchr for `#`, not memmem: building a substring searcher per prose line cost more than
    // the search, and most prose lines hold no `#` at all.
    while let Some(off) = memchr::memchr(b'#', &line[from..]) {
        let at = from + off;
        if !line[at..].starts_with(b"#account/") {
            from = at + 1;
            continue;
        }
        if at == 0 || matches!(line[at - 1], b' ' | b'\t') {
            let end = super::inline::tag_end(line, at, line.len())?;
            let tag = String::from_utf8_lossy(&line[at + 1..end]);
            return account_tag(&tag).map(str::to_string);
        }
        from = at + 1;
    }
    None
}

/// `account/example-co` → `example-co` (case-insensitive prefix).
pub(super) fn account_tag(tag: &str) -> Option<&str> {
    let (head, name) = tag.split_once('/')?;
    (head.eq_ignore_ascii_case("account") && !name.is_empty()).then_some(name)
}
