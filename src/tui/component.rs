//! Popups and modes as components on a stack (helix's compositor, gitui's components): each owns
//! its state, draws with `&self`, and answers a key with consumed, close, or not mine.
//!
//! The app offers a key to the top component first; "not mine" passes it down the stack and finally
//! to the main screen. A new popup is one file implementing [`Component`] and one [`App::push`].

use super::app::App;
use super::layout::Areas;
use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::Frame;
use std::any::Any;

/// A component's answer to a key or mouse event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handled {
    /// Used; the component stays.
    Consumed,
    /// Used, and the component is done: it leaves the stack.
    Close,
    /// Not this component's key: offered to the one below it, then to the main screen.
    NotMine,
}

pub trait Component: Any {
    /// Handles a key. The component is off the stack while it runs, so it may use all of `app`;
    /// anything it pushes lands above it.
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Handled;

    /// Draws over what is below it. No I/O; note text is sanitised before it reaches a cell.
    fn draw(&self, app: &App, f: &mut Frame, areas: &Areas);

    /// The key hints for the status line while this component is on top.
    fn hints(&self, _app: &App) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// Mouse events: swallowed by default, so nothing below a popup is clicked through it.
    fn on_mouse(&mut self, _app: &mut App, _m: &MouseEvent) -> Handled {
        Handled::Consumed
    }
}

impl App {
    /// Puts a component on top of the stack.
    pub fn push(&mut self, c: impl Component) {
        self.stack.push(Box::new(c));
    }

    /// The nearest component of type `T`, from the top down.
    pub fn find<T: Component>(&self) -> Option<&T> {
        self.stack
            .iter()
            .rev()
            .find_map(|c| (c.as_ref() as &dyn Any).downcast_ref::<T>())
    }

    pub fn find_mut<T: Component>(&mut self) -> Option<&mut T> {
        self.stack
            .iter_mut()
            .rev()
            .find_map(|c| (c.as_mut() as &mut dyn Any).downcast_mut::<T>())
    }

    /// Whether the top component is a `T`.
    #[cfg(test)]
    pub fn top_is<T: Component>(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|c| (c.as_ref() as &dyn Any).is::<T>())
    }

    /// Offers a key to the stack, top first; `false` when every component said "not mine".
    pub fn offer_key(&mut self, key: &KeyEvent) -> bool {
        let mut i = self.stack.len();
        while i > 0 {
            i -= 1;
            let answer = self.with_component(i, |c, app| c.on_key(app, key));
            if answer != Handled::NotMine {
                return true;
            }
        }
        false
    }

    /// Offers a mouse event to the top component; `false` when there is none or it is not its.
    pub fn offer_mouse(&mut self, m: &MouseEvent) -> bool {
        match self.stack.len().checked_sub(1) {
            Some(i) => self.with_component(i, |c, app| c.on_mouse(app, m)) != Handled::NotMine,
            None => false,
        }
    }

    /// Takes component `i` off the stack, runs `f` on it, and puts it back unless it closed.
    fn with_component(
        &mut self,
        i: usize,
        f: impl FnOnce(&mut dyn Component, &mut App) -> Handled,
    ) -> Handled {
        let mut c = self.stack.remove(i);
        let answer = f(c.as_mut(), self);
        if answer != Handled::Close {
            // Components pushed meanwhile stay above it.
            let at = i.min(self.stack.len());
            self.stack.insert(at, c);
        }
        self.sync_context();
        answer
    }
}
