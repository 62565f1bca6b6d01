//! Browser sessions, kept in SurrealDB so they survive restarts and can be listed per user.

use crate::store::{checked, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

/// Timeouts of a session.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// Ends a session nobody used for this long.
    pub idle_timeout: time::Duration,
    /// Ends any session this long after sign-in, used or not.
    pub absolute_timeout: time::Duration,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            idle_timeout: time::Duration::hours(8),
            absolute_timeout: time::Duration::hours(24),
        }
    }
}

#[derive(Clone)]
pub struct SessionStore {
    store: Store,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

impl SessionStore {
    pub fn new(store: Store) -> Self {
        SessionStore { store }
    }
}

#[derive(SurrealValue)]
struct Row {
    data: String,
    user: Option<RecordId>,
    expires_at: Datetime,
}

#[derive(SurrealValue)]
struct Stored {
    data: String,
    expires_at: Datetime,
}

fn backend(error: impl std::fmt::Display) -> Error {
    Error::Backend(error.to_string())
}

fn row(record: &Record) -> Result<Row> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let user = record
        .data
        .get(super::USER_KEY)
        .and_then(|v| v.as_str())
        .map(|id| RecordId::new("user", id));
    let expires_at = Datetime::from_timestamp(record.expiry_date.unix_timestamp(), 0)
        .ok_or_else(|| Error::Encode("expiry out of range".into()))?;
    Ok(Row {
        data,
        user,
        expires_at,
    })
}

fn session_id(id: &Id) -> RecordId {
    RecordId::new("session", id.to_string())
}

#[async_trait::async_trait]
impl tower_sessions::SessionStore for SessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // Ids are random; on the rare clash, draw another.
        loop {
            let response = self
                .store
                .db()
                .query("CREATE $id CONTENT $row")
                .bind(("id", session_id(&record.id)))
                .bind(("row", row(record)?))
                .await
                .map_err(backend)?;
            match checked(response) {
                Ok(_) => return Ok(()),
                Err(error) if error.is_already_exists() => record.id = Id::default(),
                Err(error) => return Err(backend(error)),
            }
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let response = self
            .store
            .db()
            .query("UPSERT $id CONTENT $row")
            .bind(("id", session_id(&record.id)))
            .bind(("row", row(record)?))
            .await
            .map_err(backend)?;
        checked(response).map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let response = self
            .store
            .db()
            .query("SELECT data, expires_at FROM $id WHERE expires_at > time::now()")
            .bind(("id", session_id(id)))
            .await
            .map_err(backend)?;
        let rows: Vec<Stored> = checked(response)
            .map_err(backend)?
            .take(0)
            .map_err(backend)?;
        let Some(stored) = rows.into_iter().next() else {
            return Ok(None);
        };
        let data = serde_json::from_str(&stored.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(stored.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let response = self
            .store
            .db()
            .query("DELETE $id")
            .bind(("id", session_id(id)))
            .await
            .map_err(backend)?;
        checked(response).map_err(backend)?;
        Ok(())
    }
}
