//! `GET /api/live`: a Server-Sent Events stream of record changes for the signed-in
//! user's tab. Browsers reconnect to it by themselves.

use crate::AppState;
use app::audit::log::AUDITED;
use app::auth::{Action, CurrentUser};
use app::live::Change;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::convert::Infallible;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// What a user may hear about: changes to records they may read, and to the audit
/// log if they may read that. That a notification changed goes to everyone: it carries
/// only a random key, and each tab reloads its own user's inbox.
fn may_see(can: impl Fn(Action) -> bool, change: &Change) -> bool {
    let needed = match change.table.as_str() {
        // Everyone signed in reads the knowledge base; a change says only which article.
        "notification" | "article" | "article_vote" => return true,
        "audit" => Some(Action::AuditRead),
        "rel" | "relation_type" | "redundancy_group" => Some(Action::CmdbRead),
        "monitor_event" | "service_state" | "alert" | "maintenance_window" => {
            Some(Action::MonitoringRead)
        }
        "asset_event" => Some(Action::AssetRead),
        "incident_entry" | "problem_entry" => Some(Action::IncidentRead),
        "change_request" | "change_entry" | "change_vote" | "change_freeze" => {
            Some(Action::ChangeRead)
        }
        // Requesters follow their own requests live; a change names only the record,
        // and the page reloads it through the request's own access check.
        "service_request" | "request_task" | "request_entry" | "catalog_item" => {
            Some(Action::SelfService)
        }
        table => AUDITED
            .iter()
            .find(|(name, _, _)| *name == table)
            .map(|(_, _, action)| *action),
    };
    needed.is_some_and(can)
}

pub async fn events(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let since = query.get("since").and_then(|s| s.parse::<u64>().ok());
    let me = user.id.clone();
    let changes = state.changes.subscribe();
    // A page made a moment ago first hears the changes it missed (or, when they are no
    // longer all kept, that it should reload everything it shows).
    let missed = since.map(|mark| state.changes.since(mark));
    let (replay, resync) = match missed {
        Some(Some(changes)) => (changes, false),
        Some(None) => (Vec::new(), true),
        None => (Vec::new(), false),
    };
    let resync = tokio_stream::iter(
        resync.then(|| Ok::<_, Infallible>(Event::default().event("resync").data("missed"))),
    );
    // What the account itself went through before listening is already in force.
    let me_too = me.clone();
    let replay = tokio_stream::iter(
        replay
            .into_iter()
            .filter(move |c| !(c.table == "user" && c.key == me_too))
            .map(Ok::<Change, BroadcastStreamRecvError>),
    );
    let stream = replay
        .chain(BroadcastStream::new(changes))
        // A listener too slow to keep up skips what it missed; the next change reloads.
        .filter_map(Result::ok)
        // A change to the listener's own account (roles, disabled) ends the stream; the
        // browser reconnects with its new rights, or is refused.
        .take_while(move |change| !(change.table == "user" && change.key == me))
        .filter_map(move |change| {
            if !may_see(|action| user.can(action), &change) {
                return None;
            }
            let data = serde_json::to_string(&change).ok()?;
            Some(Ok::<_, Infallible>(
                Event::default().event("change").data(data),
            ))
        });
    Sse::new(resync.chain(stream))
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::live::ChangeKind;

    fn change(table: &str) -> Change {
        Change {
            table: table.into(),
            key: "k".into(),
            kind: ChangeKind::Update,
            written: None,
        }
    }

    #[test]
    fn only_readable_tables_are_heard() {
        assert!(may_see(|a| a == Action::CmdbRead, &change("ci")));
        assert!(!may_see(|_| false, &change("ci")));
        assert!(!may_see(|_| true, &change("session")));
        assert!(may_see(|a| a == Action::UsersManage, &change("user")));
        assert!(!may_see(|a| a == Action::CmdbRead, &change("audit")));
        assert!(may_see(|a| a == Action::AssetRead, &change("asset_event")));
        assert!(!may_see(|a| a == Action::CmdbRead, &change("contract")));
        assert!(may_see(|_| false, &change("notification")));
    }
}
