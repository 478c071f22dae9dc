//! Mentions that read as another owner than the person they name: `@jonsi stephenson` is the owner
//! "jonsi" (further words of a mention start with a capital, SPEC §2.2). Reports; never edits.

use super::Book;
use super::declared::fold;
use crate::task::{Finding, FindingKind, Task};

/// A finding for every task whose mention, read with its following lower-case words, is the
/// spelling of a known person other than the owner it gives.
pub fn mistyped_owners<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    people: &Book,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for task in tasks {
        if task.owner.is_none() {
            continue;
        }
        let text = task.text();
        for (at, _) in text.match_indices('@') {
            if at > 0 && !text[..at].ends_with([' ', '\t']) {
                continue;
            }
            if let Some(f) = check_mention(task, &text[at + 1..], people) {
                out.push(f);
                break;
            }
        }
    }
    out
}

fn check_mention(task: &Task, rest: &str, people: &Book) -> Option<Finding> {
    let mut words = rest.split(' ');
    let first = words.next()?;
    let first = first.trim_end_matches(['.', ',', ';', ':', '!', '?']);
    if first.is_empty()
        || !first
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return None;
    }
    let mut written = first.to_string();
    for w in words.take(3) {
        let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let lower_word =
            w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(char::is_alphabetic);
        if !lower_word {
            return None;
        }
        written.push(' ');
        written.push_str(w);
        let Some(person) = people.find(&written) else {
            continue;
        };
        // The person's name is what was meant, and the mention gave only its first word.
        if fold(&person.shown) == fold(first) {
            return None;
        }
        return Some(Finding {
            path: task.note.path.clone(),
            line: task.line,
            kind: FindingKind::SuspectOwner,
            message: format!(
                "\"@{written}\" reads as the owner \"{first}\" (further words of a name start with a \
                 capital); write @{} or @[[{}]]",
                person.shown, person.shown
            ),
        });
    }
    None
}
