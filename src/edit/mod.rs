//! One-line edits, the safe writer, recurrence and the undo journal (SPEC §5, §6).
