//! Importing CIs and relations: one plan shape for every source format, checked row by row.

#[cfg(feature = "ssr")]
pub mod netbox;
pub mod plan;
