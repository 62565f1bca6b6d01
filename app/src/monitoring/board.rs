//! Wallboards: what a board shows, and how it turns between its views. Shared: the
//! server builds a board's content, and the browser turns its views on the clock.

mod figures;

pub use figures::{figures, Facts, Figure, Kpi};

use super::domain::{EventView, ServiceTile};
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// One of a board's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Services,
    Kpis,
    Events,
}

impl Panel {
    pub fn label(self) -> &'static str {
        match self {
            Panel::Services => "Services",
            Panel::Kpis => "Key figures",
            Panel::Events => "Latest events",
        }
    }
}

/// A wallboard's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub key: String,
    pub name: String,
    /// Seconds each view stays on screen; 0 shows them all at once.
    pub rotate_s: u32,
    pub tiles: Vec<ServiceTile>,
    pub figures: Vec<Figure>,
    /// The latest events, when the board shows them.
    pub events: Option<Vec<EventView>>,
    /// Seconds since the Unix epoch.
    pub generated_at: i64,
}

impl BoardView {
    pub fn panels(&self) -> Vec<Panel> {
        let mut panels = vec![Panel::Services];
        if !self.figures.is_empty() {
            panels.push(Panel::Kpis);
        }
        if self.events.is_some() {
            panels.push(Panel::Events);
        }
        panels
    }
}

/// Which of `count` views is on screen at `now_s`: `None` shows them all at once. Every
/// screen turns in step, as the view follows the clock.
pub fn showing(count: usize, rotate_s: u32, now_s: i64) -> Option<usize> {
    if rotate_s == 0 || count < 2 {
        return None;
    }
    let turns = now_s.max(0) / i64::from(rotate_s);
    Some(usize::try_from(turns).unwrap_or(0) % count)
}

/// A wallboard as its admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSummary {
    pub key: String,
    pub name: String,
    pub services: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub events: bool,
    pub rotate_s: u32,
    pub has_token: bool,
}

/// The new-board form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardInput {
    pub name: String,
    /// Service CI keys; none means all of them.
    pub services: Vec<String>,
    pub kpis: Vec<String>,
    /// Ticked to show the latest events.
    pub events: Option<String>,
    pub rotate_s: String,
}

/// A board's settings after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardSettings {
    pub key: String,
    pub name: String,
    pub services: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub events: bool,
    pub rotate_s: u32,
}

/// The shortest and longest time a view may stay on screen when a board turns.
pub const ROTATE_MIN_S: u32 = 5;
pub const ROTATE_MAX_S: u32 = 3600;

impl BoardInput {
    pub fn validate(&self) -> Result<BoardSettings, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        let key = crate::cmdb::classes::slug(&name);
        if name.is_empty() || name.chars().count() > 100 {
            errors.add(
                "name",
                "Name the board (at most 100 characters), e.g. \u{201c}Operations\u{201d}.",
            );
        } else if key.is_empty() {
            errors.add("name", "Use at least one letter or digit.");
        }
        let mut kpis = Vec::new();
        for text in &self.kpis {
            match Kpi::parse(text) {
                Some(kpi) if !kpis.contains(&kpi) => kpis.push(kpi),
                Some(_) => {}
                None => errors.add("kpis", format!("There is no KPI \u{201c}{text}\u{201d}.")),
            }
        }
        let rotate_s = match self.rotate_s.trim() {
            "" | "0" => 0,
            text => match text.parse::<u32>() {
                Ok(s) if (ROTATE_MIN_S..=ROTATE_MAX_S).contains(&s) => s,
                _ => {
                    errors.add(
                        "rotate_s",
                        format!(
                            "Enter seconds from {ROTATE_MIN_S} to {ROTATE_MAX_S}, or leave it empty to show every view at once."
                        ),
                    );
                    0
                }
            },
        };
        errors.into_result()?;
        Ok(BoardSettings {
            key,
            name,
            services: self.services.clone(),
            kpis,
            events: self.events.is_some(),
            rotate_s,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_turn_with_the_clock_in_step_on_every_screen() {
        assert_eq!(showing(3, 0, 1_000), None, "no rotation: all at once");
        assert_eq!(showing(1, 10, 1_000), None, "one view does not turn");
        assert_eq!(showing(3, 10, 1_000), Some(1)); // turn 100
        assert_eq!(showing(3, 10, 1_009), Some(1));
        assert_eq!(showing(3, 10, 1_010), Some(2));
        assert_eq!(showing(3, 10, 1_020), Some(0));
    }

    #[test]
    fn a_board_needs_a_name_known_kpis_and_a_sensible_turn() {
        let input = BoardInput {
            name: " Ops floor ".into(),
            kpis: vec![
                "services_down".into(),
                "alerts_firing".into(),
                "services_down".into(),
            ],
            events: Some("on".into()),
            rotate_s: "20".into(),
            ..BoardInput::default()
        };
        let board = input.validate().unwrap();
        assert_eq!(board.key, "ops_floor");
        assert_eq!(board.kpis, vec![Kpi::ServicesDown, Kpi::AlertsFiring]);
        assert!(board.events);
        assert_eq!(board.rotate_s, 20);

        let errors = |input: BoardInput| match input.validate() {
            Err(AppError::Validation(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        };
        let bad = errors(BoardInput {
            name: "!!".into(),
            kpis: vec!["uptime".into()],
            rotate_s: "2".into(),
            ..BoardInput::default()
        });
        assert!(bad.get("name").unwrap().contains("letter or digit"));
        assert!(bad.get("kpis").unwrap().contains("uptime"));
        assert!(bad.get("rotate_s").unwrap().contains("5 to 3600"));
    }
}
