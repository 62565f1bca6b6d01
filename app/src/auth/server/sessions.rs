//! Browser sessions, kept in SurrealDB so they survive restarts and can be listed per user.

use crate::auth::domain::SessionInfo;
use crate::error::AppError;
use crate::live::server::Changes;
use crate::store::{checked, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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

/// Sessions in the database, and in memory as last read or written, so a request costs no
/// read of its session. The change stream of the session table (any node) and ending
/// sessions here forget them.
#[derive(Clone)]
pub struct SessionStore {
    store: Store,
    known: Arc<Mutex<Known>>,
}

type Data = HashMap<String, serde_json::Value>;

#[derive(Default)]
struct Known {
    /// What each session last stored, with its expiry (Unix seconds).
    sessions: HashMap<Id, (Data, i64)>,
    /// Counts forgettings: a read that started before one is not kept, as it may hold
    /// what was forgotten.
    forgotten: u64,
}

/// How far a session's idle expiry may lag before it is written again.
const TOUCH_EVERY: i64 = 60;
/// Sessions remembered at most; beyond that the memory starts afresh.
const REMEMBERED: usize = 10_000;

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

impl SessionStore {
    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn remember(known: &mut Known, id: Id, data: Data, expires: i64) {
        if known.sessions.len() >= REMEMBERED {
            known.sessions.clear();
        }
        known.sessions.insert(id, (data, expires));
    }

    fn forget_where(&self, gone: impl Fn(&Id, &Data) -> bool) {
        let mut known = self.known();
        known.sessions.retain(|id, (data, _)| !gone(id, data));
        known.forgotten += 1;
    }

    /// Forgets every session of `user`, after some of them ended.
    pub fn forget_user(&self, user: &str) {
        self.forget_where(|_, data| {
            data.get(super::USER_KEY).and_then(|v| v.as_str()) == Some(user)
        });
    }

    pub fn new(store: Store) -> Self {
        SessionStore {
            store,
            known: Arc::default(),
        }
    }

    /// Forgets a session whenever the change stream says it changed or ended.
    pub fn follow(&self, changes: &Changes) {
        let mut stream = changes.subscribe_to(&["session"]);
        let sessions = self.clone();
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match stream.recv().await {
                    Ok(change) => match change.key.parse::<Id>() {
                        Ok(gone) => sessions.forget_where(|id, _| *id == gone),
                        Err(_) => sessions.forget_where(|_, _| true),
                    },
                    Err(RecvError::Lagged(_)) => sessions.forget_where(|_, _| true),
                    Err(RecvError::Closed) => return,
                }
            }
        });
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

fn expiry(unix: i64) -> Result<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(unix).map_err(|e| Error::Decode(e.to_string()))
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
        let expires = record.expiry_date.unix_timestamp();
        let unchanged = self
            .known()
            .sessions
            .get(&record.id)
            .is_some_and(|(data, at)| *data == record.data && expires - at < TOUCH_EVERY);
        if unchanged {
            return Ok(());
        }
        let row = row(record)?;
        let response = self
            .store
            .db()
            .query("UPSERT $id MERGE $row")
            .bind(("id", session_id(&record.id)))
            .bind(("row", row))
            .await
            .map_err(backend)?;
        checked(response).map_err(backend)?;
        Self::remember(&mut self.known(), record.id, record.data.clone(), expires);
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let forgotten = {
            let known = self.known();
            if let Some((data, expires)) = known.sessions.get(id).filter(|(_, at)| *at > now) {
                return Ok(Some(Record {
                    id: *id,
                    data: data.clone(),
                    expiry_date: expiry(*expires)?,
                }));
            }
            known.forgotten
        };
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
            self.known().sessions.remove(id);
            return Ok(None);
        };
        let data: Data =
            serde_json::from_str(&stored.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expires = stored.expires_at.timestamp();
        let mut known = self.known();
        if known.forgotten == forgotten {
            Self::remember(&mut known, *id, data.clone(), expires);
        }
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: expiry(expires)?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.forget_where(|known, _| known == id);
        let response = self
            .store
            .db()
            .query("DELETE $id")
            .bind(("id", session_id(id)))
            .await
            .map_err(backend)?;
        checked(response).map_err(backend)?;
        // Again: a read may have kept the row while the delete was on its way.
        self.forget_where(|known, _| known == id);
        Ok(())
    }
}

#[derive(SurrealValue)]
struct Listed {
    id: RecordId,
    handle: String,
    created_at: Datetime,
    last_seen: Datetime,
}

fn shown(at: &Datetime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The live sessions of a user, most recently used first. `current` marks this browser's.
pub async fn list_for(
    store: &Store,
    user_id: &str,
    current: Option<Id>,
) -> std::result::Result<Vec<SessionInfo>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, handle, created_at, last_seen FROM session \
                 WHERE user = $user AND expires_at > time::now() ORDER BY last_seen DESC",
            )
            .bind(("user", RecordId::new("user", user_id)))
            .await?,
    )?;
    let rows: Vec<Listed> = response.take(0)?;
    let current = current.map(|id| session_id(&id));
    Ok(rows
        .into_iter()
        .map(|row| SessionInfo {
            current: current.as_ref() == Some(&row.id),
            handle: row.handle,
            signed_in_at: shown(&row.created_at),
            last_seen: shown(&row.last_seen),
        })
        .collect())
}

/// Ends one session of a user, by handle. Returns whether there was one.
pub async fn end(
    store: &Store,
    user_id: &str,
    handle: &str,
) -> std::result::Result<bool, AppError> {
    let mut response = checked(
        store
            .db()
            .query("DELETE session WHERE user = $user AND handle = $handle RETURN BEFORE")
            .bind(("user", RecordId::new("user", user_id)))
            .bind(("handle", handle.to_owned()))
            .await?,
    )?;
    let ended: Vec<Listed> = response.take(0)?;
    Ok(!ended.is_empty())
}

/// Ends every session of a user.
pub async fn end_all(store: &Store, user_id: &str) -> std::result::Result<(), AppError> {
    checked(
        store
            .db()
            .query("DELETE session WHERE user = $user")
            .bind(("user", RecordId::new("user", user_id)))
            .await?,
    )?;
    Ok(())
}
