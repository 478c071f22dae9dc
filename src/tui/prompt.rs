//! The due-date prompt: a one-line input on the bar above the status line, for the selected or
//! marked tasks (or the task under review). A component: enter sets the date, esc cancels.

use super::app::App;
use super::component::{Component, Handled};
use super::layout::Areas;
use super::review::Review;
use super::worker::Target;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::text::Span;
use triage::edit::When;

/// The prompt for a due date, with the tasks it applies to.
#[derive(Clone, Debug, Default)]
pub struct Prompt {
    pub input: String,
    pub targets: Vec<Target>,
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(targets: Vec<Target>) -> Prompt {
        Prompt {
            targets,
            ..Prompt::default()
        }
    }
}

impl Component for Prompt {
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled {
        match key.code {
            KeyCode::Esc => {
                app.say("due date unchanged");
                Handled::Close
            }
            KeyCode::Enter => {
                if !app.submit_due(self) {
                    return Handled::Consumed;
                }
                // A date set from review moves the walk on.
                if let Some(r) = app.find_mut::<Review>() {
                    r.next();
                }
                Handled::Close
            }
            _ => {
                if edit_line(&mut self.input, key).is_some() {
                    self.error = None;
                }
                Handled::Consumed
            }
        }
    }

    fn draw(&self, app: &App, f: &mut Frame, areas: &Areas) {
        let Some(r) = areas.bar else {
            return;
        };
        let n = self.targets.len();
        let tasks = if n == 1 {
            "1 task".to_string()
        } else {
            format!("{n} tasks")
        };
        // What the phrase means, live; the forms while nothing readable is typed.
        let note = match When::parse(&self.input, app.today) {
            Ok(when) => Span::styled(
                format!("{} · {tasks}", when.preview(app.today)),
                app.theme.title(),
            ),
            Err(_) => Span::styled(
                format!("{tasks} · fri, next fri, +3d, in 2 weeks, dec 15, due+3d, none"),
                app.theme.muted(),
            ),
        };
        super::ui::input_bar(
            app,
            f,
            r,
            " due › ",
            &self.input,
            note,
            self.error.clone(),
            true,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        vec![("enter".into(), "set"), ("esc".into(), "cancel")]
    }
}

/// What editing keys do to a one-line input; `None` when the key is not an editing key.
pub fn edit_line(input: &mut String, key: &KeyEvent) -> Option<()> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => input.clear(),
        KeyCode::Char('w') if ctrl => {
            let trimmed = input.trim_end().len();
            input.truncate(trimmed);
            let cut = input.rfind(' ').map_or(0, |i| i + 1);
            input.truncate(cut);
        }
        KeyCode::Char(c) if !ctrl => input.push(c),
        KeyCode::Backspace => {
            input.pop();
        }
        _ => return None,
    }
    Some(())
}
