//! The incident pages.

mod detail;
mod list;
mod new;

pub use detail::IncidentPage;
pub use list::IncidentListPage;
pub use new::NewIncidentPage;

use super::priority::Priority;
use crate::status::Tone;

/// P1 and P2 are red, P3 amber, P4 and P5 grey.
fn priority_tone(priority: Priority) -> Tone {
    match priority.0 {
        1 | 2 => Tone::Critical,
        3 => Tone::Warning,
        _ => Tone::Unknown,
    }
}
