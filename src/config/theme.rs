//! Theme colours as the config writes them: named colours, `#rrggbb`, or a 256-palette index.
//! Terminal-free on purpose: the UI maps [`Color`] to its own colour type one to one.

/// The roles a theme can colour.
pub const THEME_ROLES: [&str; 6] = ["accent", "overdue", "today", "proposed", "done", "muted"];

/// A colour the config can name. Mirrors the 16 ANSI colours, true colour and the 256 palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Rgb(u8, u8, u8),
    Indexed(u8),
}

/// The names a colour can be written as (besides `#rrggbb` and `0`–`255`), for error messages.
pub const COLOR_NAMES: &str = "black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, \
     light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, white, reset";

impl Color {
    /// Reads the forms the terminal UI accepts: `red`, `light-blue` (also `lightblue`, `light_blue`,
    /// `bright blue`), `grey`, `#ff8800`, `208`.
    pub fn parse(text: &str) -> Option<Color> {
        if let Ok(n) = text.parse::<u8>() {
            return Some(Color::Indexed(n));
        }
        if let Some(hex) = text.strip_prefix('#') {
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
        }
        let name = text
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        Some(match name.as_str() {
            "reset" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" => Color::Gray,
            "darkgray" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_forms() {
        assert_eq!(Color::parse("red"), Some(Color::Red));
        assert_eq!(Color::parse("Light-Blue"), Some(Color::LightBlue));
        assert_eq!(Color::parse("dark grey"), Some(Color::DarkGray));
        assert_eq!(Color::parse("#ff8800"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(Color::parse("208"), Some(Color::Indexed(208)));
        assert_eq!(Color::parse("#ff88"), None);
        assert_eq!(Color::parse("256"), None);
        assert_eq!(Color::parse("orange"), None);
    }
}
