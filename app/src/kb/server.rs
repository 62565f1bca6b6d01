//! Server-only: knowledge articles in the store, Markdown rendered with pulldown-cmark and
//! sanitized with ammonia, full-text search, and readers' votes. Changes are in `write`.

mod write;

pub use write::{create, transition, update, vote};

use super::domain::{Article, ArticleRow, State};
use crate::cmdb::server::shown;
use crate::error::AppError;
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "article";
const STALE: &str = "article-stale";

/// Markdown to HTML that is safe to show: no scripts, no event handlers, no `javascript:`
/// links; links open as plain links with `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::clean(&unsafe_html)
}

fn article_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn day(date: chrono::NaiveDate) -> Datetime {
    Datetime::from(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this article after you opened it, so nothing was saved. The page shows the latest; try again.".into(),
    )
}

fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(STALE) {
        stale()
    } else {
        error.into()
    }
}

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::Draft)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Linked known errors and incidents, found by number, or a field error naming the rest.
#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    title: String,
    state: String,
    categories: Vec<String>,
    owner: String,
    updated_at: Datetime,
    review_on: Datetime,
    helpful: i64,
    not_helpful: i64,
}

/// Articles matching every word of `q` (all when empty) in `category` (any when empty),
/// most recently changed first. Readers who cannot write see only published ones.
pub async fn list(
    store: &Store,
    q: &str,
    category: &str,
    drafts: bool,
) -> Result<Vec<ArticleRow>, AppError> {
    let states: Vec<&str> = if drafts {
        State::ALL.iter().map(|s| s.label()).collect()
    } else {
        vec![State::Published.label()]
    };
    let words = if q.trim().is_empty() {
        "true"
    } else {
        "search_text @@ $q"
    };
    // Only static pieces are joined; every value is a bound parameter.
    let query = [
        "SELECT number, title, state, categories, owner.display_name AS owner, updated_at, review_on, \
         count((SELECT id FROM article_vote WHERE article = $parent.id AND helpful = true)) AS helpful, \
         count((SELECT id FROM article_vote WHERE article = $parent.id AND helpful = false)) AS not_helpful \
         FROM article WHERE state IN $states AND ($category = '' OR categories CONTAINS $category) AND ",
        words,
        " ORDER BY updated_at DESC LIMIT 500",
    ]
    .concat();
    let mut response = checked(
        store
            .db()
            .query(query)
            .bind(("states", states))
            .bind(("category", category.trim().to_owned()))
            .bind(("q", q.trim().to_owned()))
            .await?,
    )?;
    let rows: Vec<RowRecord> = response.take(0)?;
    let now = Datetime::now();
    Ok(rows
        .into_iter()
        .map(|r| ArticleRow {
            review_due: r.review_on.date_naive() <= now.date_naive(),
            number: r.number,
            title: r.title,
            state: state_of(&r.state),
            categories: r.categories,
            owner: r.owner,
            updated_at: shown(&r.updated_at),
            helpful: count(r.helpful),
            not_helpful: count(r.not_helpful),
        })
        .collect())
}

#[derive(SurrealValue)]
struct ArticleRecord {
    number: String,
    title: String,
    body: String,
    state: String,
    categories: Vec<String>,
    owner: String,
    review_on: Datetime,
    links: Vec<String>,
    helpful: i64,
    not_helpful: i64,
    my_vote: Option<bool>,
    updated_at: Datetime,
    version: i64,
}

/// An article with its body rendered; a draft or retired one only for those who write.
pub async fn get(store: &Store, number: &str, me: &str, drafts: bool) -> Result<Article, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, body, state, categories, owner.display_name AS owner, review_on, \
                 array::concat(problems.number, incidents.number) AS links, \
                 count((SELECT id FROM article_vote WHERE article = $id AND helpful = true)) AS helpful, \
                 count((SELECT id FROM article_vote WHERE article = $id AND helpful = false)) AS not_helpful, \
                 (SELECT VALUE helpful FROM article_vote WHERE article = $id AND user = $me)[0] AS my_vote, \
                 updated_at, version FROM ONLY $id",
            )
            .bind(("id", article_id(number)))
            .bind(("me", RecordId::new("user", me)))
            .await?,
    )?;
    let found: Option<ArticleRecord> = response.take(0)?;
    let a = found
        .filter(|a| drafts || a.state == State::Published.label())
        .ok_or_else(|| AppError::NotFound("This article".into()))?;
    let now = Datetime::now();
    Ok(Article {
        html: render(&a.body),
        review_due: a.review_on.date_naive() <= now.date_naive(),
        review_on: a.review_on.date_naive().to_string(),
        number: a.number,
        title: a.title,
        body: a.body,
        state: state_of(&a.state),
        categories: a.categories,
        owner: a.owner,
        links: a.links,
        helpful: count(a.helpful),
        not_helpful: count(a.not_helpful),
        my_vote: a.my_vote,
        updated_at: shown(&a.updated_at),
        version: count(a.version),
    })
}

/// Every category in use, for the list's filter.
pub async fn categories(store: &Store) -> Result<Vec<String>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("array::sort(array::distinct(array::flatten((SELECT VALUE categories FROM article))))")
            .await?,
    )?;
    Ok(response.take::<Vec<String>>(0)?)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_anything_active_is_removed() {
        let html = render(
            "# Reset\n\n1. Open **Settings**\n\n<script>alert(1)</script>\n\n\
             [click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<h1>Reset</h1>"), "{html}");
        assert!(html.contains("<strong>Settings</strong>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
