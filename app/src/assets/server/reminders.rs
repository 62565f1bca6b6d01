//! Server-only: reminders ahead of an expiry or a maintenance window. Within 30 days of a
//! warranty, end of life or contract running out, and within 3 days of a maintenance window
//! on an asset, the asset's owner (a user of that name) and every Asset Manager get one
//! notification for it.

use super::suppliers::expiring;
use crate::live::server::Changes;
use crate::store::{checked, Store};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// How far ahead reminders go out.
pub const REMIND_DAYS: u32 = 30;

/// One reminder: sent once per person and key.
struct Due {
    key: String,
    title: String,
    href: String,
    /// The asset owner's name; a user of that name gets it.
    owner: String,
}

#[derive(SurrealValue)]
struct Upcoming {
    id: RecordId,
    asset: RecordId,
    tag: String,
    name: String,
    owner: Option<String>,
    starts_at: surrealdb::types::Datetime,
    reason: String,
}

/// Maintenance windows on assets that start within three days, as expiry-like items.
async fn upcoming_windows(store: &Store) -> Result<Vec<Due>, crate::error::AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, asset, asset.tag AS tag, asset.name AS name, asset.owner AS owner, \
                 starts_at, reason FROM maintenance_window WHERE asset != NONE AND phase = 'ahead' \
                 AND starts_at > time::now() AND starts_at <= time::now() + 3d",
            )
            .await?,
    )?;
    let found: Vec<Upcoming> = response.take(0)?;
    Ok(found
        .into_iter()
        .map(|w| {
            let key = format!("window:{}", crate::store::key_of(&w.id));
            let title = format!(
                "Maintenance of {} {} starts {}: {}",
                w.tag,
                w.name,
                crate::cmdb::server::shown(&w.starts_at),
                w.reason
            );
            let href = format!("/assets/{}", crate::store::key_of(&w.asset));
            Due {
                key,
                title,
                href,
                owner: w.owner.unwrap_or_default(),
            }
        })
        .collect())
}

#[derive(SurrealValue)]
struct Person {
    id: RecordId,
    display_name: String,
    roles: Vec<String>,
}

/// Sends the reminders that are due; answers how many went out.
pub async fn remind(store: &Store) -> Result<usize, crate::error::AppError> {
    let mut due: Vec<Due> = expiring(store, REMIND_DAYS)
        .await?
        .into_iter()
        .map(|item| {
            let key = format!("expiry:{}:{}:{}", item.what, item.name, item.on);
            let when = match item.days_left {
                0 => "today".to_owned(),
                1 => "tomorrow".to_owned(),
                n => format!("in {n} days"),
            };
            let title = format!("{} of {} ends {when} ({})", item.what, item.name, item.on);
            Due {
                key,
                title,
                href: item.href,
                owner: item.owner,
            }
        })
        .collect();
    due.extend(upcoming_windows(store).await?);
    if due.is_empty() {
        return Ok(0);
    }
    let mut response = checked(
        store
            .db()
            .query("SELECT id, display_name, roles FROM user WHERE disabled = false")
            .await?,
    )?;
    let people: Vec<Person> = response.take(0)?;
    let mut sent = 0;
    for Due {
        key,
        title,
        href,
        owner,
    } in due
    {
        let to: Vec<RecordId> = people
            .iter()
            .filter(|p| p.roles.iter().any(|r| r == "asset_manager") || p.display_name == owner)
            .map(|p| p.id.clone())
            .collect();
        sent += crate::notify::server::send(store, &to, &key, &title, &href).await?;
    }
    Ok(sent)
}

/// Sends due reminders now, every hour, and soon after any asset or contract changes.
pub fn remind_ahead(store: Store, changes: &Changes) {
    let mut stream = changes.subscribe();
    tokio::spawn(async move {
        loop {
            match remind(&store).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "expiry reminders sent"),
                Err(error) => tracing::warn!(%error, "expiry reminders failed"),
            }
            let woke = tokio::time::timeout(Duration::from_secs(3600), async {
                loop {
                    match stream.recv().await {
                        Ok(change)
                            if matches!(
                                change.table.as_str(),
                                "asset" | "contract" | "maintenance_window"
                            ) =>
                        {
                            return true
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
                    }
                }
            })
            .await;
            if woke == Ok(false) {
                return;
            }
            // A burst of edits sends one round.
            tokio::time::sleep(Duration::from_millis(200)).await;
            while stream.try_recv().is_ok() {}
        }
    });
}
