//! Server-only: where changes come from. Today that is SurrealDB live queries on this
//! node; a cluster of Trellis nodes would read SurrealDB change feeds instead. Either
//! way the rest of the app only sees a broadcast of [`Change`]s.

mod presence;

pub use presence::{Presence, Visit};

use super::{Change, ChangeKind};
use crate::store::Store;
use futures::StreamExt;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use surrealdb::types::{Action, Datetime, RecordId, RecordIdKey, SurrealValue};
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
    // Heard by the server only (no page may see it): sessions ended on another node.
    "session",
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
    topics: Arc<RwLock<Vec<Topic>>>,
}

/// A channel of its own for listeners that follow only some tables, so that a storm of
/// changes elsewhere (thousands of alerts) cannot make them miss their own.
struct Topic {
    tables: &'static [&'static str],
    sender: broadcast::Sender<Change>,
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
        let changes = Changes::new();
        for table in TABLES {
            tokio::spawn(follow(store.clone(), table, changes.clone()));
        }
        changes
    }

    fn new() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Changes {
            sender,
            recent: Arc::default(),
            topics: Arc::default(),
        }
    }

    /// Sends a record's change to every listener of its table.
    fn publish(&self, change: Change) {
        self.recent().push(change.clone());
        let topics = self.topics.read().unwrap_or_else(|e| e.into_inner());
        for topic in topics
            .iter()
            .filter(|t| t.tables.contains(&change.table.as_str()))
        {
            let _ = topic.sender.send(change.clone());
        }
        // Nobody listening is fine.
        let _ = self.sender.send(change);
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

    /// The changes of `tables` only, on a channel that other tables cannot fill.
    pub fn subscribe_to(&self, tables: &'static [&'static str]) -> broadcast::Receiver<Change> {
        let mut topics = self.topics.write().unwrap_or_else(|e| e.into_inner());
        if let Some(topic) = topics.iter().find(|t| t.tables == tables) {
            return topic.sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(1024);
        topics.push(Topic { tables, sender });
        receiver
    }

    /// Tells every listener that a record's presence changed.
    pub fn presence(&self, table: &str, key: &str) {
        let _ = self.sender.send(Change {
            table: table.to_owned(),
            key: key.to_owned(),
            kind: ChangeKind::Presence,
            written: None,
        });
    }
}

#[derive(SurrealValue)]
struct Keyed {
    id: RecordId,
    updated_at: Option<Datetime>,
}

/// Follows one table for as long as anyone could listen, restarting the live query
/// if the database drops it.
async fn follow(store: Store, table: &'static str, changes: Changes) {
    loop {
        match store.db().select::<Vec<Keyed>>(table).live().await {
            Ok(mut stream) => {
                while let Some(notification) = stream.next().await {
                    match notification {
                        Ok(notification) => {
                            if let Some(change) = to_change(table, notification) {
                                changes.publish(change);
                            }
                        }
                        Err(error) => tracing::warn!(%error, table, "live notification failed"),
                    }
                }
                tracing::warn!(table, "live query ended; restarting");
            }
            Err(error) => tracing::warn!(%error, table, "cannot start live query"),
        }
        if changes.sender.receiver_count() == 0
            && changes.sender.is_empty()
            && store.db().health().await.is_err()
        {
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
        written: notification
            .data
            .updated_at
            .and_then(|at| at.timestamp_nanos_opt()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &str) -> Change {
        on("ci", key)
    }

    fn on(table: &str, key: &str) -> Change {
        Change {
            table: table.into(),
            key: key.into(),
            kind: ChangeKind::Update,
            written: None,
        }
    }

    #[test]
    fn a_storm_on_other_tables_does_not_make_a_topic_listener_miss_its_own() {
        use tokio::sync::broadcast::error::TryRecvError;
        let changes = Changes::new();
        let mut everything = changes.subscribe();
        let mut graph = changes.subscribe_to(&["ci", "rel"]);
        changes.publish(on("ci", "before"));
        for i in 0..5_000 {
            changes.publish(on("alert", &i.to_string()));
        }
        changes.publish(on("rel", "after"));
        assert_eq!(graph.try_recv(), Ok(on("ci", "before")));
        assert_eq!(graph.try_recv(), Ok(on("rel", "after")));
        assert_eq!(graph.try_recv(), Err(TryRecvError::Empty));
        assert!(matches!(
            everything.try_recv(),
            Err(TryRecvError::Lagged(_))
        ));
        assert_eq!(changes.sent(), 5_002);
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
