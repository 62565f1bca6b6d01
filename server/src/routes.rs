//! HTTP routes outside Leptos.

pub mod health;
