//! Review mode's state: a walk through the proposed tasks of the current list, one at a time.
//! Holds task keys, not references, so edits and watcher changes in between cannot invalidate it.

use super::app::{Prompt, TaskKey};

#[derive(Clone, Debug, Default)]
pub struct Review {
    pub items: Vec<TaskKey>,
    pub pos: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// The due-date prompt, while open.
    pub prompt: Option<Prompt>,
}

impl Review {
    pub fn new(items: Vec<TaskKey>) -> Review {
        Review {
            items,
            ..Review::default()
        }
    }

    pub fn current(&self) -> Option<&TaskKey> {
        self.items.get(self.pos)
    }

    /// Moves on; returns false when the walk is over.
    pub fn next(&mut self) -> bool {
        if self.pos < self.items.len() {
            self.pos += 1;
        }
        self.pos < self.items.len()
    }

    pub fn back(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }
}
