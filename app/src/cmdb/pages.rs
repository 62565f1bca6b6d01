mod detail;
mod edit;
mod form;
mod list;

pub use detail::CiDetailPage;
pub use edit::CiEditPage;
pub use list::CiListPage;
