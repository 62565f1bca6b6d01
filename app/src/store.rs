//! Server-only: the SurrealDB connection, schema migrations and the demo estate.

pub mod backup;
mod migrate;

use crate::error::AppError;
use std::collections::HashMap;
use std::sync::Arc;
use surrealdb::engine::any::{self, Any};
use surrealdb::opt::auth::Root;
use surrealdb::{IndexedResults, Surreal};

pub use migrate::MIGRATIONS;
pub use surrealdb::Error as StoreError;

pub type Db = Surreal<Any>;
/// A query being built on [`Db`], for helpers that add bindings.
pub type Query<'a> = surrealdb::method::Query<'a, Any>;

const NAMESPACE: &str = "trellis";
const DATABASE: &str = "trellis";

/// How to reach the database: one URL, plus credentials for a remote server.
#[derive(Debug, Clone)]
pub struct DbSettings {
    /// `surrealkv://path`, `mem://` or `ws://host:port`.
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// The handle every server function and route reaches the database through.
///
/// Clones share one SDK handle: cloning a `Surreal` handle opens a new database session,
/// which costs more than many a query, and every request clones the store.
#[derive(Clone)]
pub struct Store {
    db: Arc<Db>,
}

impl Store {
    /// Connects, selects the namespace and database, and brings the schema up to date.
    pub async fn open(settings: &DbSettings) -> Result<Self, surrealdb::Error> {
        let db = connect(settings).await?;
        migrate::run(&db).await?;
        Ok(Store { db: Arc::new(db) })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// True when the database answers a query.
    pub async fn is_ready(&self) -> bool {
        match self
            .db
            .query("RETURN 1")
            .await
            .and_then(IndexedResults::check)
        {
            Ok(_) => true,
            Err(error) => {
                tracing::warn!(%error, "database is not ready");
                false
            }
        }
    }

    /// Loads the demo estate when the database holds no CIs yet. Returns whether it did.
    pub async fn seed_demo(&self) -> Result<bool, surrealdb::Error> {
        let mut existing = self
            .db
            .query("SELECT VALUE id FROM ci LIMIT 1")
            .await?
            .check()?;
        let existing: Vec<surrealdb::types::RecordId> = existing.take(0)?;
        if !existing.is_empty() {
            return Ok(false);
        }
        let response = self
            .db
            .query("BEGIN")
            .query(include_str!("store/demo.surql"))
            .query("COMMIT")
            .await?;
        checked(response)?;
        Ok(true)
    }
}

/// Connects and selects Trellis's namespace and database, defining them if need be.
async fn connect(settings: &DbSettings) -> Result<Db, surrealdb::Error> {
    let db = any::connect(settings.url.as_str()).await?;
    if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
        db.signin(Root {
            username: username.clone(),
            password: password.clone(),
        })
        .await?;
    }
    // SurrealDB 3 wants the namespace and database defined before they are used.
    checked(
        db.query(
            "DEFINE NAMESPACE IF NOT EXISTS trellis; USE NS trellis; \
             DEFINE DATABASE IF NOT EXISTS trellis;",
        )
        .await?,
    )?;
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(db)
}

/// The store the current request runs against.
pub fn use_store() -> Result<Store, AppError> {
    leptos::prelude::use_context::<Store>().ok_or_else(|| {
        tracing::error!("no store in the request context");
        AppError::Internal(reference())
    })
}

/// Surfaces the real cause of a failed statement. Inside a failed transaction the other
/// statements only say they were not executed, and `check()` may pick one of those.
pub fn checked(mut response: IndexedResults) -> Result<IndexedResults, surrealdb::Error> {
    let errors = response.take_errors();
    if errors.is_empty() {
        return Ok(response);
    }
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(index, _)| *index);
    let cause = errors
        .iter()
        .position(|(_, e)| !is_not_executed(e))
        .unwrap_or(0);
    Err(errors.swap_remove(cause).1)
}

fn is_not_executed(error: &surrealdb::Error) -> bool {
    error.message().contains("not executed")
}

/// True when the error is a unique index refusing a second value.
pub fn is_unique_violation(error: &surrealdb::Error, index: &str) -> bool {
    let needle = format!("index `{index}` already contains");
    std::iter::successors(Some(error), |e| e.cause()).any(|e| e.message().contains(&needle))
}

/// The key part of a record id, as used in URLs and forms.
pub fn key_of(id: &surrealdb::types::RecordId) -> String {
    use surrealdb::types::RecordIdKey;
    match &id.key {
        RecordIdKey::String(key) => key.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// `rows` grouped by the record each belongs to, keyed as [`key_of`] gives it, in order.
pub fn group_by_record<T>(
    rows: Vec<T>,
    record: impl Fn(&T) -> &surrealdb::types::RecordId,
) -> HashMap<String, Vec<T>> {
    let mut groups: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key_of(record(&row))).or_default().push(row);
    }
    groups
}

/// A short id that ties what the user sees to the server log.
pub fn reference() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
}

/// A CSV export that could not be written: logged, and shown only by its reference.
pub fn export_failed(error: impl std::fmt::Display) -> AppError {
    let reference = reference();
    tracing::error!(%reference, %error, "CSV export failed");
    AppError::Internal(reference)
}

impl From<surrealdb::Error> for AppError {
    fn from(error: surrealdb::Error) -> Self {
        if error.query_details() == Some(&surrealdb::types::QueryError::TransactionConflict) {
            return AppError::Conflict(
                "Someone else changed this at the same moment. Reload and try again.".into(),
            );
        }
        let reference = reference();
        tracing::error!(%reference, %error, "database error");
        AppError::Internal(reference)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        let reference = reference();
        tracing::error!(%reference, %error, "background task failed");
        AppError::Internal(reference)
    }
}
