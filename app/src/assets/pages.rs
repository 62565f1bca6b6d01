//! The asset pages.

mod costs;
mod detail;
mod expiring;
mod form;
mod lifecycle;
mod list;
mod supplier_edit;
mod suppliers;
mod value;

pub use costs::AssetCostsPage;
pub use detail::AssetDetailPage;
pub use expiring::ExpiringPage;
pub use form::{EditAssetPage, NewAssetPage};
pub use list::{AssetListPage, MyAssetsPage};
pub use supplier_edit::{EditContractPage, EditSupplierPage};
pub use suppliers::SuppliersPage;
