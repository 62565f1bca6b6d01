//! Server-only: sending notifications (once per person and key) and reading an inbox.

mod mail;

pub use mail::{keep_mailing, Mail};

use super::{Inbox, Notice};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// How many of the latest notifications the page lists.
const INBOX_SIZE: i64 = 20;

#[derive(SurrealValue)]
struct Row {
    user: RecordId,
    key: String,
    title: String,
    href: String,
}

/// Sends `title` to each user in `to` who has not had `key` yet; answers how many got it.
pub async fn send(
    store: &Store,
    to: &[RecordId],
    key: &str,
    title: &str,
    href: &str,
) -> Result<usize, AppError> {
    // Who had it already gets no write at all, so a repeated round raises no live change.
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE user FROM notification WHERE user IN $to AND key = $key")
            .bind(("to", to.to_vec()))
            .bind(("key", key.to_owned()))
            .await?,
    )?;
    let had: Vec<RecordId> = response.take(0)?;
    let rows: Vec<Row> = to
        .iter()
        .filter(|user| !had.contains(user))
        .map(|user| Row {
            user: user.clone(),
            key: key.to_owned(),
            title: title.to_owned(),
            href: href.to_owned(),
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let mut response = checked(
        store
            .db()
            .query("INSERT IGNORE INTO notification $rows RETURN VALUE id")
            .bind(("rows", rows))
            .await?,
    )?;
    let sent: Vec<RecordId> = response.take(0)?;
    Ok(sent.len())
}

#[derive(SurrealValue)]
struct NoticeRecord {
    id: RecordId,
    title: String,
    href: String,
    at: Datetime,
    read: bool,
}

pub async fn inbox(store: &Store, user: &str) -> Result<Inbox, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, title, href, at, read FROM notification WHERE user = $user \
                 ORDER BY at DESC LIMIT $size",
            )
            .query("SELECT count() AS n FROM notification WHERE user = $user AND read = false GROUP ALL")
            .bind(("user", RecordId::new("user", user)))
            .bind(("size", INBOX_SIZE))
            .await?,
    )?;
    let items: Vec<NoticeRecord> = response.take(0)?;
    let unread: Option<i64> = response.take((1, "n"))?;
    Ok(Inbox {
        unread: u64::try_from(unread.unwrap_or(0)).unwrap_or(0),
        items: items
            .into_iter()
            .map(|n| Notice {
                id: key_of(&n.id),
                title: n.title,
                href: n.href,
                at: crate::cmdb::server::shown(&n.at),
                read: n.read,
            })
            .collect(),
    })
}

/// Marks the user's notification `id` read, or all of theirs for "all"; never another's.
pub async fn mark_read(store: &Store, user: &str, id: &str) -> Result<(), AppError> {
    let user = RecordId::new("user", user);
    let query = if id == "all" {
        store
            .db()
            .query("UPDATE notification SET read = true WHERE user = $user AND read = false")
            .bind(("user", user))
    } else {
        store
            .db()
            .query("UPDATE $id SET read = true WHERE user = $user")
            .bind(("id", RecordId::new("notification", id)))
            .bind(("user", user))
    };
    checked(query.await?)?;
    Ok(())
}
