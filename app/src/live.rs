//! Live updates: the server tells every open tab which records changed, and pages
//! that show those records load them again.

mod client;
#[cfg(feature = "ssr")]
pub mod server;

pub use client::{provide_live, Live};

use serde::{Deserialize, Serialize};

/// One changed record, as sent to browsers. Carries no field values: a page that
/// cares loads the record again, through the usual permission checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub key: String,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Create,
    Update,
    Delete,
}
