//! Which list lines are tasks, by the block structure Obsidian's Markdown parsers give a note
//! (CommonMark containers: list item columns, lazy lines, indented code, quotes, fences, HTML).

use std::sync::Arc;
use triage::Config;
use triage::parse::note::is_task_line;
use triage::parse::parse_note;

/// Task line numbers of `text`; also checks that the edit-time check agrees line by line.
fn tasks(text: &str) -> Vec<u32> {
    let n = parse_note(Arc::from("n.md"), text.as_bytes(), &Config::default());
    let found: Vec<u32> = n.tasks.iter().map(|t| t.line).collect();
    let total = text.split('\n').count() as u32;
    let checked: Vec<u32> = (1..=total)
        .filter(|l| is_task_line(text.as_bytes(), *l))
        .collect();
    assert_eq!(
        found, checked,
        "parse_note and is_task_line disagree on {text:?}"
    );
    found
}

#[test]
fn tab_indented_items_right_after_a_heading_are_an_indented_code_block() {
    // A tab is four columns; after a heading (not a paragraph) that opens indented code.
    let note = "## Action Items\n\t- [ ] a\n\t- [ ] b\n- [ ] c\n  - [ ] d\n\t- [ ] e\n";
    assert_eq!(tasks(note), [4, 5, 6]);
    assert_eq!(tasks("## H\n  - [ ] two spaces\n"), [2]);
}

#[test]
fn an_ordered_item_not_starting_at_one_cannot_interrupt_a_paragraph() {
    let callout = "> [!todo] Follow-ups\n> A few things came up.\n> 6. [ ] x\n> 1. [ ] y\n";
    assert_eq!(tasks(callout), [4]);
    assert_eq!(tasks("Text\n2. [ ] y\n\nText\n1. [ ] z\n"), [5]);
    // A new list after a list item is no interruption: any number starts it.
    assert_eq!(tasks("- [ ] a\n3. [ ] b\n7) [ ] c\n"), [1, 2, 3]);
    // Nested under an item's text, a `2.` is more of that text; a `1.` starts a list.
    assert_eq!(tasks("- [x] a\n\t2. [x] b\n\t1. [ ] c\n"), [1, 3]);
    assert_eq!(tasks("Text\n- [ ] bullet\n"), [2]);
}

#[test]
fn an_item_nests_by_the_content_column_of_its_parent() {
    // `12.  ` puts Project 2's content at column 5: a tab (column 4) does not reach it, so
    // the line is lazy text of "Project 2" (obsidian-tasks issue 751: Obsidian agrees).
    let note = "1. Project 1\n\t- [ ] Task 1\n\n12.  Project 2\n\t- [ ] Task 2\n\n18. Project 3\n\t- [ ] Task 3\n";
    assert_eq!(tasks(note), [2, 8]);
    assert_eq!(tasks("- a\n\n    - [ ] b\n"), [3]);
    assert_eq!(tasks("- a\nlazy text\n    - [ ] b\n"), [3]);
}

#[test]
fn an_over_indented_item_inside_an_item_stays_nested() {
    // CommonMark reads it as text of the item above; notes mean a sub-task (kept on purpose).
    assert_eq!(tasks("- [ ] a\n      - [ ] b\n"), [1, 2]);
}

#[test]
fn headings_breaks_and_html_comments_end_lists() {
    assert_eq!(tasks("- a\n# H\n    - [ ] b\n"), Vec::<u32>::new());
    assert_eq!(tasks("- [ ] a\n---\n    - [ ] b\n"), [1]);
    assert_eq!(tasks("- [ ] a\n* * *\n    - [ ] b\n"), [1]);
    assert_eq!(tasks("1. a\n<!-- c -->\n    - [ ] b\n"), Vec::<u32>::new());
    // An empty item ends at a blank line.
    assert_eq!(tasks("-\n\n      - [ ] x\n"), Vec::<u32>::new());
}

#[test]
fn quote_content_has_its_own_columns() {
    assert_eq!(tasks("> text\n>     - [ ] code\n"), Vec::<u32>::new());
    assert_eq!(tasks("> - [ ] a\n>     - [ ] b\n>\t- [ ] c\n"), [1, 2, 3]);
    assert_eq!(
        tasks("> [!note] T\n> > - [ ] nested\n>> - [ ] also\n"),
        [2, 3]
    );
    assert_eq!(tasks("- a\n  > - [ ] in item\n"), [2]);
    // Columns count from the quote's content, wherever its `>` stands on each line.
    assert_eq!(tasks("   > - [ ] a\n>     - [ ] b\n"), [1, 2]);
}

#[test]
fn a_lazy_line_keeps_the_quote_open() {
    assert_eq!(
        tasks("> [!note] T\nlazy text\n> 5. [ ] x\n"),
        Vec::<u32>::new()
    );
    assert_eq!(tasks("> [!note]\n> text\n- [ ] y\n"), [3]);
    // Outside the quote nothing is interrupted: any list item ends the quote.
    assert_eq!(tasks("> text\n5. [ ] f\n"), [2]);
    assert_eq!(tasks("> 5. [ ] i\n10) [ ] ten\n"), [1, 2]);
    // Indented lines (even a fence) after a callout's text are lazy text of it.
    let lazy = "> [!note] T\n\t- [x] tab\n    ```\n> 5. [ ] i\n";
    assert_eq!(tasks(lazy), Vec::<u32>::new());
}

#[test]
fn a_fence_in_a_list_item_ends_with_the_item() {
    assert_eq!(tasks("- item\n  ```\n  - [ ] in code\n- [ ] after\n"), [4]);
    // A fence at the margin ends the item and opens a new fence: the rest is code.
    assert_eq!(
        tasks("- item\n  ```\n  code\n```\n- [ ] x\n"),
        Vec::<u32>::new()
    );
    assert_eq!(
        tasks("- [ ] a\n    ```\n    - [ ] code\n    ```\n- [ ] b\n"),
        [1, 5]
    );
}

#[test]
fn a_fence_closes_only_in_its_own_container_and_indent() {
    assert_eq!(tasks("```\n> ```\n- [ ] hidden\n```\n- [ ] shown\n"), [5]);
    assert_eq!(tasks("```\n    ```\n- [ ] hidden\n```\n- [ ] shown\n"), [5]);
    assert_eq!(tasks("```\n   ```\n- [ ] shown\n"), [3]);
}

#[test]
fn an_indented_fence_after_text_is_text() {
    assert_eq!(tasks("Text\n    ```\n- [ ] shown\n"), [3]);
    assert_eq!(tasks("## H\n    ```\n- [ ] shown\n"), [3]);
}

#[test]
fn html_blocks_hide_markdown_until_a_blank_line() {
    assert_eq!(tasks("<div>\n- [ ] hidden\n</div>\n\n- [ ] shown\n"), [5]);
    let details = "<details>\n<summary>Old</summary>\n\n- [ ] shown\n</details>\n";
    assert_eq!(tasks(details), [4]);
    // Inline HTML is no block.
    assert_eq!(tasks("<span>x</span>\n- [ ] shown\n"), [2]);
    assert_eq!(tasks("- [ ] a <div>\n- [ ] b\n"), [1, 2]);
}

#[test]
fn crlf_fences_tables_and_frontmatter_edges() {
    assert_eq!(tasks("```\r\n- [ ] x\r\n```\r\n- [ ] y\r\n"), [4]);
    assert_eq!(
        tasks("| a | b |\n|---|---|\n| - [ ] x | y |\n"),
        Vec::<u32>::new()
    );
    // No closing `---`: no frontmatter, and the task counts.
    assert_eq!(tasks("---\na: 1\n- [ ] t\n"), [3]);
    assert_eq!(tasks("---\ntitle: x\n---\ntext\n---\n- [ ] t\n"), [6]);
    assert_eq!(
        tasks("a %%x%% b\n- [ ] t\n%%\n- [ ] h\n%%\n- [ ] s\n"),
        [2, 6]
    );
    // `%%` in a code span is text: it hides nothing below it.
    assert_eq!(tasks("Use `%%` to hide text.\n- [ ] shown\n"), [2]);
}

#[test]
fn task_shaped_lines_obsidian_does_not_read_are_findings() {
    use triage::task::FindingKind;
    let text = "## H\n\t- [ ] code\nText\n2. [ ] text\n```\n- [ ] fenced\n```\n- [ ] real\n";
    let n = parse_note(Arc::from("n.md"), text.as_bytes(), &Config::default());
    assert_eq!(n.tasks.iter().map(|t| t.line).collect::<Vec<_>>(), [8]);
    let found: Vec<(u32, FindingKind)> = n.findings.iter().map(|f| (f.line, f.kind)).collect();
    // Code fences and comments hide tasks on purpose: no finding for them.
    assert_eq!(
        found,
        [(2, FindingKind::NotATask), (4, FindingKind::NotATask)]
    );
    assert!(n.findings[0].message.contains("Obsidian"));
}
