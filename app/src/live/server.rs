//! Server-only: where changes come from. Today that is SurrealDB live queries on this
//! node; a cluster of Trellis nodes would read SurrealDB change feeds instead. Either
//! way the rest of the app only sees a broadcast of [`Change`]s.

mod presence;

pub use presence::{Presence, Visit};

use super::{Change, ChangeKind};
use crate::store::Store;
use futures::StreamExt;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
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
    "service_request",
    "request_task",
    "request_entry",
    "catalog_item",
    "sla",
    "improvement",
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
    recent: Arc<Mutex<Recent>>,
}

/// The latest changes, numbered, so that a page made a moment ago hears what it missed.
#[derive(Default)]
struct Recent {
    /// How many record changes were sent so far.
    sent: u64,
    changes: VecDeque<(u64, Change)>,
}

/// How many of the latest changes are kept for pages that start to listen.
const KEPT: usize = 1024;

impl Recent {
    fn push(&mut self, change: Change) {
        self.sent += 1;
        if self.changes.len() == KEPT {
            self.changes.pop_front();
        }
        self.changes.push_back((self.sent, change));
    }

    fn since(&self, mark: u64) -> Option<Vec<Change>> {
        let kept_from = self.changes.front().map_or(self.sent + 1, |(n, _)| *n);
        (kept_from <= mark + 1).then(|| {
            self.changes
                .iter()
                .filter(|(n, _)| *n > mark)
                .map(|(_, change)| change.clone())
                .collect()
        })
    }
}

impl Changes {
    /// Starts watching the store; the watchers live as long as the runtime.
    pub fn watch(store: &Store) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let recent = Arc::new(Mutex::new(Recent::default()));
        for table in TABLES {
            tokio::spawn(follow(store.clone(), table, sender.clone(), recent.clone()));
        }
        Changes { sender, recent }
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, Recent> {
        self.recent.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many record changes were sent so far.
    pub fn sent(&self) -> u64 {
        self.recent().sent
    }

    /// The changes sent after the first `mark`, or `None` when they are no longer all
    /// kept (then anything may have changed).
    pub fn since(&self, mark: u64) -> Option<Vec<Change>> {
        self.recent().since(mark)
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
    recent: Arc<Mutex<Recent>>,
) {
    loop {
        match store.db().select::<Vec<Keyed>>(table).live().await {
            Ok(mut stream) => {
                while let Some(notification) = stream.next().await {
                    match notification {
                        Ok(notification) => {
                            if let Some(change) = to_change(table, notification) {
                                recent
                                    .lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .push(change.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &str) -> Change {
        Change {
            table: "ci".into(),
            key: key.into(),
            kind: ChangeKind::Update,
        }
    }

    #[test]
    fn a_page_hears_what_changed_after_it_was_made_while_it_is_kept() {
        let mut recent = Recent::default();
        assert_eq!(recent.since(0), Some(Vec::new()));
        recent.push(change("a"));
        recent.push(change("b"));
        assert_eq!(recent.since(1), Some(vec![change("b")]));
        assert_eq!(recent.since(2), Some(Vec::new()));
        for i in 0..KEPT {
            recent.push(change(&i.to_string()));
        }
        // The first two are no longer kept: a page made before them reloads everything.
        assert_eq!(recent.since(1), None);
        assert_eq!(recent.since(2).map(|c| c.len()), Some(KEPT));
    }
}
