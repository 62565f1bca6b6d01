//! The incident pages.

mod detail;
mod list;
mod new;

pub use detail::IncidentPage;
pub use list::IncidentListPage;
pub use new::NewIncidentPage;

use super::priority::Priority;
use super::views::Named;
use crate::error::AppError;
use crate::status::Tone;
use leptos::prelude::Resource;

/// Teams and people to assign incidents to.
type People = Resource<Result<(Vec<Named>, Vec<Named>), AppError>>;

/// P1 and P2 are red, P3 amber, P4 and P5 grey.
fn priority_tone(priority: Priority) -> Tone {
    match priority.0 {
        1 | 2 => Tone::Critical,
        3 => Tone::Warning,
        _ => Tone::Unknown,
    }
}
