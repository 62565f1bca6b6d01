//! Watchers, for every ticket kind: people who follow a ticket hear of each change to it
//! in the bell. Following is not a change to the ticket: no version, no audit row.

use crate::audit::server::Actor;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use surrealdb::types::RecordId;

/// A kind of ticket people can watch: its table and where its pages are.
#[derive(Debug, Clone, Copy)]
pub struct Watched {
    pub table: &'static str,
    pub path: &'static str,
    /// What it is called when it is not found: "This incident".
    pub noun: &'static str,
}

pub const INCIDENT: Watched = Watched {
    table: "incident",
    path: "/incidents",
    noun: "This incident",
};
pub const PROBLEM: Watched = Watched {
    table: "problem",
    path: "/problems",
    noun: "This problem",
};
pub const CHANGE: Watched = Watched {
    table: "change_request",
    path: "/changes",
    noun: "This change",
};

impl Watched {
    fn id(self, number: &str) -> RecordId {
        RecordId::new(self.table, number.trim().to_lowercase().as_str())
    }
}

/// Starts or stops `user` following a ticket.
pub async fn watch(
    store: &Store,
    kind: Watched,
    number: &str,
    user: &str,
    on: bool,
) -> Result<(), AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "UPDATE $id SET watchers = IF $on { array::union(watchers, [$user]) } \
                 ELSE { array::complement(watchers, [$user]) } RETURN VALUE id",
            )
            .bind(("id", kind.id(number)))
            .bind(("user", RecordId::new("user", user)))
            .bind(("on", on))
            .await?,
    )?;
    let updated: Vec<RecordId> = response.take(0)?;
    if updated.is_empty() {
        return Err(AppError::NotFound(kind.noun.into()));
    }
    Ok(())
}

/// Tells a ticket's watchers, except whoever did it, what just happened to it. The change
/// is made whatever becomes of this.
pub async fn tell_watchers(store: &Store, kind: Watched, actor: &Actor, number: &str, what: &str) {
    if let Err(error) = tell(store, kind, actor, number, what).await {
        tracing::warn!(%error, number, "watchers not told");
    }
}

async fn tell(
    store: &Store,
    kind: Watched,
    actor: &Actor,
    number: &str,
    what: &str,
) -> Result<(), AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE watchers FROM ONLY $id")
            .bind(("id", kind.id(number)))
            .await?,
    )?;
    let watchers: Vec<RecordId> = response.take(0)?;
    let to: Vec<RecordId> = watchers
        .into_iter()
        .filter(|w| key_of(w) != actor.user_id)
        .collect();
    if to.is_empty() {
        return Ok(());
    }
    let number = number.trim().to_uppercase();
    crate::notify::server::send(
        store,
        &to,
        &format!("{}:{number}:{}", kind.table, uuid::Uuid::new_v4()),
        &format!("{number}: {what} ({})", actor.name),
        &format!("{}/{number}", kind.path),
    )
    .await?;
    Ok(())
}
