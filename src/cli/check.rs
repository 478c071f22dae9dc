//! `triage check`: report what is wrong in the vault's notes, with path and line; `--fix` repairs
//! mojibake runs in place (only those bytes, through the safe writer).

use super::Ctx;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use triage::task::{Finding, FindingKind};
use triage::text::sanitize;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The vault, as --vault takes it (default: TRIAGE_VAULT, the config's, or the one around this folder).
    #[arg(id = "VAULT", value_hint = clap::ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Repair mojibake runs in the files (only runs that re-encode to valid UTF-8).
    #[arg(long)]
    pub fix: bool,
    /// Print one JSON array of findings.
    #[arg(long)]
    pub json: bool,
}

/// Exit status: 0 when nothing is left to report, 1 when findings remain.
pub fn run(ctx: &Ctx, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let root = ctx.vault(args.vault.as_deref())?;
    let mut index = ctx.index(&root)?;
    let mut out = std::io::stdout().lock();
    if args.fix {
        let summary = super::fix::fix_mojibake(&root, &index, &ctx.config)?;
        for line in &summary.lines {
            writeln!(out, "{}", sanitize(line))?;
        }
        writeln!(
            out,
            "fixed {} mojibake run(s) in {} note(s)",
            summary.runs, summary.files
        )?;
        if summary.files > 0 {
            // The fixed notes have new stamps, so they are read again; the others come from the cache.
            index = ctx.index(&root)?;
        }
    }
    // A settings file that could not be used as it is comes first: it changes what the rest means.
    let settings = ctx.config.tasks.warning.as_ref().map(|w| Finding {
        path: ctx.config.tasks.file.as_deref().map_or_else(
            || "data.json".into(),
            |f| {
                let shown = f.strip_prefix(&root).unwrap_or(f);
                shown.to_string_lossy().replace('\\', "/").into()
            },
        ),
        line: 0,
        kind: FindingKind::TasksSettings,
        message: w.clone(),
    });
    // Vault-wide: a mention is checked against the people the whole vault names.
    let owners = triage::names::mistyped_owners(index.tasks(), &index.directory().people);
    let mut findings: Vec<&Finding> = index.findings().chain(&owners).collect();
    if !owners.is_empty() {
        findings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
    findings.splice(0..0, settings.iter());
    if args.json {
        triage::text::write_json(&mut out, &findings, false)?;
        writeln!(out)?;
    } else {
        let advice = shared_advice(&findings);
        for f in &findings {
            let at = if f.line > 0 {
                format!("{}:{}", f.path, f.line)
            } else {
                f.path.to_string()
            };
            let kind = f.kind.as_str();
            let mut message = without_kind(kind, &f.message);
            if let Some((_, tail)) = advice.iter().find(|(k, _)| *k == kind) {
                message = message.strip_suffix(tail.as_str()).unwrap_or(message);
            }
            writeln!(out, "{}: {kind}: {}", sanitize(&at), sanitize(message))?;
        }
        for (kind, tail) in &advice {
            writeln!(out, "{kind}: {}", sanitize(&footer(tail)))?;
        }
        if findings.is_empty() {
            writeln!(out, "no problems found in {} notes", index.note_count())?;
        } else {
            writeln!(
                out,
                "{} problem(s) in {} notes",
                findings.len(),
                index.note_count()
            )?;
        }
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The message without a leading repetition of its kind (`mojibake `‚Äô` …` → `` `‚Äô` …``).
fn without_kind<'a>(kind: &str, message: &'a str) -> &'a str {
    let words = kind.replace('-', " ");
    match message.get(..words.len()) {
        Some(head) if head.eq_ignore_ascii_case(&words) => {
            let rest = &message[words.len()..];
            match rest.strip_prefix(':').unwrap_or(rest).strip_prefix(' ') {
                Some(rest) if !rest.trim().is_empty() => rest,
                _ => message,
            }
        }
        _ => message,
    }
}

/// For each kind reported more than once: the explanation every one of its messages ends with
/// (from a ` (` or `; ` on), to print once under the findings instead of on every line.
fn shared_advice(findings: &[&Finding]) -> Vec<(&'static str, String)> {
    let mut by_kind: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for f in findings {
        let kind = f.kind.as_str();
        let message = without_kind(kind, &f.message);
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, messages)) => messages.push(message),
            None => by_kind.push((kind, vec![message])),
        }
    }
    let mut advice = Vec::new();
    for (kind, messages) in by_kind {
        let [first, rest @ ..] = messages.as_slice() else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let mut common = first.len();
        for m in rest {
            let same = first
                .bytes()
                .rev()
                .zip(m.bytes().rev())
                .take_while(|(a, b)| a == b)
                .count();
            common = common.min(same);
        }
        // Every message keeps something of its own: the tail must start after its first byte.
        let from = first.len() - common;
        let start = [" (", "; "]
            .iter()
            .filter_map(|sep| {
                first
                    .get(from..)
                    .and_then(|t| t.find(sep))
                    .map(|i| from + i)
            })
            .min();
        if let Some(start) = start.filter(|s| *s > 0) {
            advice.push((kind, first[start..].to_string()));
        }
    }
    advice
}

/// The shared explanation as a sentence of its own: ` (why); what to do` → `why; what to do`.
fn footer(tail: &str) -> String {
    let tail = tail.trim_start_matches([';', ' ']);
    // Said once for many lines, "it" no longer has one line to point at.
    let plural = tail
        .strip_suffix(" repairs it")
        .map(|t| format!("{t} repairs them"));
    let tail = plural.as_deref().unwrap_or(tail);
    match tail.strip_prefix('(').and_then(|t| t.split_once(')')) {
        Some((why, rest)) => format!("{why}{rest}"),
        None => tail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{footer, without_kind};

    #[test]
    fn the_kind_is_not_repeated() {
        assert_eq!(
            without_kind("mojibake", "mojibake `x` should read `y`"),
            "`x` should read `y`"
        );
        assert_eq!(
            without_kind("unknown-status", "unknown status symbol `[!]`"),
            "symbol `[!]`"
        );
        assert_eq!(
            without_kind("invalid-date", "`📅 2026-11-31` is not"),
            "`📅 2026-11-31` is not"
        );
        assert_eq!(without_kind("mojibake", "mojibake"), "mojibake");
    }

    #[test]
    fn footers_read_as_a_sentence() {
        assert_eq!(footer(" (a b); run c"), "a b; run c");
        assert_eq!(footer("; run c"), "run c");
        assert_eq!(footer(" (only why)"), "only why");
        assert_eq!(footer(" (why); `x` repairs it"), "why; `x` repairs them");
    }
}
