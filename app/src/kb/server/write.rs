//! Writing knowledge articles: new drafts, edits, moves and readers' votes, each checked
//! against the version it started from and audited.

use super::{article_id, day, refused, stale, state_of, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::error::{AppError, FieldErrors};
use crate::kb::domain::{State, ValidArticle};
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

async fn links(
    store: &Store,
    article: &ValidArticle,
) -> Result<(Vec<RecordId>, Vec<RecordId>), AppError> {
    let problems: Vec<RecordId> = article
        .problems
        .iter()
        .map(|n| RecordId::new("problem", n.to_lowercase().as_str()))
        .collect();
    let incidents: Vec<RecordId> = article
        .incidents
        .iter()
        .map(|n| RecordId::new("incident", n.to_lowercase().as_str()))
        .collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE number FROM problem WHERE id IN $problems")
            .query("SELECT VALUE number FROM incident WHERE id IN $incidents")
            .bind(("problems", problems.clone()))
            .bind(("incidents", incidents.clone()))
            .await?,
    )?;
    let mut found: Vec<String> = response.take(0)?;
    found.extend(response.take::<Vec<String>>(1)?);
    let missing: Vec<&str> = article
        .problems
        .iter()
        .chain(&article.incidents)
        .filter(|n| !found.contains(n))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(FieldErrors::single(
            "links",
            format!("There is no {}.", missing.join(", ")),
        ));
    }
    Ok((problems, incidents))
}

fn changes_of(article: &ValidArticle) -> Vec<(&'static str, String)> {
    vec![
        ("title", article.title.clone()),
        ("body", article.body.clone()),
        ("categories", article.categories.join(", ")),
        ("review on", article.review_on.to_string()),
        (
            "links",
            [&article.problems[..], &article.incidents[..]]
                .concat()
                .join(", "),
        ),
    ]
}

/// Writes a new draft owned by `owner` (a user key) and answers its number.
pub async fn create(
    store: &Store,
    actor: &Actor,
    owner: &str,
    article: &ValidArticle,
) -> Result<String, AppError> {
    let (problems, incidents) = links(store, article).await?;
    let changes = crate::audit::created(&changes_of(article));
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $n = (UPSERT ticket_counter:article SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('KB', $n); \
                 LET $id = type::record('article', string::lowercase($number)); \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, title: $title, body: $body, state: 'Draft', \
                   categories: $categories, owner: $owner, review_on: $review_on, problems: $problems, \
                   incidents: $incidents } RETURN VALUE number",
            )
            .query("COMMIT")
            .bind(("title", article.title.clone()))
            .bind(("body", article.body.clone()))
            .bind(("categories", article.categories.clone()))
            .bind(("owner", RecordId::new("user", owner)))
            .bind(("review_on", day(article.review_on)))
            .bind(("problems", problems))
            .bind(("incidents", incidents))
            .bind(("entry", NewEntry::new(actor, TABLE, "", "create", &changes)))
            .await?,
    )?;
    // The CREATE of the article is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    number.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

#[derive(SurrealValue)]
struct Stored {
    title: String,
    body: String,
    categories: Vec<String>,
    review_on: Datetime,
    links: Vec<String>,
    state: String,
    version: i64,
}

async fn stored(store: &Store, number: &str, version: u64) -> Result<Stored, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT title, body, categories, review_on, \
                 array::concat(problems.number, incidents.number) AS links, state, version FROM ONLY $id",
            )
            .bind(("id", article_id(number)))
            .await?,
    )?;
    let found: Option<Stored> = response.take(0)?;
    let found = found.ok_or_else(|| AppError::NotFound("This article".into()))?;
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    Ok(found)
}

/// Saves an edit, if nobody changed the article since `version`.
pub async fn update(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    article: &ValidArticle,
) -> Result<(), AppError> {
    let before = stored(store, number, version).await?;
    let (problems, incidents) = links(store, article).await?;
    let changes = crate::audit::diff(
        &vec![
            ("title", before.title.clone()),
            ("body", before.body.clone()),
            ("categories", before.categories.join(", ")),
            ("review on", before.review_on.date_naive().to_string()),
            ("links", before.links.join(", ")),
        ],
        &changes_of(article),
    );
    if changes.is_empty() {
        return Ok(());
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET title = $title, body = $body, categories = $categories, \
                   review_on = $review_on, problems = $problems, incidents = $incidents, version += 1 \
                 WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'article-stale' }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", article_id(number)))
            .bind(("title", article.title.clone()))
            .bind(("body", article.body.clone()))
            .bind(("categories", article.categories.clone()))
            .bind(("review_on", day(article.review_on)))
            .bind(("problems", problems))
            .bind(("incidents", incidents))
            .bind(("version", before.version))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Publishes, withdraws or retires an article, as the table allows.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    to: &str,
) -> Result<(), AppError> {
    let before = stored(store, number, version).await?;
    let from = state_of(&before.state);
    let step = from.move_to(to)?;
    let changes = vec![FieldChange {
        field: "state".into(),
        before: Some(from.label().to_owned()),
        after: Some(step.to.label().to_owned()),
    }];
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET state = $to, version += 1 WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'article-stale' }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", article_id(number)))
            .bind(("to", step.to.label()))
            .bind(("version", before.version))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Records whether `user` found a published article helpful, replacing their earlier vote.
pub async fn vote(store: &Store, user: &str, number: &str, helpful: bool) -> Result<(), AppError> {
    let id = article_id(number);
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE state FROM ONLY $id")
            .bind(("id", id.clone()))
            .await?,
    )?;
    let state: Option<String> = response.take(0)?;
    if state.as_deref() != Some(State::Published.label()) {
        return Err(AppError::NotFound("This article".into()));
    }
    let vote = RecordId::new("article_vote", format!("{}.{user}", key_of(&id)).as_str());
    checked(
        store
            .db()
            .query("UPSERT $vote CONTENT { article: $id, user: $user, helpful: $helpful }")
            .bind(("vote", vote))
            .bind(("id", id))
            .bind(("user", RecordId::new("user", user)))
            .bind(("helpful", helpful))
            .await?,
    )?;
    Ok(())
}
