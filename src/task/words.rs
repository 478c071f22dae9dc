//! A task's line and its description, kept in one allocation.

/// A task's whole line and its description (SPEC §2.3) in one allocation. The description is
/// usually one stretch of the line, and then takes no bytes of its own.
#[derive(Clone)]
pub struct TaskText(Words);

#[derive(Clone)]
enum Words {
    /// `buf` is the line, then the description unless it is a stretch of the line.
    Packed {
        buf: Box<str>,
        line_end: u32,
        desc: (u32, u32),
    },
    /// Lines too long for 32-bit offsets: boxed, so that this case does not make every task larger.
    Apart(Box<(Box<str>, Box<str>)>),
}

impl TaskText {
    pub fn new(line: &str, description: &str) -> TaskText {
        let fits = |n: usize| u32::try_from(n).ok();
        let (Some(line_end), Some(_)) = (fits(line.len()), fits(line.len() + description.len()))
        else {
            return TaskText(Words::Apart(Box::new((line.into(), description.into()))));
        };
        let (buf, start) = match stretch_of(line, description) {
            Some(at) => (Box::from(line), at),
            None => ([line, description].concat().into_boxed_str(), line.len()),
        };
        // Both within `line.len() + description.len()`, which fits.
        let (start, end) = (start as u32, (start + description.len()) as u32);
        TaskText(Words::Packed {
            buf,
            line_end,
            desc: (start, end),
        })
    }

    /// The whole line as read (lossy UTF-8, line ending removed).
    pub fn line(&self) -> &str {
        match &self.0 {
            Words::Packed { buf, line_end, .. } => &buf[..*line_end as usize],
            Words::Apart(apart) => &apart.0,
        }
    }

    pub fn description(&self) -> &str {
        match &self.0 {
            Words::Packed { buf, desc, .. } => &buf[desc.0 as usize..desc.1 as usize],
            Words::Apart(apart) => &apart.1,
        }
    }

    /// Where the description stands in the line, when it is a stretch of it.
    pub(crate) fn description_span(&self) -> Option<(usize, usize)> {
        match &self.0 {
            Words::Packed { line_end, desc, .. } if desc.1 <= *line_end => {
                Some((desc.0 as usize, desc.1 as usize))
            }
            _ => None,
        }
    }

    /// A line whose description is its stretch `start..end`; `None` unless that is a stretch
    /// of whole characters.
    pub(crate) fn with_span(line: &str, start: usize, end: usize) -> Option<TaskText> {
        line.get(start..end)?;
        Some(TaskText(Words::Packed {
            buf: line.into(),
            line_end: u32::try_from(line.len()).ok()?,
            desc: (u32::try_from(start).ok()?, u32::try_from(end).ok()?),
        }))
    }
}

/// Where `part` stands in `whole`. Called for every task, so it tries the few places that start
/// with the right byte before paying for a general search (whose setup costs more than the test).
fn stretch_of(whole: &str, part: &str) -> Option<usize> {
    let (whole, part) = (whole.as_bytes(), part.as_bytes());
    let Some(&first) = part.first() else {
        return Some(0);
    };
    for (tried, at) in memchr::memchr_iter(first, whole).enumerate() {
        if whole[at..].starts_with(part) {
            return Some(at);
        }
        if tried == 3 {
            return memchr::memmem::find(&whole[at..], part).map(|i| at + i);
        }
    }
    None
}

/// Equal when the line and the description are, however each is stored.
impl PartialEq for TaskText {
    fn eq(&self, other: &TaskText) -> bool {
        self.line() == other.line() && self.description() == other.description()
    }
}

impl Eq for TaskText {}

impl Default for TaskText {
    fn default() -> TaskText {
        TaskText::new("", "")
    }
}

impl std::fmt::Debug for TaskText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskText")
            .field("line", &self.line())
            .field("description", &self.description())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_inside_its_line_takes_no_bytes_of_its_own() {
        let w = TaskText::new("- [ ] Call Dana 📅 2026-11-21", "Call Dana");
        assert_eq!(w.line(), "- [ ] Call Dana 📅 2026-11-21");
        assert_eq!(w.description(), "Call Dana");
        assert!(matches!(&w.0, Words::Packed { buf, .. } if buf.len() == w.line().len()));
    }

    #[test]
    fn a_description_not_in_its_line_is_kept_after_it() {
        // Mojibake repaired, or fields taken out of the middle: the words are not one stretch.
        let w = TaskText::new("- [ ] Call 📅 2026-11-21 Dana", "Call Dana");
        assert_eq!(w.line(), "- [ ] Call 📅 2026-11-21 Dana");
        assert_eq!(w.description(), "Call Dana");
        let empty = TaskText::new("- [ ]", "");
        assert_eq!((empty.line(), empty.description()), ("- [ ]", ""));
        let apart = TaskText(Words::Apart(Box::new(("- [ ] a".into(), "a".into()))));
        assert_eq!(apart, TaskText::new("- [ ] a", "a"));
        assert_ne!(apart, TaskText::new("- [ ] a", ""));
    }

    #[test]
    fn a_stretch_is_found_however_often_its_first_byte_comes_first() {
        assert_eq!(stretch_of("- [ ] Call Dana", "Call Dana"), Some(6));
        assert_eq!(stretch_of("aaaaaaaaab", "ab"), Some(8));
        assert_eq!(stretch_of("a a a a a a ab", "ab"), Some(12));
        assert_eq!(stretch_of("a a a a a a ac", "ab"), None);
        assert_eq!(stretch_of("", "a"), None);
        assert_eq!(stretch_of("x", ""), Some(0));
    }
}
