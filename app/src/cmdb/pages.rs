mod detail;
mod edit;
mod form;
mod impact;
mod list;
mod picker;
mod relations;

pub use detail::CiDetailPage;
pub use edit::CiEditPage;
pub use impact::ImpactPage;
pub use list::CiListPage;
