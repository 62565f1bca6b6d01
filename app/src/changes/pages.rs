//! The change pages: the list, raising an RFC, one change, and the calendar.

mod calendar;
mod detail;
mod form;
mod list;
mod new;

pub use calendar::ChangeCalendarPage;
pub use detail::ChangePage;
pub use list::ChangeListPage;
pub use new::NewChangePage;
