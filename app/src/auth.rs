//! Who may do what: users, ITIL roles, the permission matrix, sign-in and sessions.

mod api;
pub mod domain;
mod matrix;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;
mod sessions_page;

pub use api::*;
pub use domain::*;
pub use pages::{provide_me, Can, LoginPage, Me, UserMenu};
pub use sessions_page::SessionsPage;
