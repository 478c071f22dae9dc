//! The keymap: every named action with its description and default keys, overridable by `[keys]`.
//! The help screen is built from this table, so it can never drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// Where an action applies: the main screen, or the review walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Main,
    Review,
}

macro_rules! actions {
    ($($variant:ident, $name:literal, $scope:ident, $desc:literal, [$($key:literal),*];)*) => {
        /// A named thing a key can do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action { $($variant,)* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in the config's `[keys]` table.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc,)* }
            }

            pub fn scope(self) -> Scope {
                match self { $(Action::$variant => Scope::$scope,)* }
            }

            fn default_keys(self) -> &'static [&'static str] {
                match self { $(Action::$variant => &[$($key),*],)* }
            }
        }
    };
}

actions! {
    Down, "down", Main, "move down", ["j", "down"];
    Up, "up", Main, "move up", ["k", "up"];
    PageDown, "page_down", Main, "page down", ["ctrl-d", "pagedown"];
    PageUp, "page_up", Main, "page up", ["ctrl-u", "pageup"];
    Top, "top", Main, "first task", ["g", "home"];
    Bottom, "bottom", Main, "last task", ["G", "end"];
    FocusGroups, "focus_groups", Main, "focus the groups pane", ["h", "left"];
    FocusTasks, "focus_tasks", Main, "focus the task pane", ["l", "right"];
    NextTab, "next_tab", Main, "next tab", ["tab"];
    PrevTab, "prev_tab", Main, "previous tab", ["shift-tab"];
    Filter, "filter", Main, "filter: words, or query lines (a; b)", ["/"];
    CycleProposed, "cycle_proposed", Main, "show all / proposed / accepted", ["p"];
    ToggleDone, "toggle_done", Main, "toggle done", ["x", "space"];
    Accept, "accept", Main, "accept a proposed task", ["a"];
    Reject, "reject", Main, "reject a proposed task", ["r"];
    SetDue, "set_due", Main, "set due date: fri, +3d, in 2 weeks, dec 15, due+3d, none", ["d"];
    Postpone, "postpone", Main, "postpone one day", ["s"];
    PriorityUp, "priority_up", Main, "raise priority", ["+", "="];
    PriorityDown, "priority_down", Main, "lower priority", ["-"];
    Undo, "undo", Main, "undo the last edit", ["u"];
    Redo, "redo", Main, "redo what the last undo took back", ["ctrl-y"];
    UndoHistory, "undo_history", Main, "undo history: pick an edit to undo", ["U"];
    Mark, "mark", Main, "mark / unmark for a bulk action, then move down", ["m"];
    ClearMarks, "clear", Main, "clear marks, filter and group", ["esc"];
    Detail, "detail", Main, "show / hide the detail pane", ["enter"];
    OpenEditor, "open_editor", Main, "open the note in $EDITOR at the line", ["e"];
    OpenObsidian, "open_obsidian", Main, "open the note in Obsidian", ["o"];
    Merge, "merge", Main, "merge the picked owner or account into another", ["M"];
    Review, "review", Main, "review proposed tasks one by one", ["R"];
    MessageLog, "message_log", Main, "message log: every outcome so far", ["L"];
    Rescan, "rescan", Main, "re-read the whole vault", ["ctrl-r"];
    Help, "help", Main, "show / hide this help", ["?", "f1"];
    Quit, "quit", Main, "quit", ["q", "ctrl-c"];
    ReviewAccept, "review_accept", Review, "accept and go to the next", ["a", "y"];
    ReviewReject, "review_reject", Review, "reject and go to the next", ["r", "n"];
    ReviewDue, "review_due", Review, "set the due date", ["d"];
    ReviewSkip, "review_skip", Review, "skip to the next", ["s", "j", "down", "right", "space"];
    ReviewBack, "review_back", Review, "back to the previous", ["b", "k", "up", "left"];
    ReviewQuit, "review_quit", Review, "leave review", ["q", "esc"];
}

/// One key chord: a code and the modifiers that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalises a terminal event: shift is part of the character itself, and back-tab is shift-tab.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::BackTab => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            c => c,
        };
        if let KeyCode::Char(_) = code {
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code, mods }
    }

    /// Reads `x`, `G`, `space`, `enter`, `ctrl-d`, `shift-tab`, `alt-x`, `f1`, `pagedown`, …
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, n) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == n {
                break;
            }
            mods |= m;
            rest = &rest[n..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
                format!("{text:?} is not a key (try \"x\", \"G\", \"space\", \"enter\", \"ctrl-d\", \"shift-tab\", \"f1\")")
            })?,
        };
        if code == KeyCode::BackTab {
            return Ok(Key {
                code: KeyCode::Tab,
                mods: mods | KeyModifiers::SHIFT,
            });
        }
        let mut key = Key { code, mods };
        if let KeyCode::Char(c) = code
            && mods.contains(KeyModifiers::SHIFT)
        {
            key.mods.remove(KeyModifiers::SHIFT);
            key.code = KeyCode::Char(c.to_ascii_uppercase());
        }
        Ok(key)
    }

    /// How the key is written in help and in the config.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("f{n}")),
            other => out.push_str(match other {
                KeyCode::Enter => "enter",
                KeyCode::Esc => "esc",
                KeyCode::Tab => "tab",
                KeyCode::Up => "↑",
                KeyCode::Down => "↓",
                KeyCode::Left => "←",
                KeyCode::Right => "→",
                KeyCode::PageUp => "pgup",
                KeyCode::PageDown => "pgdn",
                KeyCode::Home => "home",
                KeyCode::End => "end",
                KeyCode::Backspace => "backspace",
                KeyCode::Delete => "delete",
                KeyCode::Insert => "insert",
                _ => "?",
            }),
        }
        out
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        "minus" => KeyCode::Char('-'),
        "plus" => KeyCode::Char('+'),
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        _ => return None,
    })
}

/// A `[keys]` entry that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// The action name as written in the config.
    pub action: String,
    /// Which key of the action's list, when one key is the problem.
    pub index: Option<usize>,
    pub message: String,
}

/// Action → keys, for both scopes.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = Action::ALL
            .iter()
            .map(|a| {
                let keys = a
                    .default_keys()
                    .iter()
                    .filter_map(|k| Key::parse(k).ok())
                    .collect();
                (*a, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` applied: each named action gets exactly the listed keys.
    /// A key given to one action is taken away from the others of the same scope.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, KeyError> {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let Some(action) = Action::ALL.iter().copied().find(|a| a.name() == name) else {
                let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                return Err(KeyError {
                    action: name.clone(),
                    index: None,
                    message: format!(
                        "unknown action {name:?}; known actions: {}",
                        known.join(", ")
                    ),
                });
            };
            let mut parsed = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                let key = Key::parse(k).map_err(|message| KeyError {
                    action: name.clone(),
                    index: Some(i),
                    message,
                })?;
                parsed.push(key);
            }
            for (other, other_keys) in &mut map.bindings {
                if other.scope() == action.scope() {
                    other_keys.retain(|k| !parsed.contains(k));
                }
            }
            if let Some(slot) = map.bindings.iter_mut().find(|(a, _)| *a == action) {
                slot.1 = parsed;
            }
        }
        Ok(map)
    }

    /// The action bound to `key` in `scope`, if any.
    pub fn action(&self, scope: Scope, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        self.bindings
            .iter()
            .find(|(a, keys)| a.scope() == scope && keys.contains(&key))
            .map(|(a, _)| *a)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// The first key of an action, for hints: `x`, or `—` when it has none.
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map_or_else(|| "—".to_string(), Key::label)
    }

    /// Every binding of a scope, in definition order, for the help screen.
    pub fn entries(&self, scope: Scope) -> impl Iterator<Item = (Action, &[Key])> {
        self.bindings
            .iter()
            .filter(move |(a, _)| a.scope() == scope)
            .map(|(a, k)| (*a, k.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_the_documented_keys() {
        let m = Keymap::default();
        let main = |c| m.action(Scope::Main, &ev(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(main('/'), Some(Action::Filter));
        assert_eq!(main('x'), Some(Action::ToggleDone));
        assert_eq!(main(' '), Some(Action::ToggleDone));
        assert_eq!(main('a'), Some(Action::Accept));
        assert_eq!(main('u'), Some(Action::Undo));
        assert_eq!(main('?'), Some(Action::Help));
        assert_eq!(main('q'), Some(Action::Quit));
        assert_eq!(
            m.action(Scope::Main, &ev(KeyCode::Char('R'), KeyModifiers::SHIFT)),
            Some(Action::Review)
        );
        assert_eq!(
            m.action(Scope::Main, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevTab)
        );
        assert_eq!(
            m.action(Scope::Main, &ev(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Detail)
        );
        assert_eq!(
            m.action(Scope::Review, &ev(KeyCode::Char('a'), KeyModifiers::NONE)),
            Some(Action::ReviewAccept)
        );
        for a in Action::ALL {
            assert!(!m.keys(*a).is_empty(), "{} has no default key", a.name());
        }
    }

    #[test]
    fn overrides_replace_and_steal_keys() {
        let mut o = BTreeMap::new();
        o.insert(
            "accept".to_string(),
            vec!["y".to_string(), "ctrl-a".to_string()],
        );
        o.insert("quit".to_string(), vec!["a".to_string()]);
        let m = Keymap::with_overrides(&o).unwrap();
        let main = |c, mods| m.action(Scope::Main, &ev(KeyCode::Char(c), mods));
        assert_eq!(main('y', KeyModifiers::NONE), Some(Action::Accept));
        assert_eq!(main('a', KeyModifiers::CONTROL), Some(Action::Accept));
        assert_eq!(main('a', KeyModifiers::NONE), Some(Action::Quit));
        assert_eq!(main('q', KeyModifiers::NONE), None);
    }

    #[test]
    fn bad_entries_name_the_action() {
        let mut o = BTreeMap::new();
        o.insert("launch_rockets".to_string(), vec!["x".to_string()]);
        let e = Keymap::with_overrides(&o).unwrap_err();
        assert_eq!(e.action, "launch_rockets");
        assert!(e.message.contains("unknown action"));
        let mut o = BTreeMap::new();
        o.insert("accept".to_string(), vec!["hyper-space".to_string()]);
        let e = Keymap::with_overrides(&o).unwrap_err();
        assert!(e.message.contains("is not a key"), "{}", e.message);
    }

    #[test]
    fn key_labels_round_trip() {
        for text in [
            "x",
            "G",
            "space",
            "enter",
            "ctrl-d",
            "shift-tab",
            "f1",
            "esc",
            "alt-x",
        ] {
            let k = Key::parse(text).unwrap();
            let back = Key::parse(&k.label().replace('↑', "up")).unwrap();
            assert_eq!(k, back, "{text}");
        }
        assert_eq!(Key::parse("shift-r").unwrap(), Key::parse("R").unwrap());
    }
}
