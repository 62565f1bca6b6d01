//! Email for notifications, when an SMTP server is configured: every notification also
//! goes to its person's address, with a link to the page. A cursor in the store marks the
//! last one mailed, so a restart neither repeats nor (past the moment email was turned on)
//! skips any; a send that fails is tried again on the next round.

use crate::error::AppError;
use crate::live::server::Changes;
use crate::store::{checked, Store};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use surrealdb::types::{Datetime, SurrealValue};
use tokio::sync::broadcast::error::RecvError;

/// Where notification email goes out, and how its links begin.
#[derive(Clone)]
pub struct Mail {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site: String,
}

impl Mail {
    /// `url` like `smtps://user:pass@mail.example.com` or `smtp://localhost:25`; `from` like
    /// `Trellis <trellis@example.com>`; `site` is the address people open Trellis at.
    pub fn new(url: &str, from: &str, site: &str) -> Result<Mail, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("the SMTP URL is not usable: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("the sender {from:?} is not an email address: {e}"))?;
        Ok(Mail {
            transport,
            from,
            site: site.trim_end_matches('/').to_owned(),
        })
    }

    fn message(&self, to: Mailbox, title: &str, href: &str) -> Result<Message, String> {
        let body = format!(
            "{title}\n\nOpen it in Trellis: {}{href}\n\nThe bell in Trellis lists this too.\n",
            self.site
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(title)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())
    }
}

#[derive(SurrealValue)]
struct Pending {
    title: String,
    href: String,
    at: Datetime,
    email: String,
    name: String,
}

/// Mails the notifications made since the cursor, oldest first; answers how many went.
async fn deliver(store: &Store, mail: &Mail) -> Result<usize, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "(UPSERT mail_cursor:notifications SET at = at ?? time::now() RETURN VALUE at)[0]",
            )
            .await?,
    )?;
    let since: Option<Datetime> = response.take(0)?;
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT title, href, at, user.email AS email, user.display_name AS name \
                 FROM notification WHERE at > $since AND at > time::now() - 1d AND user.disabled = false \
                 ORDER BY at LIMIT 100",
            )
            .bind(("since", since))
            .await?,
    )?;
    let pending: Vec<Pending> = response.take(0)?;
    let mut sent = 0;
    for n in pending {
        let to = n
            .email
            .parse()
            .map(|address| Mailbox::new(Some(n.name.clone()), address));
        match to
            .map_err(|e| e.to_string())
            .and_then(|to| mail.message(to, &n.title, &n.href))
        {
            Ok(message) => match mail.transport.send(message).await {
                Ok(_) => sent += 1,
                Err(error) => {
                    // Left for the next round, with everything after it.
                    tracing::warn!(%error, "notification email not sent; trying again later");
                    return Ok(sent);
                }
            },
            Err(error) => tracing::warn!(%error, email = %n.email, "notification email skipped"),
        }
        checked(
            store
                .db()
                .query("UPDATE mail_cursor:notifications SET at = $at")
                .bind(("at", n.at))
                .await?,
        )?;
    }
    Ok(sent)
}

/// Mails new notifications as they are made, and every minute whatever is left.
pub fn keep_mailing(store: Store, mail: Mail, changes: &Changes) {
    let mut stream = changes.subscribe();
    tokio::spawn(async move {
        loop {
            match deliver(&store, &mail).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "notification emails sent"),
                Err(error) => tracing::warn!(%error, "notification emails failed"),
            }
            let woke = tokio::time::timeout(Duration::from_secs(60), async {
                loop {
                    match stream.recv().await {
                        Ok(change) if change.table == "notification" => return true,
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return false,
                    }
                }
            })
            .await;
            if woke == Ok(false) {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_when_trellis_starts() {
        assert!(Mail::new(
            "smtp://localhost:25",
            "Trellis <t@example.com>",
            "http://x/"
        )
        .is_ok());
        let bad_url = Mail::new("ftp://localhost", "t@example.com", "http://x")
            .err()
            .unwrap();
        assert!(
            bad_url.starts_with("the SMTP URL is not usable"),
            "{bad_url}"
        );
        let bad_from = Mail::new("smtp://localhost:25", "Trellis", "http://x")
            .err()
            .unwrap();
        assert!(bad_from.contains("is not an email address"), "{bad_from}");
        let mail = Mail::new(
            "smtp://localhost:25",
            "t@example.com",
            "https://trellis.example.com/",
        )
        .unwrap();
        let to = "Rory <rory@example.com>".parse().unwrap();
        let text = String::from_utf8(
            mail.message(to, "REQ0000001 is done", "/requests/REQ0000001")
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(
            text.contains("https://trellis.example.com/requests/REQ0000001"),
            "{text}"
        );
    }
}
