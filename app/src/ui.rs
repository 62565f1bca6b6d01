//! Shared components: status badges, form fields, page scaffolding.

mod conflict;
mod field;
mod filter;
mod form;
mod notice;
mod period;
mod status;

pub use conflict::ConflictPanel;
pub use field::{Checkboxes, FieldError, SelectField, TextArea, TextField};
pub use filter::StateFilter;
pub use form::{field_errors, form_error};
pub use notice::ErrorNotice;
pub use period::PeriodForm;
pub use status::StatusBadge;
