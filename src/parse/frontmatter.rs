//! The frontmatter of a note (SPEC §1, §3): the YAML between a first line `---` and the next `---`.
//! Parsing is bounded (size, events, aliases, depth) so hostile YAML returns quickly with a problem.

use super::blocks;
use serde::Deserialize;
use serde_saphyr::options::DuplicateKeyPolicy;

/// Frontmatter larger than this is not parsed at all.
pub const MAX_FRONTMATTER_BYTES: usize = 64 * 1024;

/// The keys triage uses, as read from the YAML.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frontmatter {
    pub title: Option<String>,
    pub note_type: Option<String>,
    /// As written: a quoted or bare YAML date, as text.
    pub date: Option<String>,
    /// Every account named (string, list, `[[Link]]`, `[[Link|Alias]]` → `Link`).
    pub accounts: Vec<String>,
    /// Without `#`.
    pub tags: Vec<String>,
    /// The person the note is about: `person`, then `entity` (both when both are given).
    pub people: Vec<String>,
    pub participants: Vec<String>,
    pub aliases: Vec<String>,
    pub name: Option<String>,
}

/// Why the frontmatter could not be read; `line` is 1-based in the note.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontmatterError {
    pub line: u32,
    pub message: String,
}

/// The frontmatter block of a note, if it has one: where the YAML is and where it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub yaml: std::ops::Range<usize>,
    /// 1-based line of the closing `---`.
    pub close_line: u32,
}

pub fn block(bytes: &[u8]) -> Option<Block> {
    blocks::frontmatter(bytes).map(|(yaml, close_line)| Block { yaml, close_line })
}

/// Reads the frontmatter of a whole note. `Ok(None)` when the note has none.
pub fn read_note(bytes: &[u8]) -> Result<Option<Frontmatter>, FrontmatterError> {
    match block(bytes) {
        Some(b) => read_yaml(&bytes[b.yaml]).map(Some),
        None => Ok(None),
    }
}

/// Reads frontmatter YAML (the text between the `---` lines). Errors name the note's line:
/// the YAML starts on line 2.
pub fn read_yaml(yaml: &[u8]) -> Result<Frontmatter, FrontmatterError> {
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return Err(FrontmatterError {
            line: 1,
            message: format!(
                "frontmatter is {} KiB; only up to {} KiB is read, so its keys are ignored",
                yaml.len() / 1024,
                MAX_FRONTMATTER_BYTES / 1024
            ),
        });
    }
    let text = std::str::from_utf8(yaml).map_err(|e| FrontmatterError {
        line: 2 + count_lines(&yaml[..e.valid_up_to()]),
        message: "frontmatter is not valid UTF-8".into(),
    })?;
    if text.trim().is_empty() {
        return Ok(Frontmatter::default());
    }
    match super::simple_yaml::parse(text) {
        Some(raw) => Ok(raw.into_frontmatter()),
        None => read_full(text),
    }
}

/// The value of any frontmatter key of a note, as text (a list joined with `, `); `None` when
/// the note has no such key or its frontmatter cannot be read. Bounded like every YAML read here.
pub fn property(bytes: &[u8], key: &str) -> Option<String> {
    let b = block(bytes)?;
    let yaml = bytes.get(b.yaml)?;
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return None;
    }
    let text = std::str::from_utf8(yaml).ok()?;
    let map: std::collections::BTreeMap<String, Val> =
        serde_saphyr::from_str_with_options(text, options()).ok()?;
    match map.into_iter().find(|(k, _)| k == key)?.1 {
        Val::List(items) => Some(
            items
                .into_iter()
                .filter_map(Val::into_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        v => v.into_text(),
    }
}

/// The real YAML parser, with its limits.
pub(super) fn read_full(text: &str) -> Result<Frontmatter, FrontmatterError> {
    let raw: Option<Raw> = serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let line = e
            .location()
            .map_or(0, |l| l.line().min(u64::from(u32::MAX - 2)) as u32);
        let message = e.without_snippet().to_string();
        let message = message.lines().next().unwrap_or("invalid YAML").trim();
        // The finding carries the note's line; the parser's own position counts from the YAML.
        let message = message.split(" at line ").next().unwrap_or(message);
        let message = if message.contains("budget breached") || message.contains("alias") {
            "frontmatter is too large or repetitive to read safely (alias expansion, nesting or \
             size limit reached); its keys are ignored"
                .to_string()
        } else {
            format!("frontmatter is not valid YAML: {message}")
        };
        FrontmatterError {
            line: 1 + line.max(1),
            message,
        }
    })?;
    Ok(raw.map(Raw::into_frontmatter).unwrap_or_default())
}

fn count_lines(b: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', b)
        .count()
        .try_into()
        .unwrap_or(u32::MAX - 2)
}

/// Limits far above any real note and far below what would hurt: a note's metadata is tiny.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_aliases: 200,
            max_anchors: 200,
            max_recorded_anchor_events: 20_000,
            max_recorded_anchor_bytes: 1 << 20,
            max_depth: 32,
            flow_nesting_limit: 32,
            max_documents: 1,
            max_nodes: 20_000,
            max_total_scalar_bytes: MAX_FRONTMATTER_BYTES,
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 20_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: DuplicateKeyPolicy::LastWins,
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Any YAML value, reduced to what metadata needs.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub(super) enum Val {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    List(Vec<Val>),
    Other(serde::de::IgnoredAny),
}

impl Val {
    /// A scalar as text; a one-item list of one-item list is an unquoted `[[Link]]`.
    /// Moves the parsed string out rather than copying it.
    fn into_text(self) -> Option<String> {
        match self {
            Val::Str(s) => Some(trimmed(s)),
            Val::Bool(b) => Some(b.to_string()),
            Val::Int(i) => Some(i.to_string()),
            Val::Float(f) => Some(f.to_string()),
            Val::List(mut items) => match items.as_mut_slice() {
                [Val::List(inner)] if inner.len() == 1 => inner.pop()?.into_text(),
                _ => None,
            },
            Val::Other(_) => None,
        }
    }

    /// Whether [`Val::into_text`] gives text, without taking the value apart.
    fn has_text(&self) -> bool {
        match self {
            Val::Str(_) | Val::Bool(_) | Val::Int(_) | Val::Float(_) => true,
            Val::List(items) => match items.as_slice() {
                [Val::List(inner)] if inner.len() == 1 => inner[0].has_text(),
                _ => false,
            },
            Val::Other(_) => false,
        }
    }

    /// Every text of a scalar or list, empty ones dropped.
    fn into_texts(self) -> Vec<String> {
        let mut all: Vec<String> = match self {
            Val::List(items) if !self.has_text() => {
                items.into_iter().filter_map(Val::into_text).collect()
            }
            v => v.into_text().into_iter().collect(),
        };
        all.retain(|s| !s.is_empty());
        all
    }
}

/// `s.trim()` as an owned string, reusing `s` when there is nothing to trim.
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() {
        s
    } else {
        s.trim().to_string()
    }
}

/// `f(&s)` as an owned string, reusing `s` when `f` returns all of it.
fn owned_part(s: String, f: impl Fn(&str) -> &str) -> String {
    if f(&s).len() == s.len() {
        s
    } else {
        f(&s).to_string()
    }
}

#[derive(Deserialize, Debug, Default)]
#[serde(default)]
pub(super) struct Raw {
    title: Option<Val>,
    #[serde(rename = "type")]
    note_type: Option<Val>,
    date: Option<Val>,
    account: Option<Val>,
    tags: Option<Val>,
    person: Option<Val>,
    entity: Option<Val>,
    participants: Option<Val>,
    aliases: Option<Val>,
    name: Option<Val>,
}

impl Raw {
    /// Sets a key as the YAML reader would (exact key names; the last duplicate wins).
    pub(super) fn set(&mut self, key: &str, value: Option<Val>) {
        let slot = match key {
            "title" => &mut self.title,
            "type" => &mut self.note_type,
            "date" => &mut self.date,
            "account" => &mut self.account,
            "tags" => &mut self.tags,
            "person" => &mut self.person,
            "entity" => &mut self.entity,
            "participants" => &mut self.participants,
            "aliases" => &mut self.aliases,
            "name" => &mut self.name,
            _ => return,
        };
        *slot = value;
    }

    /// Moves the values' strings into the frontmatter: most need no change, so no copy.
    pub(super) fn into_frontmatter(self) -> Frontmatter {
        let one = |v: Option<Val>| v.and_then(Val::into_text).filter(|s| !s.is_empty());
        let many = |v: Option<Val>| v.map(Val::into_texts).unwrap_or_default();
        let mut tags = Vec::new();
        for t in many(self.tags) {
            let split = |c: char| c == ',' || c.is_whitespace();
            if !t.contains(split) && !t.starts_with('#') {
                // One word with nothing to strip (and not empty: `many` drops those).
                tags.push(t);
                continue;
            }
            tags.extend(
                t.split(split)
                    .map(|t| t.trim_start_matches('#'))
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            );
        }
        let people: Vec<String> = [one(self.person), one(self.entity)]
            .into_iter()
            .flatten()
            .map(|p| owned_part(p, link_target))
            .filter(|p| !p.is_empty())
            .collect();
        Frontmatter {
            title: one(self.title),
            note_type: one(self.note_type),
            date: one(self.date),
            accounts: many(self.account)
                .into_iter()
                .map(|a| owned_part(a, link_target))
                .filter(|a| !a.is_empty())
                .collect(),
            tags,
            people,
            participants: many(self.participants)
                .into_iter()
                .map(|p| owned_part(p, link_target))
                .collect(),
            aliases: many(self.aliases),
            name: one(self.name),
        }
    }
}

/// `[[Link]]`, `[[Link|Alias]]`, `[[Folder/Link#Part]]` → `Link`; anything else as it is.
pub fn link_target(s: &str) -> &str {
    let s = s.trim();
    match s.strip_prefix("[[").and_then(|s| s.strip_suffix("]]")) {
        // Cutting at ASCII bytes keeps the slice on char boundaries.
        Some(inner) => &inner[super::inline::link_note_range(inner.as_bytes())],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The copying conversion the moving one replaced: the reference it must equal.
    fn text(v: &Val) -> Option<String> {
        match v {
            Val::Str(s) => Some(s.trim().to_string()),
            Val::Bool(b) => Some(b.to_string()),
            Val::Int(i) => Some(i.to_string()),
            Val::Float(f) => Some(f.to_string()),
            Val::List(items) => match items.as_slice() {
                [Val::List(inner)] if inner.len() == 1 => text(&inner[0]),
                _ => None,
            },
            Val::Other(_) => None,
        }
    }

    fn texts(v: &Val) -> Vec<String> {
        let all: Vec<String> = match v {
            Val::List(items) if text(v).is_none() => items.iter().filter_map(text).collect(),
            v => text(v).into_iter().collect(),
        };
        all.into_iter().filter(|s| !s.is_empty()).collect()
    }

    fn copying(raw: &Raw) -> Frontmatter {
        let one = |v: &Option<Val>| v.as_ref().and_then(text).filter(|s| !s.is_empty());
        let many = |v: &Option<Val>| v.as_ref().map(texts).unwrap_or_default();
        Frontmatter {
            title: one(&raw.title),
            note_type: one(&raw.note_type),
            date: one(&raw.date),
            accounts: many(&raw.account)
                .iter()
                .map(|a| link_target(a).to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            tags: many(&raw.tags)
                .iter()
                .flat_map(|t| t.split(|c: char| c == ',' || c.is_whitespace()))
                .map(|t| t.trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            people: [one(&raw.person), one(&raw.entity)]
                .into_iter()
                .flatten()
                .map(|p| link_target(&p).to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            participants: many(&raw.participants)
                .iter()
                .map(|p| link_target(p).to_string())
                .collect(),
            aliases: many(&raw.aliases),
            name: one(&raw.name),
        }
    }

    fn val() -> impl Strategy<Value = Val> {
        let word = prop::sample::select(vec![
            "",
            " ",
            "a",
            " a ",
            "#a",
            "a,b",
            "a b",
            "#",
            "[[L|A]]",
            " [[F/L.md#h]] ",
            "[[]]",
            "é",
        ]);
        let leaf = prop_oneof![
            word.prop_map(|w| Val::Str(w.to_string())),
            any::<bool>().prop_map(Val::Bool),
            (-3i64..3).prop_map(Val::Int),
            Just(Val::Float(1.5)),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop::collection::vec(inner, 0..4).prop_map(Val::List)
        })
    }

    proptest! {
        #[test]
        fn moving_values_out_equals_copying_them(
            vals in prop::collection::vec(prop::option::of(val()), 10)
        ) {
            let mut v = vals.into_iter();
            let mut next = || v.next().flatten();
            let raw = Raw {
                title: next(),
                note_type: next(),
                date: next(),
                account: next(),
                tags: next(),
                person: next(),
                entity: next(),
                participants: next(),
                aliases: next(),
                name: next(),
            };
            let want = copying(&raw);
            prop_assert_eq!(raw.into_frontmatter(), want);
        }
    }

    #[test]
    fn links_lose_brackets_and_aliases() {
        assert_eq!(link_target("[[Example Co|EC]]"), "Example Co");
        assert_eq!(link_target("[[Example Co]]"), "Example Co");
        assert_eq!(link_target("Example Co"), "Example Co");
        assert_eq!(
            link_target("[[Accounts/Example Co.md#Notes|EC]]"),
            "Example Co"
        );
    }
}
