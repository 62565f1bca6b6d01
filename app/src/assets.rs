//! Asset management: what the organisation owns, from order to disposal, with its
//! value, warranty and who holds it.

pub mod api;
pub mod columns;
pub mod costs;
pub mod depreciation;
pub mod domain;
pub mod fiscal;
pub mod lifecycle;
pub mod list;
pub mod money;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod suppliers;
pub mod tags;

pub use pages::{
    AssetCostsPage, AssetDetailPage, AssetListPage, EditAssetPage, EditContractPage,
    EditSupplierPage, ExpiringPage, MyAssetsPage, NewAssetPage, SuppliersPage,
};
