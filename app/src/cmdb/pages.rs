mod bulk;
mod classes;
mod detail;
mod edit;
mod form;
mod impact;
mod list;
mod map;
mod picker;
mod relations;
mod services;

pub use classes::ClassesPage;
pub use detail::CiDetailPage;
pub use edit::CiEditPage;
pub use impact::ImpactPage;
pub use list::CiListPage;
pub use map::MapPage;
pub use services::ServicesPage;
