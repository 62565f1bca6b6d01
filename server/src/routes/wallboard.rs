//! `GET /api/wallboard/{board}/live`: a Server-Sent Events stream of one wallboard's
//! content, sent whenever something it shows may have changed (at most every half
//! second) and every 15 s regardless, so the screen can tell it is still connected.

use crate::AppState;
use app::live::Change;
use app::monitoring::server::boards;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

/// Changes to these tables can change what a board shows.
const SHOWN: &[&str] = &[
    "service_state",
    "monitor_event",
    "wallboard",
    "ci",
    "incident",
    "change_request",
    "sla",
];

const HEARTBEAT: Duration = Duration::from_secs(15);

pub async fn live(State(state): State<AppState>, Path(board): Path<String>) -> Response {
    let changes = state.changes.subscribe();
    let stream = futures::stream::unfold(
        (state, board, changes, true),
        |(state, board, mut changes, first)| async move {
            if !first && !changed(&mut changes).await {
                return None;
            }
            let event = match boards::view(&state.store, &state.impact, &state.firing, &board).await
            {
                Ok(view) => serde_json::to_string(&view)
                    .map(|data| Event::default().event("board").data(data))
                    .unwrap_or_else(|_| Event::default().comment("unencodable")),
                // A deleted board ends the stream; the screen's reconnection is refused.
                Err(app::error::AppError::NotFound(_)) => return None,
                Err(error) => {
                    tracing::warn!(%error, board, "cannot build a wallboard");
                    Event::default().comment("unavailable")
                }
            };
            Some((Ok::<_, Infallible>(event), (state, board, changes, false)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Waits until something shown may have changed (and the burst settled) or the
/// heartbeat is due; false when the server is shutting down.
async fn changed(changes: &mut Receiver<Change>) -> bool {
    let deadline = tokio::time::sleep(HEARTBEAT);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            () = &mut deadline => return true,
            change = changes.recv() => match change {
                Ok(change) if SHOWN.contains(&change.table.as_str()) => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    while changes.try_recv().is_ok() {}
                    return true;
                }
                Ok(_) => {}
                Err(RecvError::Lagged(_)) => return true,
                Err(RecvError::Closed) => return false,
            },
        }
    }
}
