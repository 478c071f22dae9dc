//! The hard cases of the task format, end to end: `triage list --json` over a copy of
//! tests/fixtures/vault-hard plus cases made at test time. Expectations are the spec's, not the parser's.
//! Line grammar here (SPEC §2); notes, vault, `check` and `check --fix` in fixtures/vault_hard_notes.rs.

#[path = "fixtures/vault_hard.rs"]
mod fixture;
#[path = "fixtures/vault_hard_notes.rs"]
mod notes;

use fixture::{assert_tasks, task, tasks};
use serde_json::{Value, json};
use std::collections::BTreeSet;

#[test]
fn callouts_and_blockquotes_hold_tasks() {
    let p = "callouts.md";
    assert_tasks(&[
        task(p, 4, " ", "Task in a callout")
            .owner("Dana Reyes")
            .heading("Callouts"),
        task(p, 5, "x", "Task in a nested quote").date("done", "2026-11-20"),
        task(p, 6, " ", "Quote marker without a space"),
        task(p, 8, "/", "Numbered task in a folded callout"),
    ]);
}

#[test]
fn a_fence_inside_a_callout_hides_its_lines() {
    assert_tasks(&[task(
        "callout-fence.md",
        7,
        " ",
        "Task after the fence in the callout",
    )]);
    assert_no_task_at("callout-fence.md", &[5]);
}

#[test]
fn fenced_code_of_every_kind_is_skipped() {
    let p = "fences.md";
    assert_tasks(&[
        task(p, 2, " ", "Before any fence"),
        task(p, 17, " ", "After all fences"),
        task(p, 23, " ", "After the four-tilde fence"),
        task(p, 27, " ", "After the tasks block"),
    ]);
    assert_no_task_at(p, &[4, 7, 9, 13, 15, 19, 21, 25]);
    assert_tasks(&[task("unclosed-fence.md", 2, " ", "Before the fence")]);
    assert_no_task_at("unclosed-fence.md", &[4]);
}

#[test]
fn comment_blocks_are_skipped() {
    let p = "comments.md";
    assert_tasks(&[
        task(p, 5, " ", "After the HTML comment"),
        task(p, 10, " ", "After a one-line comment"),
        task(p, 14, " ", "After the mid-line comment"),
        task(p, 16, " ", "After a one-line HTML comment"),
    ]);
    assert_no_task_at(p, &[3, 7, 12]);
    // Whichever block opens first decides: `%%` in a fence and a fence in a comment open nothing.
    let n = "nesting.md";
    assert_tasks(&[
        task(n, 5, " ", "Task after a fence holding a comment marker"),
        task(n, 9, " ", "Task after a comment holding a fence"),
        task(
            n,
            13,
            " ",
            "Task after an HTML comment holding a comment marker",
        ),
    ]);
}

#[test]
fn every_list_marker_and_no_near_misses() {
    let p = "markers.md";
    assert_tasks(&[
        task(p, 2, " ", "Dash marker"),
        task(p, 3, " ", "Star marker"),
        task(p, 4, " ", "Plus marker"),
        task(p, 5, " ", "Dot number marker"),
        task(p, 6, " ", "Paren number marker"),
        task(p, 7, " ", "Two-digit number marker"),
        task(p, 8, " ", "Several spaces after the marker"),
        task(p, 9, " ", "Tab indented"),
        task(p, 10, " ", "Four spaces indented"),
        task(p, 17, " ", ""),
        task(p, 18, "x", ""),
        task(p, 21, " ", ""),
    ]);
    assert_no_task_at(p, &[11, 12, 13, 14, 15, 16, 19, 20]);
}

#[test]
fn every_status_symbol() {
    let p = "statuses.md";
    assert_tasks(&[
        task(p, 2, " ", "Todo status"),
        task(p, 3, "?", "Proposed status").proposed(true),
        task(p, 4, "/", "In progress status"),
        task(p, 5, "x", "Done lower"),
        task(p, 6, "X", "Done upper"),
        task(p, 7, "-", "Cancelled status"),
        task(p, 8, "!", "Important unknown status"),
        task(p, 9, ">", "Forwarded unknown status"),
        task(p, 10, "\u{2192}", "Non-ASCII unknown status"),
        task(p, 11, "\u{1F642}", "Emoji unknown status"),
    ]);
}

#[test]
fn every_emoji_field_with_and_without_variation_selector() {
    let p = "emoji-fields.md";
    assert_tasks(&[
        task(p, 2, " ", "Due calendar").due("2026-11-24"),
        task(p, 3, " ", "Due tear-off").due("2026-11-25"),
        task(p, 4, " ", "Due spiral").due("2026-11-26"),
        task(p, 5, " ", "Due spiral with selector").due("2026-11-27"),
        task(p, 6, " ", "Due with selector").due("2026-11-28"),
        task(p, 7, " ", "Due without a space").due("2026-11-29"),
        task(p, 8, " ", "Due with two spaces").due("2026-11-30"),
        task(p, 9, " ", "Scheduled hourglass").date("scheduled", "2026-12-01"),
        task(p, 10, " ", "Scheduled hourglass done").date("scheduled", "2026-12-02"),
        task(p, 11, " ", "Scheduled with selector").date("scheduled", "2026-12-03"),
        task(p, 12, " ", "Start").date("start", "2026-12-04"),
        task(p, 13, " ", "Created").date("created", "2026-11-01"),
        task(p, 14, "x", "Done date").date("done", "2026-11-20"),
        task(p, 15, "x", "Done with selector").date("done", "2026-11-21"),
        task(p, 16, "-", "Cancelled").date("cancelled", "2026-11-19"),
        task(p, 17, " ", "Highest").priority("highest"),
        task(p, 18, " ", "High").priority("high"),
        task(p, 19, " ", "High with selector").priority("high"),
        task(p, 20, " ", "Medium").priority("medium"),
        task(p, 21, " ", "Low").priority("low"),
        task(p, 22, " ", "Lowest").priority("lowest"),
        task(p, 23, " ", "Recurring")
            .recurrence("every week on Monday")
            .due("2026-11-23"),
        task(p, 24, " ", "Recurring when done").recurrence("every 2 weeks when done"),
        task(p, 25, " ", "Recurring monthly")
            .recurrence("every month on the 15th")
            .date("scheduled", "2026-12-15"),
        task(p, 26, " ", "With id").set("id", json!("abc-1")),
        task(p, 27, " ", "Depends on two").set("depends_on", json!(["abc-1", "def-2"])),
        task(p, 28, " ", "Everything")
            .priority("highest")
            .date("created", "2026-11-01")
            .date("start", "2026-11-20")
            .date("scheduled", "2026-11-22")
            .due("2026-11-23")
            .recurrence("every day")
            .set("id", json!("all-1"))
            .set("depends_on", json!(["abc-1"]))
            .tags(&["all"]),
        // A symbol followed by something that is not a value is plain text.
        task(p, 29, " ", "Not a date \u{1F4C5} soon"),
        task(p, 30, " ", "Invalid date").set("invalid_dates", json!(["due"])),
        task(p, 31, " ", "Priority emoji mid-line then more words").priority("high"),
        task(p, 32, " ", "Due mid-line then more words")
            .due("2026-12-24")
            .owner("Sam")
            .tags(&["t"]),
        task(p, 33, " ", "Starts with a priority").priority("high"),
        task(p, 34, " ", "Starts with a date").due("2026-11-24"),
        task(p, 35, " ", "Selectors everywhere")
            .date("start", "2026-12-05")
            .date("created", "2026-11-02")
            .recurrence("every day")
            .set("id", json!("sel-1"))
            .set("depends_on", json!(["abc-1"])),
        task(p, 36, " ", "Recurrence before a tag")
            .recurrence("every week")
            .tags(&["weekly"]),
    ]);
}

#[test]
fn dataview_fields_in_both_bracket_forms() {
    let p = "dataview.md";
    assert_tasks(&[
        task(p, 2, " ", "Square due").due("2026-11-24"),
        task(p, 3, " ", "Round due").due("2026-11-25"),
        task(p, 4, " ", "Square priority").priority("high"),
        task(p, 5, " ", "Round priority").priority("lowest"),
        task(p, 6, " ", "Scheduled and start")
            .date("scheduled", "2026-11-26")
            .date("start", "2026-11-20"),
        task(p, 7, " ", "Created").date("created", "2026-11-01"),
        task(p, 8, "x", "Completion").date("done", "2026-11-21"),
        task(p, 9, "-", "Cancelled").date("cancelled", "2026-11-22"),
        task(p, 10, " ", "Repeat").recurrence("every week on Monday"),
        task(p, 11, " ", "Id depends")
            .set("id", json!("dv-1"))
            .set("depends_on", json!(["dv-0", "dv-2"])),
        task(p, 12, " ", "Mid-line field then words")
            .due("2026-12-01")
            .owner("Dana Reyes"),
        task(p, 13, " ", "Both forms in one line")
            .priority("medium")
            .due("2026-12-02"),
        task(p, 14, " ", "Mismatched brackets [due:: 2026-12-03)"),
        task(p, 15, " ", "Invalid dataview date").set("invalid_dates", json!(["due"])),
        task(p, 16, " ", "No space after the colons").due("2026-11-27"),
    ]);
}

#[test]
fn owners_follow_the_mention_rules() {
    let p = "owners.md";
    assert_tasks(&[
        task(p, 2, " ", "Single word owner").owner("Sam"),
        task(p, 3, " ", "Multi word owner").owner("Dana Reyes"),
        task(p, 4, " ", "Link owner").owner("Dana Reyes"),
        task(p, 5, " ", "Last mention wins @Sam then").owner("Dana Reyes"),
        task(p, 6, " ", "Email is not a mention dana@example.com"),
        task(p, 7, " ", "").owner("Sam").skip("description"),
        task(p, 8, " ", "").owner("Dana").skip("description"),
        task(p, 9, " ", "Digits and dots in a handle").owner("j.doe-2"),
        task(p, 10, " ", "Mention with a field after")
            .owner("Dana Reyes")
            .due("2026-11-24")
            .tags(&["x"]),
        task(p, 11, " ", "Myself").owner("Myself"),
        task(p, 12, " ", "No owner at all"),
        task(p, 13, " ", "At sign alone @ is not a mention"),
        task(p, 14, " ", "Mention inside a word a@Sam is not one"),
        task(p, 15, " ", "").owner("Sam").skip("description"),
        // A name goes on only over single spaces, and only with words of letters.
        task(p, 16, " ", "").owner("Dana").skip("description"),
        task(p, 17, " ", "").owner("Dana").skip("description"),
    ]);
}

#[test]
fn tags_nested_in_sentences_and_not_in_urls() {
    let p = "tags.md";
    assert_tasks(&[
        task(p, 2, " ", "Tag at the end").tags(&["alpha"]),
        task(p, 3, " ", "Tags #inline in the sentence and at the end")
            .tags(&["inline", "beta", "gamma"]),
        task(p, 4, " ", "Nested tag")
            .tags(&["account/example-co"])
            .account("Example Co"),
        task(
            p,
            5,
            " ",
            "URL is not a tag https://example.com/page#section",
        ),
        task(
            p,
            6,
            " ",
            "URL with hash path https://example.com/#/route and",
        )
        .tags(&["real"]),
        task(p, 7, " ", "Punctuation ends a tag #done, then more").tags(&["done"]),
        task(p, 8, " ", "Hash without space#not-a-tag"),
        task(p, 9, " ", "Heading-like # not a tag"),
        task(p, 10, " ", "Tag with dash and underscore").tags(&["with-dash_under"]),
        task(p, 11, " ", "Unicode tag").tags(&["caf\u{e9}"]),
        task(p, 12, " ", "Proposed tag")
            .tags(&["proposed"])
            .proposed(true),
    ]);
}

#[test]
fn block_links_belong_to_the_line() {
    let p = "block-links.md";
    assert_tasks(&[
        task(p, 2, " ", "Task with a block link").set("block_id", json!("abc123")),
        task(p, 3, " ", "Block link after fields")
            .due("2026-11-24")
            .tags(&["tag"])
            .set("block_id", json!("blk-2")),
        task(p, 4, " ", "Caret in the middle ^notalink here").set("block_id", Value::Null),
    ]);
}

#[test]
fn mojibake_fields_are_fields_and_text_is_repaired() {
    let p = "mojibake.md";
    assert_tasks(&[
        task(p, 2, " ", "Confirm Dana\u{2019}s travel dates")
            .due("2026-11-24")
            .priority("high"),
        task(p, 3, " ", "Book the venue \u{2013} second floor").priority("highest"),
        task(p, 4, " ", "Review the offer")
            .priority("medium")
            .owner("Sam"),
        task(p, 5, " ", "Windows mojibake Dana\u{2019}s notes"),
        // Never guess: text that does not re-encode to valid UTF-8 stays as written.
        task(p, 7, " ", "Real text stays: Zo\u{eb} and \u{c4}rger"),
        task(p, 8, " ", "Windows emoji field").due("2026-11-25"),
    ]);
}

#[test]
fn exactly_the_expected_tasks() {
    let got: BTreeSet<(String, u64)> = tasks()
        .iter()
        .map(|t| {
            (
                t["path"].as_str().unwrap_or_default().to_owned(),
                t["line"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(p, _)| p != "big-note.md")
        .collect();
    let want: BTreeSet<(String, u64)> = fixture::all_task_positions().into_iter().collect();
    let extra: Vec<_> = got.difference(&want).collect();
    let missing: Vec<_> = want.difference(&got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "tasks that should not be there: {extra:?}\ntasks not found: {missing:?}"
    );
}

fn assert_no_task_at(path: &str, lines: &[u64]) {
    let found: Vec<u64> = tasks()
        .iter()
        .filter(|t| t["path"] == path)
        .filter_map(|t| t["line"].as_u64())
        .filter(|l| lines.contains(l))
        .collect();
    assert!(
        found.is_empty(),
        "{path}: lines {found:?} must not be tasks"
    );
}
