//! Server-only: the firing alerts that name a CI, kept in step with the alert table from
//! the change stream, so that service status during an alert storm costs what changed
//! instead of every firing alert, every second.

use crate::error::AppError;
use crate::monitoring::health::Health;
use crate::store::{checked, key_of, Store};
use std::collections::{HashMap, HashSet};
use surrealdb::types::{RecordId, SurrealValue};

/// What changed since the last catch-up.
#[derive(Default)]
pub(super) struct Changed {
    /// Keys of alerts that were created, updated or deleted.
    pub alerts: HashSet<String>,
    /// Changes were missed (the listener fell behind): read every alert again.
    pub everything: bool,
}

#[derive(SurrealValue)]
struct Row {
    id: RecordId,
    ci: RecordId,
    health: String,
}

/// Firing alerts by key, each with its CI and health.
#[derive(Default)]
pub(super) struct Firing {
    loaded: bool,
    alerts: HashMap<String, (String, Health)>,
}

const FIRING: &str = "SELECT id, ci, health FROM alert WHERE firing = true AND ci != NONE";

impl Firing {
    /// Every firing alert, read now.
    pub async fn read(store: &Store) -> Result<Firing, AppError> {
        let mut firing = Firing::default();
        firing.catch_up(store, Changed::default()).await?;
        Ok(firing)
    }

    /// Brings the mirror up to date: the alerts in `changed` are read again, or all of
    /// them the first time and after missed changes.
    pub async fn catch_up(&mut self, store: &Store, changed: Changed) -> Result<(), AppError> {
        if !self.loaded || changed.everything {
            let rows: Vec<Row> = checked(store.db().query(FIRING).await?)?.take(0)?;
            self.alerts.clear();
            self.put(rows);
            self.loaded = true;
            return Ok(());
        }
        if changed.alerts.is_empty() {
            return Ok(());
        }
        let ids: Vec<RecordId> = changed
            .alerts
            .iter()
            .map(|key| RecordId::new("alert", key.as_str()))
            .collect();
        let rows: Vec<Row> = checked(
            store
                .db()
                .query("SELECT id, ci, health FROM $ids WHERE firing = true AND ci != NONE")
                .bind(("ids", ids))
                .await?,
        )?
        .take(0)?;
        for key in &changed.alerts {
            self.alerts.remove(key);
        }
        self.put(rows);
        Ok(())
    }

    fn put(&mut self, rows: Vec<Row>) {
        for row in rows {
            let health = Health::parse(&row.health).unwrap_or(Health::Unknown);
            self.alerts
                .insert(key_of(&row.id), (key_of(&row.ci), health));
        }
    }

    /// Each CI with a firing alert, with the worst health among its alerts.
    pub fn worst(&self) -> HashMap<String, Health> {
        let mut worst: HashMap<String, Health> = HashMap::new();
        for (ci, health) in self.alerts.values() {
            let entry = worst.entry(ci.clone()).or_insert(Health::Ok);
            *entry = Health::worst([*entry, *health]);
        }
        worst
    }
}
