//! Server-only: the firing alerts that name a CI, kept in step with the alert table from
//! the change stream. Service status and incident raising read them every second or two;
//! during an alert storm that costs what changed instead of every firing alert each time.

use crate::error::AppError;
use crate::live::server::Changes;
use crate::monitoring::health::Health;
use crate::store::{checked, key_of, Store};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use surrealdb::types::{RecordId, SurrealValue};
use tokio::sync::broadcast::{self, error::RecvError};

/// A firing alert that names a CI.
#[derive(SurrealValue)]
pub struct FiringAlert {
    id: RecordId,
    /// The integration and Alertmanager group it came in: alerts of one group raise one
    /// incident.
    pub group: String,
    pub name: String,
    pub summary: String,
    pub ci: RecordId,
    pub health: String,
}

impl FiringAlert {
    pub fn health(&self) -> Health {
        Health::parse(&self.health).unwrap_or(Health::Unknown)
    }
}

/// Every firing alert by key, as the store had them at the last read.
pub type Alerts = HashMap<String, FiringAlert>;

/// Alerts that changed since the last read.
#[derive(Default)]
struct Changed {
    keys: HashSet<String>,
    /// The listener fell behind and missed some: read every alert again.
    everything: bool,
}

#[derive(Default)]
struct Mirror {
    read_at: Option<Instant>,
    alerts: Alerts,
}

/// The firing alerts, shared by everything on this server that reads them often.
#[derive(Clone)]
pub struct FiringAlerts {
    changed: Arc<Mutex<Changed>>,
    mirror: Arc<tokio::sync::Mutex<Mirror>>,
}

/// A full read at least this often, in case a live query restarted and missed changes.
const FULL_READ: Duration = Duration::from_secs(60);

const FIELDS: &str = "SELECT id, 'alert:' + record::id(integration) + ':' + group_key AS group, \
    name, summary, ci, health";

impl FiringAlerts {
    /// Starts following the alert table's changes.
    pub fn follow(changes: &Changes) -> Self {
        let alerts = FiringAlerts {
            changed: Arc::default(),
            mirror: Arc::default(),
        };
        tokio::spawn(listen(
            changes.subscribe_to(&["alert"]),
            alerts.changed.clone(),
        ));
        alerts
    }

    /// Calls `f` with the firing alerts as stored now: the ones that changed since the
    /// last call are read again, or all of them the first time, after missed changes and
    /// once a minute.
    pub async fn with<R>(
        &self,
        store: &Store,
        f: impl FnOnce(&Alerts) -> R,
    ) -> Result<R, AppError> {
        let mut mirror = self.mirror.lock().await;
        let changed = std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
        let stale = mirror.read_at.is_none_or(|at| at.elapsed() > FULL_READ);
        let read = if changed.everything || stale {
            read_all(store, &mut mirror).await
        } else {
            read_again(store, &mut mirror, changed.keys).await
        };
        if let Err(error) = read {
            // What was taken is lost with the error: start again from the table.
            mirror.read_at = None;
            return Err(error);
        }
        Ok(f(&mirror.alerts))
    }
}

async fn read_all(store: &Store, mirror: &mut Mirror) -> Result<(), AppError> {
    let started = Instant::now();
    let query = [FIELDS, " FROM alert WHERE firing = true AND ci != NONE"].concat();
    let rows: Vec<FiringAlert> = checked(store.db().query(query).await?)?.take(0)?;
    mirror.alerts = rows.into_iter().map(|a| (key_of(&a.id), a)).collect();
    mirror.read_at = Some(started);
    Ok(())
}

async fn read_again(
    store: &Store,
    mirror: &mut Mirror,
    keys: HashSet<String>,
) -> Result<(), AppError> {
    if keys.is_empty() {
        return Ok(());
    }
    let ids: Vec<RecordId> = keys
        .iter()
        .map(|key| RecordId::new("alert", key.as_str()))
        .collect();
    let query = [FIELDS, " FROM $ids WHERE firing = true AND ci != NONE"].concat();
    let rows: Vec<FiringAlert> =
        checked(store.db().query(query).bind(("ids", ids)).await?)?.take(0)?;
    for key in &keys {
        mirror.alerts.remove(key);
    }
    mirror
        .alerts
        .extend(rows.into_iter().map(|a| (key_of(&a.id), a)));
    Ok(())
}

async fn listen(
    mut stream: broadcast::Receiver<crate::live::Change>,
    changed: Arc<Mutex<Changed>>,
) {
    loop {
        let change = stream.recv().await;
        let mut changed = changed.lock().unwrap_or_else(|e| e.into_inner());
        match change {
            Ok(change) => {
                changed.keys.insert(change.key);
            }
            Err(RecvError::Lagged(_)) => changed.everything = true,
            Err(RecvError::Closed) => return,
        }
    }
}

/// Each CI with a firing alert, with the worst health among its alerts.
pub fn worst_by_ci(alerts: &Alerts) -> HashMap<String, Health> {
    let mut worst: HashMap<String, Health> = HashMap::new();
    for alert in alerts.values() {
        let entry = worst.entry(key_of(&alert.ci)).or_insert(Health::Ok);
        *entry = Health::worst([*entry, alert.health()]);
    }
    worst
}
