//! The asset pages.

mod costs;
mod detail;
mod form;
mod lifecycle;
mod list;
mod value;

pub use costs::AssetCostsPage;
pub use detail::AssetDetailPage;
pub use form::{EditAssetPage, NewAssetPage};
pub use list::{AssetListPage, MyAssetsPage};
