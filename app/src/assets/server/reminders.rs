//! Server-only: reminders ahead of an expiry. Within 30 days of a warranty, end of life or
//! contract running out, the asset's owner (a user of that name) and every Asset Manager
//! get one notification for it.

use super::suppliers::expiring;
use crate::live::server::Changes;
use crate::store::{checked, Store};
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// How far ahead reminders go out.
pub const REMIND_DAYS: u32 = 30;

#[derive(SurrealValue)]
struct Person {
    id: RecordId,
    display_name: String,
    roles: Vec<String>,
}

/// Sends the reminders that are due; answers how many went out.
pub async fn remind(store: &Store) -> Result<usize, crate::error::AppError> {
    let due = expiring(store, REMIND_DAYS).await?;
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
    for item in due {
        let to: Vec<RecordId> = people
            .iter()
            .filter(|p| {
                p.roles.iter().any(|r| r == "asset_manager") || p.display_name == item.owner
            })
            .map(|p| p.id.clone())
            .collect();
        let key = format!("expiry:{}:{}:{}", item.what, item.name, item.on);
        let when = match item.days_left {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        let title = format!("{} of {} ends {when} ({})", item.what, item.name, item.on);
        sent += crate::notify::server::send(store, &to, &key, &title, &item.href).await?;
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
                        Ok(change) if matches!(change.table.as_str(), "asset" | "contract") => {
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
