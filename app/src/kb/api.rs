//! Server functions for the knowledge base: authorize, call the store, answer. Everyone
//! signed in reads published articles; those who write also see drafts.

use super::domain::{Article, ArticleInput, ArticleRow};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "kb/list")]
pub async fn list_articles(
    #[server(default)] q: String,
    #[server(default)] category: String,
) -> Result<Vec<ArticleRow>, AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::list(
            &store,
            &q,
            &category,
            user.can(crate::auth::Action::KnowledgeWrite),
        )
        .await,
    )
}

#[server(prefix = "/api", endpoint = "kb/categories")]
pub async fn article_categories() -> Result<Vec<String>, AppError> {
    crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::categories(&store).await)
}

#[server(prefix = "/api", endpoint = "kb/get")]
pub async fn get_article(number: String) -> Result<Article, AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::get(
            &store,
            &number,
            &user.id,
            user.can(crate::auth::Action::KnowledgeWrite),
        )
        .await,
    )
}

/// Writes a new draft; answers its number.
#[server(prefix = "/api", endpoint = "kb/create")]
pub async fn create_article(input: ArticleInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::KnowledgeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        super::server::create(&store, &actor, &user.id, &valid).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "kb/update")]
pub async fn update_article(
    number: String,
    version: u64,
    #[server(default)] input: ArticleInput,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::KnowledgeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        super::server::update(&store, &actor, &number, version, &valid).await
    };
    crate::http::respond(result.await)
}

/// Publishes, withdraws or retires an article.
#[server(prefix = "/api", endpoint = "kb/move")]
pub async fn move_article(number: String, version: u64, to: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::KnowledgeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::transition(&store, &actor, &number, version, &to).await)
}

/// Whether the reader found a published article helpful.
#[server(prefix = "/api", endpoint = "kb/vote")]
pub async fn vote_article(number: String, helpful: bool) -> Result<(), AppError> {
    let user = crate::auth::server::authorize_signed_in().await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::vote(&store, &user.id, &number, helpful).await)
}

/// The body rendered as the article page will show it.
#[server(prefix = "/api", endpoint = "kb/preview")]
pub async fn preview_article(#[server(default)] body: String) -> Result<String, AppError> {
    crate::auth::server::authorize(crate::auth::Action::KnowledgeWrite).await?;
    Ok(super::server::render(&body))
}
