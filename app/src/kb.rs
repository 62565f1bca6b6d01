//! The knowledge base: articles in Markdown with categories, an owner, a review date and
//! a draft / published / retired state; full-text search; links to known errors and
//! incidents; readers say whether an article helped.

pub mod api;
pub mod domain;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use pages::{ArticleEditPage, ArticlePage, KnowledgePage, NewArticlePage};
