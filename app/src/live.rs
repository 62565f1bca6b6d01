//! Live updates: the server tells every open tab which records changed, and pages
//! that show those records load them again.

mod api;
mod client;
mod presence;
#[cfg(feature = "ssr")]
pub mod server;

pub use api::*;
pub use client::{provide_live, Live};
pub use presence::PresenceBar;

use serde::{Deserialize, Serialize};

/// The server's count of changes when this page was made, in the document head: the
/// browser's stream asks with it whether anything changed before it was listening.
#[leptos::component]
pub fn LiveMark() -> impl leptos::IntoView {
    use leptos::prelude::*;
    #[cfg(feature = "ssr")]
    let mark = server::page_mark().to_string();
    #[cfg(not(feature = "ssr"))]
    let mark = String::new();
    view! { <meta name="trellis-live" content=mark/> }
}

/// One changed record, as sent to browsers. Carries no field values: a page that
/// cares loads the record again, through the usual permission checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub key: String,
    pub kind: ChangeKind,
    /// The record's `updated_at` in nanoseconds, where its table has one, for the server
    /// to tell a write it has already seen; never sent.
    #[serde(skip)]
    pub written: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Create,
    Update,
    Delete,
    /// Who is looking at or editing the record changed.
    Presence,
}

/// Someone else on a record's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub name: String,
    pub editing: bool,
}
