//! Backups: the whole database as SurrealQL through SurrealDB's own export, restored only
//! into an empty database, and a fingerprint of every table (rows and a checksum of their
//! content) that shows a restore holds exactly what was backed up.

use super::{checked, Db, Store};
use std::collections::BTreeMap;
use std::path::Path;
use surrealdb::types::{SurrealValue, Value};

/// A table's row count and a SHA-256 of its rows in id order.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct TableSum {
    pub rows: i64,
    pub checksum: String,
}

/// Every table of the database by name.
pub type Fingerprint = BTreeMap<String, TableSum>;

async fn tables(db: &Db) -> Result<Vec<String>, surrealdb::Error> {
    let mut response = checked(db.query("INFO FOR DB").await?)?;
    let info: Option<Value> = response.take(0)?;
    let json = info.map(Value::into_json_value).unwrap_or_default();
    Ok(json["tables"]
        .as_object()
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default())
}

/// Counts and checksums every table.
pub async fn fingerprint(store: &Store) -> Result<Fingerprint, surrealdb::Error> {
    let mut sums = Fingerprint::new();
    for table in tables(store.db()).await? {
        let mut response = checked(
            store
                .db()
                .query(
                    "LET $rows = SELECT * FROM type::table($table) ORDER BY id; \
                     RETURN { rows: array::len($rows), checksum: crypto::sha256(<string> $rows) };",
                )
                .bind(("table", table.clone()))
                .await?,
        )?;
        let sum: Option<TableSum> = response.take(1)?;
        if let Some(sum) = sum {
            sums.insert(table, sum);
        }
    }
    Ok(sums)
}

impl Store {
    /// Writes the whole database (schema and records) to `file` as SurrealQL.
    pub async fn backup(&self, file: &Path) -> Result<(), surrealdb::Error> {
        self.db.export(file).await
    }

    /// Loads a backup into the empty database `settings` name, then applies any
    /// migrations newer than the backup. Refuses a database that has tables already.
    pub async fn restore(settings: &super::DbSettings, file: &Path) -> Result<Store, RestoreError> {
        let db = super::connect(settings).await?;
        let existing = tables(&db).await?;
        if !existing.is_empty() {
            return Err(RestoreError::NotEmpty(existing.len()));
        }
        db.import(file).await?;
        super::migrate::run(&db).await?;
        Ok(Store {
            db: std::sync::Arc::new(db),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("the database already holds {0} tables; restore into an empty one")]
    NotEmpty(usize),
    #[error(transparent)]
    Store(#[from] surrealdb::Error),
}
