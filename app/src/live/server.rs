//! Server-only: where changes come from. Today that is SurrealDB live queries on this
//! node; a cluster of Trellis nodes would read SurrealDB change feeds instead. Either
//! way the rest of the app only sees a broadcast of [`Change`]s.

mod presence;

pub use presence::{Presence, Visit};

use super::{Change, ChangeKind};
use crate::store::Store;
use futures::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use surrealdb::types::{Action, RecordId, RecordIdKey, SurrealValue};
use surrealdb::Notification;
use tokio::sync::broadcast;

/// Tables whose changes are pushed to browsers.
const TABLES: &[&str] = &[
    "ci",
    "rel",
    "relation_type",
    "redundancy_group",
    "user",
    "team",
    "audit",
    "monitor_event",
    "service_state",
    "alert",
    "wallboard",
    "maintenance_window",
    "asset",
    "asset_event",
    "supplier",
    "contract",
    "notification",
    "incident",
    "incident_entry",
    "problem",
    "problem_entry",
    "article",
    "article_vote",
    "change_request",
    "change_entry",
    "change_vote",
    "change_freeze",
];

/// The count of changes sent when this page started to be made, for its head.
pub fn page_mark() -> u64 {
    leptos::prelude::use_context::<Changes>().map_or(0, |c| c.sent())
}

/// The changes of every watched table, for any number of listeners.
#[derive(Clone)]
pub struct Changes {
    sender: broadcast::Sender<Change>,
    /// How many record changes were sent so far.
    sent: Arc<AtomicU64>,
}

impl Changes {
    /// Starts watching the store; the watchers live as long as the runtime.
    pub fn watch(store: &Store) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let sent = Arc::new(AtomicU64::new(0));
        for table in TABLES {
            tokio::spawn(follow(store.clone(), table, sender.clone(), sent.clone()));
        }
        Changes { sender, sent }
    }

    /// How many record changes were sent so far: a page made when it was `n` has missed
    /// something if it is more by the time the page listens.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }

    /// Tells every listener that a record's presence changed.
    pub fn presence(&self, table: &str, key: &str) {
        let _ = self.sender.send(Change {
            table: table.to_owned(),
            key: key.to_owned(),
            kind: ChangeKind::Presence,
        });
    }
}

#[derive(SurrealValue)]
struct Keyed {
    id: RecordId,
}

/// Follows one table for as long as anyone could listen, restarting the live query
/// if the database drops it.
async fn follow(
    store: Store,
    table: &'static str,
    sender: broadcast::Sender<Change>,
    sent: Arc<AtomicU64>,
) {
    loop {
        match store.db().select::<Vec<Keyed>>(table).live().await {
            Ok(mut stream) => {
                while let Some(notification) = stream.next().await {
                    match notification {
                        Ok(notification) => {
                            if let Some(change) = to_change(table, notification) {
                                sent.fetch_add(1, Ordering::SeqCst);
                                // Nobody listening is fine.
                                let _ = sender.send(change);
                            }
                        }
                        Err(error) => tracing::warn!(%error, table, "live notification failed"),
                    }
                }
                tracing::warn!(table, "live query ended; restarting");
            }
            Err(error) => tracing::warn!(%error, table, "cannot start live query"),
        }
        if sender.receiver_count() == 0 && sender.is_empty() && store.db().health().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn to_change(table: &str, notification: Notification<Keyed>) -> Option<Change> {
    let kind = match notification.action {
        Action::Create => ChangeKind::Create,
        Action::Update => ChangeKind::Update,
        Action::Delete => ChangeKind::Delete,
        _ => return None,
    };
    let key = match notification.data.id.key {
        RecordIdKey::String(key) => key,
        RecordIdKey::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(Change {
        table: table.to_owned(),
        key,
        kind,
    })
}
