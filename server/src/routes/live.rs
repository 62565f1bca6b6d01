//! `GET /api/live`: a Server-Sent Events stream of record changes for the signed-in
//! user's tab. Browsers reconnect to it by themselves.

use crate::AppState;
use app::auth::server::current;
use app::auth::Action;
use app::live::Change;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;
use tower_sessions::Session;

/// What a user may hear about: changes to records they may read.
fn may_see(can: impl Fn(Action) -> bool, change: &Change) -> bool {
    match change.table.as_str() {
        "ci" => can(Action::CmdbRead),
        _ => false,
    }
}

pub async fn events(State(state): State<AppState>, session: Session) -> Response {
    let user = match current(&state.store, &session, &state.sessions).await {
        Ok(Some(user)) => user,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, error.to_string()).into_response();
        }
    };
    let stream = BroadcastStream::new(state.changes.subscribe()).filter_map(move |item| {
        // A listener too slow to keep up skips what it missed; the next change reloads.
        let change = item.ok()?;
        if !may_see(|action| user.can(action), &change) {
            return None;
        }
        let data = serde_json::to_string(&change).ok()?;
        Some(Ok::<_, Infallible>(
            Event::default().event("change").data(data),
        ))
    });
    Sse::new(stream)
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
        }
    }

    #[test]
    fn only_readable_tables_are_heard() {
        assert!(may_see(|a| a == Action::CmdbRead, &change("ci")));
        assert!(!may_see(|_| false, &change("ci")));
        assert!(!may_see(|_| true, &change("session")));
    }
}
