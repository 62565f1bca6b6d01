//! In-app notifications, delivered live, for reminders (expiring warranties and contracts
//! today; the ITIL processes will add their own).

pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod server;
mod unread;

pub use page::NotificationsPage;
pub use unread::{provide_unread, Unread};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub href: String,
    pub at: String,
    pub read: bool,
}

/// The signed-in user's latest notifications and how many are unread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: u64,
    pub items: Vec<Notice>,
}
