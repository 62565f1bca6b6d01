//! The incident and problem pages.

mod detail;
mod escalate;
mod known;
mod list;
mod new;
mod problem;
mod problems;
mod timeline;

pub use detail::IncidentPage;
pub use known::KnownErrorsPage;
pub use list::IncidentListPage;
pub use new::NewIncidentPage;
pub use problem::ProblemPage;
pub use problems::{NewProblemPage, ProblemListPage};
pub(crate) use timeline::Timeline;

use super::priority::Priority;
use super::views::Named;
use crate::error::AppError;
use crate::status::Tone;
use leptos::prelude::Resource;

/// Teams and people to assign tickets to.
pub(crate) type People = Resource<Result<(Vec<Named>, Vec<Named>), AppError>>;

/// P1 and P2 are red, P3 amber, P4 and P5 grey.
fn priority_tone(priority: Priority) -> Tone {
    match priority.0 {
        1 | 2 => Tone::Critical,
        3 => Tone::Warning,
        _ => Tone::Unknown,
    }
}
