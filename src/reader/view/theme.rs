//! Styles in the 16 ANSI colours, chosen to read on dark and light
//! backgrounds alike (a background colour always comes with an explicit
//! foreground), and with `NO_COLOR` the same marks in bold, reverse and
//! underline only.

use ratatui::style::{Color, Modifier, Style};

use crate::reader::app::ColorMode;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        Theme {
            color: mode == ColorMode::Ansi16,
        }
    }

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            )
        } else {
            Style::new()
        }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The selected source's passages in the Article body.
    pub fn mark(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// The passage jumped to.
    pub fn jumped(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn search_match(self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        )
    }

    pub fn current_match(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn quote_tag(self) -> Style {
        self.pick(
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn reported_tag(self) -> Style {
        self.pick(Style::new().fg(Color::Blue), Style::new())
    }

    /// The selected source's name and role over its passages, and the
    /// "also quoted in" heading.
    pub fn who(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The paragraph under the correction cursor (`v`).
    pub fn paragraph_cursor(self) -> Style {
        self.pick(
            Style::new().fg(Color::White).bg(Color::Blue),
            Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
        )
    }

    pub fn notice(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}
