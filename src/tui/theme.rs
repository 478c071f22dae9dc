//! Colour roles for the UI, from the config's `[theme]` (or monochrome, or NO_COLOR).
//! Only styles live here; nothing in this file decides what is shown.

use ratatui::style::{Color, Modifier, Style};
use triage::config::Color as ConfigColor;
use triage::config::Theme as ThemeConfig;

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub mono: bool,
    pub accent: Color,
    pub overdue: Color,
    pub today: Color,
    pub proposed: Color,
    pub done: Color,
    pub muted: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            mono: false,
            accent: Color::Cyan,
            overdue: Color::Red,
            today: Color::Yellow,
            proposed: Color::Magenta,
            done: Color::Green,
            muted: Color::DarkGray,
        }
    }
}

impl Theme {
    /// Reads the config's roles (already validated when the config was loaded).
    pub fn from_config(cfg: &ThemeConfig, no_color: bool) -> Theme {
        let mut t = Theme {
            mono: cfg.monochrome || no_color,
            ..Theme::default()
        };
        for (role, slot) in [
            ("accent", &mut t.accent),
            ("overdue", &mut t.overdue),
            ("today", &mut t.today),
            ("proposed", &mut t.proposed),
            ("done", &mut t.done),
            ("muted", &mut t.muted),
        ] {
            if let Some(c) = cfg.color(role) {
                *slot = convert(c);
            }
        }
        t
    }

    fn fg(&self, c: Color) -> Style {
        if self.mono {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(self.accent)
    }
    pub fn overdue(&self) -> Style {
        if self.mono {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.overdue)
        }
    }
    pub fn today(&self) -> Style {
        self.fg(self.today)
    }
    pub fn proposed(&self) -> Style {
        if self.mono {
            Style::default().add_modifier(Modifier::ITALIC)
        } else {
            self.fg(self.proposed)
        }
    }
    pub fn done(&self) -> Style {
        self.fg(self.done)
    }
    pub fn muted(&self) -> Style {
        if self.mono {
            Style::default().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.muted)
        }
    }
    pub fn error(&self) -> Style {
        self.overdue().add_modifier(Modifier::BOLD)
    }
    /// A message's style by its tone: a refusal stands out (reversed, so also in monochrome), a
    /// warning is bold, plain news is the accent colour.
    pub fn tone(&self, tone: Option<triage::edit::message::Tone>) -> Style {
        use triage::edit::message::Tone;
        match tone {
            None => self.accent(),
            Some(Tone::Done) => self.done().add_modifier(Modifier::BOLD),
            Some(Tone::Warning) => self.today().add_modifier(Modifier::BOLD),
            Some(Tone::Refused) => self.error().add_modifier(Modifier::REVERSED),
        }
    }
    pub fn title(&self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }
    /// The selected row: reversed, so it shows in monochrome too.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }
}

fn convert(c: ConfigColor) -> Color {
    match c {
        ConfigColor::Reset => Color::Reset,
        ConfigColor::Black => Color::Black,
        ConfigColor::Red => Color::Red,
        ConfigColor::Green => Color::Green,
        ConfigColor::Yellow => Color::Yellow,
        ConfigColor::Blue => Color::Blue,
        ConfigColor::Magenta => Color::Magenta,
        ConfigColor::Cyan => Color::Cyan,
        ConfigColor::Gray => Color::Gray,
        ConfigColor::DarkGray => Color::DarkGray,
        ConfigColor::LightRed => Color::LightRed,
        ConfigColor::LightGreen => Color::LightGreen,
        ConfigColor::LightYellow => Color::LightYellow,
        ConfigColor::LightBlue => Color::LightBlue,
        ConfigColor::LightMagenta => Color::LightMagenta,
        ConfigColor::LightCyan => Color::LightCyan,
        ConfigColor::White => Color::White,
        ConfigColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
        ConfigColor::Indexed(i) => Color::Indexed(i),
    }
}
