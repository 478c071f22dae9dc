//! Reading one cache segment back into notes, the inverse of the segment writer in `codec`.
//! The bytes are untrusted: every length is checked against what is left, nothing here panics.

use super::codec::{Corrupt, Key};
use crate::hash::FxHashSet;
use crate::task::{
    DateKind, Dates, Finding, FindingKind, NoteMeta, ParsedNote, Priority, StatusType, Task,
    TaskExtras, TaskText, TasksBlock,
};
use chrono::NaiveDate;
use std::sync::Arc;

type Result<T> = std::result::Result<T, Corrupt>;

/// A cursor over untrusted bytes.
pub(crate) struct Input<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// A segment's text, already checked as UTF-8, and how much of it is read.
    text: &'a str,
    text_at: usize,
}

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Input<'a> {
        Input {
            bytes,
            pos: 0,
            text: "",
            text_at: 0,
        }
    }

    /// The next `len` bytes of the segment's text: out of range, or cutting a character in two,
    /// is corrupt.
    fn text_of(&mut self, len: u64) -> Result<&'a str> {
        let end = usize::try_from(len)
            .ok()
            .and_then(|n| self.text_at.checked_add(n));
        let s = end
            .and_then(|end| self.text.get(self.text_at..end))
            .ok_or(Corrupt("a text runs past the segment's text"))?;
        self.text_at += s.len();
        Ok(s)
    }

    /// The next `len` bytes as an input of their own, reading on in the same text.
    fn part(&mut self, len: usize) -> Result<Input<'a>> {
        Ok(Input {
            bytes: self.take(len)?,
            pos: 0,
            text: self.text,
            text_at: self.text_at,
        })
    }

    fn text(&mut self) -> Result<&'a str> {
        let len = self.var()?;
        self.text_of(len)
    }

    fn opt_text(&mut self) -> Result<Option<&'a str>> {
        match self.var()? {
            0 => Ok(None),
            n => self.text_of(n - 1).map(Some),
        }
    }

    pub fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.left() {
            return Err(Corrupt("a length runs past the end"));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32> {
        let mut w = [0u8; 4];
        w.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(w))
    }

    pub fn u64(&mut self) -> Result<u64> {
        let mut w = [0u8; 8];
        w.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(w))
    }

    /// An LEB128 number of at most 64 bits; longer or overflowing encodings are refused.
    pub fn var(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return Err(Corrupt("a number overflows"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Corrupt("a number overflows"))
    }

    fn var_u32(&mut self) -> Result<u32> {
        u32::try_from(self.var()?).map_err(|_| Corrupt("a number overflows"))
    }

    /// A count of items that take at least one byte each: never more than the bytes left.
    pub fn count(&mut self) -> Result<usize> {
        self.count_of(1)
    }

    /// A count of items that take at least `min` bytes each, so that reserving room for them
    /// never asks for more than the bytes left could hold, however large an item is in memory.
    fn count_of(&mut self, min: usize) -> Result<usize> {
        let n = self.var()?;
        match usize::try_from(n) {
            Ok(n) if n <= self.left() / min.max(1) => Ok(n),
            _ => Err(Corrupt("a count exceeds the bytes left")),
        }
    }

    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Corrupt("text is not UTF-8"))
    }

    pub fn is_done(&self) -> bool {
        self.left() == 0
    }
}

/// The fewest bytes a note's record takes: path length, key, body length, and the body's eight
/// one-byte-at-least fields.
const MIN_RECORD: usize = 1 + 40 + 4 + 8;
/// The fewest bytes a task takes: thirteen fields of at least one byte, the dates two.
const MIN_TASK: usize = 14;

/// One `Arc` per name for everything a decoding thread reads, as the scan's name cache does.
/// The `Arc`s are their own keys: a new name costs one allocation, not two.
#[derive(Default)]
pub(crate) struct Interner(FxHashSet<Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.0.insert(a.clone());
        a
    }
}

/// Decodes a whole segment, appending `(key, note)` per record to `out`. On an error `out` may
/// hold part of the segment: the caller drops it.
pub(crate) fn segment(
    bytes: &[u8],
    interner: &mut Interner,
    out: &mut Vec<(Key, ParsedNote)>,
) -> Result<()> {
    let mut input = Input::new(bytes);
    let len = input.count()?;
    input.text = std::str::from_utf8(input.take(len)?).map_err(|_| Corrupt("text is not UTF-8"))?;
    let n = input.count()?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(interner.get(input.text()?));
    }
    let records = input.count_of(MIN_RECORD)?;
    out.reserve(records);
    for _ in 0..records {
        out.push(record(&mut input, &names)?);
    }
    if !input.is_done() || input.text_at != input.text.len() {
        return Err(Corrupt("bytes after the last note"));
    }
    Ok(())
}

fn record(input: &mut Input, names: &[Arc<str>]) -> Result<(Key, ParsedNote)> {
    let path: Arc<str> = Arc::from(input.text()?);
    let key = Key {
        len: input.u64()?,
        mtime: (input.u64()? as i64, nanos(input.u32()?)?),
        ctime: (input.u64()? as i64, nanos(input.u32()?)?),
        ino: input.u64()?,
    };
    let len = input.u32()? as usize;
    let mut body = input.part(len)?;
    let note = note(&mut body, path, names)?;
    if !body.is_done() {
        return Err(Corrupt("a note is shorter than its length"));
    }
    input.text_at = body.text_at;
    Ok((key, note))
}

fn nanos(n: u32) -> Result<u32> {
    if n < 1_000_000_000 {
        Ok(n)
    } else {
        Err(Corrupt("nanoseconds out of range"))
    }
}

fn name(names: &[Arc<str>], i: u64) -> Result<Arc<str>> {
    usize::try_from(i)
        .ok()
        .and_then(|i| names.get(i))
        .cloned()
        .ok_or(Corrupt("a name index is out of range"))
}

fn opt_name(input: &mut Input, names: &[Arc<str>]) -> Result<Option<Arc<str>>> {
    match input.var()? {
        0 => Ok(None),
        i => name(names, i - 1).map(Some),
    }
}

fn note(input: &mut Input, path: Arc<str>, names: &[Arc<str>]) -> Result<ParsedNote> {
    let title = input.text()?.to_string();
    let note_type = input.opt_text()?.map(str::to_string);
    let date = input.opt_text()?.map(str::to_string);
    let account = opt_name(input, names)?;
    let n = input.count()?;
    let mut tags = Vec::with_capacity(n);
    for _ in 0..n {
        tags.push(input.text()?.to_string());
    }
    let mut texts = || -> Result<Vec<String>> {
        let n = input.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(input.text()?.to_string());
        }
        Ok(out)
    };
    let (people, participants, aliases) = (texts()?, texts()?, texts()?);
    let meta = Arc::new(NoteMeta {
        path,
        title,
        note_type,
        date,
        account,
        tags,
        people,
        participants,
        aliases,
    });
    let n = input.count_of(MIN_TASK)?;
    let mut tasks = Vec::with_capacity(n);
    for _ in 0..n {
        tasks.push(task(input, &meta, names)?);
    }
    let n = input.count_of(4)?;
    let mut findings = Vec::with_capacity(n);
    for _ in 0..n {
        let line = input.var_u32()?;
        let kind = finding_kind(input.byte()?)?;
        let message = input.text()?.to_string();
        let path = match input.opt_text()? {
            None => meta.path.clone(),
            Some(p) => Arc::from(p),
        };
        findings.push(Finding {
            path,
            line,
            kind,
            message,
        });
    }
    let n = input.count_of(2)?;
    let mut views = Vec::with_capacity(n);
    for _ in 0..n {
        let line = input.var_u32()?;
        let query = input.text()?.to_string();
        views.push(TasksBlock { line, query });
    }
    Ok(ParsedNote {
        meta,
        tasks,
        findings,
        views,
    })
}

fn task(input: &mut Input, meta: &Arc<NoteMeta>, names: &[Arc<str>]) -> Result<Task> {
    let line = input.var_u32()?;
    let text = input.text()?;
    let status = char::from_u32(input.var_u32()?).ok_or(Corrupt("a status is not a char"))?;
    let flags = input.var()?;
    if flags >> 9 != 0 {
        return Err(Corrupt("unknown task flags"));
    }
    let status_type = match flags & 3 {
        _ if flags >> 8 == 1 => StatusType::OnHold,
        0 => StatusType::Todo,
        1 => StatusType::InProgress,
        2 => StatusType::Done,
        _ => StatusType::Cancelled,
    };
    let priority = priority((flags >> 2) & 7)?;
    let proposed = flags >> 5 & 1 == 1;
    let words = match input.var()? {
        0 => TaskText::new(text, input.text()?),
        1 => {
            let start = usize::try_from(input.var()?).map_err(|_| Corrupt("a span is too long"))?;
            let len = usize::try_from(input.var()?).map_err(|_| Corrupt("a span is too long"))?;
            start
                .checked_add(len)
                .and_then(|end| TaskText::with_span(text, start, end))
                .ok_or(Corrupt("a description is not a stretch of its line"))?
        }
        _ => return Err(Corrupt("unknown description kind")),
    };
    let owner = opt_name(input, names)?;
    let account = match (flags >> 6) & 3 {
        0 => None,
        1 => Some(meta.account.clone().ok_or(Corrupt(
            "a task names its note's account, and there is none",
        ))?),
        2 => Some(name(names, input.var()?)?),
        _ => return Err(Corrupt("unknown account kind")),
    };
    let dates = dates(input)?;
    let mut extras = TaskExtras {
        recurrence: input.opt_text()?.map(Box::from),
        id: input.opt_text()?.map(Box::from),
        block_id: input.opt_text()?.map(Box::from),
        depends_on: Vec::new(),
    };
    let n = input.count()?;
    let mut tags = Vec::with_capacity(n);
    for _ in 0..n {
        tags.push(name(names, input.var()?)?);
    }
    let n = input.count()?;
    extras.depends_on.reserve_exact(n);
    for _ in 0..n {
        extras.depends_on.push(Box::from(input.text()?));
    }
    let heading = opt_name(input, names)?;
    Ok(Task {
        note: meta.clone(),
        line,
        status,
        status_type,
        priority,
        proposed,
        words,
        owner,
        account,
        dates,
        tags,
        heading,
        extras: extras.boxed(),
    })
}

fn dates(input: &mut Input) -> Result<Dates> {
    let present = input.byte()?;
    let invalid = input.byte()?;
    if (present | invalid) >> DateKind::ALL.len() != 0 {
        return Err(Corrupt("unknown date bits"));
    }
    let mut dates = Dates::default();
    for (i, kind) in DateKind::ALL.into_iter().enumerate() {
        if present >> i & 1 == 1 {
            let days = i32::try_from(unzigzag(input.var()?))
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .ok_or(Corrupt("a date is out of range"))?;
            dates.set(kind, Some(days));
        }
        if invalid >> i & 1 == 1 {
            dates.mark_invalid(kind);
        }
    }
    Ok(dates)
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn priority(code: u64) -> Result<Priority> {
    Ok(match code {
        0 => Priority::Highest,
        1 => Priority::High,
        2 => Priority::Medium,
        3 => Priority::None,
        4 => Priority::Low,
        5 => Priority::Lowest,
        _ => return Err(Corrupt("unknown priority")),
    })
}

fn finding_kind(code: u8) -> Result<FindingKind> {
    Ok(match code {
        0 => FindingKind::InvalidDate,
        1 => FindingKind::Mojibake,
        2 => FindingKind::BrokenFrontmatter,
        3 => FindingKind::UnknownStatus,
        4 => FindingKind::SuspectField,
        5 => FindingKind::Unreadable,
        6 => FindingKind::NotATask,
        7 => FindingKind::UnreadableText,
        8 => FindingKind::SuspectOwner,
        9 => FindingKind::TasksSettings,
        _ => return Err(Corrupt("unknown finding kind")),
    })
}
