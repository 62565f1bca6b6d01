//! People and teams: admins create users, give them roles and teams, and disable them.

pub mod api;
pub mod domain;
mod fields;
mod pages;
mod person_page;
#[cfg(feature = "ssr")]
pub mod server;

pub use pages::{AdminNav, PeoplePage, TeamsPage};
pub use person_page::PersonPage;
