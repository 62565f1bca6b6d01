//! Shared components: status badges, form fields, page scaffolding.

mod field;
mod notice;
mod status;

pub use field::{SelectField, TextArea, TextField};
pub use notice::ErrorNotice;
pub use status::StatusBadge;
