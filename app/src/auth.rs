//! Who may do what: users, ITIL roles, the permission matrix, sign-in and sessions.

mod api;
pub mod domain;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use api::*;
pub use domain::*;
pub use pages::{provide_me, Can, LoginPage, Me, UserMenu};
