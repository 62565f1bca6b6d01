//! Changing requests: the approver's decision, finishing fulfilment tasks (the last one
//! closes the request), cancelling and comments, and reporting a problem from the
//! portal. Each state change names the version it started from and writes its timeline
//! entry and audit row in the same transaction.

use super::{record, request_id, state_of, visible, RequestRecord, STALE, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::auth::{Action, CurrentUser, Role};
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::requests::domain::{Approver, State, TaskState};
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use surrealdb::types::{RecordId, SurrealValue};

fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(STALE) {
        super::stale()
    } else {
        error.into()
    }
}

fn unchanged_since(found: &RequestRecord, version: u64) -> Result<(), AppError> {
    if i64::try_from(version).ok() == Some(found.version) {
        Ok(())
    } else {
        Err(super::stale())
    }
}

fn state_entry(actor: &Actor, number: &str, from: State, to: State) -> NewEntry {
    NewEntry::new(
        actor,
        TABLE,
        &number.to_lowercase(),
        "update",
        &[FieldChange {
            field: "state".into(),
            before: Some(from.label().to_owned()),
            after: Some(to.label().to_owned()),
        }],
    )
}

/// Tells people of a request in the bell; the request is changed whatever becomes of this.
pub(super) async fn tell(store: &Store, to: &[RecordId], number: &str, title: &str) {
    let href = format!("/requests/{number}");
    let key = format!("request:{number}:{}", uuid::Uuid::new_v4());
    if let Err(error) = crate::notify::server::send(store, to, &key, title, &href).await {
        tracing::warn!(%error, number, "request notification not sent");
    }
}

async fn tell_requester(store: &Store, found: &RequestRecord, title: &str) {
    tell(
        store,
        std::slice::from_ref(&found.requester),
        &found.number,
        title,
    )
    .await;
}

/// Everyone enabled who holds `role`, or who is in `team`.
pub(super) async fn people(
    store: &Store,
    role: Option<Role>,
    team: Option<&RecordId>,
) -> Result<Vec<RecordId>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT VALUE id FROM user WHERE disabled = false AND \
                 (($role != NONE AND roles CONTAINS $role) OR ($team != NONE AND teams CONTAINS $team))",
            )
            .bind(("role", role.map(|r| r.key().to_owned())))
            .bind(("team", team.cloned()))
            .await?,
    )?;
    Ok(response.take(0)?)
}

/// The approver's decision: approving opens the fulfilment tasks, rejecting (with a
/// reason) ends the request.
pub async fn decide(
    store: &Store,
    actor: &Actor,
    me: &CurrentUser,
    number: &str,
    version: u64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let found = visible(store, number, me).await?;
    unchanged_since(&found, version)?;
    let from = state_of(&found.state);
    let to = if approve {
        State::Fulfilment
    } else {
        State::Rejected
    };
    from.move_to(to.label())?;
    let approver = found.rule();
    if found.is_requester(me) {
        return Err(FieldErrors::single(
            "decision",
            "You cannot decide your own request; another approver will.",
        ));
    }
    if !found.may_decide(me) {
        let who = match (approver, &found.approver_name) {
            (Approver::Manager, Some(name)) => name.clone(),
            (approver, _) => approver.label().to_lowercase(),
        };
        return Err(AppError::Forbidden(format!(
            "Only {who} can decide this request."
        )));
    }
    let note = note.trim().to_owned();
    if !approve && note.is_empty() {
        return Err(FieldErrors::single(
            "note",
            "Say why it is rejected; the requester reads this.",
        ));
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'request-stale' }; \
                 UPDATE $id SET state = $to, decided_by = $by, decision_note = $note, version += 1, \
                   closed_at = IF $approve { NONE } ELSE { time::now() }; \
                 UPDATE request_task SET state = IF $approve { 'Open' } ELSE { 'Cancelled' } \
                   WHERE request = $id AND state = 'Pending'; \
                 CREATE request_entry CONTENT { request: $id, by: $by, kind: 'move', text: $note, \
                   from: $from, to: $to }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", request_id(number)))
            .bind(("version", found.version))
            .bind(("to", to.label()))
            .bind(("from", from.label()))
            .bind(("approve", approve))
            .bind(("note", note.clone()))
            .bind(("by", actor.name.clone()))
            .bind(("entry", state_entry(actor, &found.number, from, to)))
            .await?,
    )
    .map_err(refused)?;
    let verdict = if approve { "approved" } else { "rejected" };
    let title = format!(
        "{}: {} was {verdict} by {}",
        found.number, found.item_name, actor.name
    );
    tell_requester(store, &found, &title).await;
    if approve {
        let team = people(store, None, found.team.as_ref()).await?;
        let title = format!("{} to fulfil: {}", found.number, found.item_name);
        tell(store, &team, &found.number, &title).await;
    }
    Ok(())
}

#[derive(SurrealValue)]
struct OpenTask {
    n: i64,
    title: String,
}

/// Marks task `n` done; finishing the last open task closes the request.
pub async fn finish_task(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    n: u32,
    note: &str,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    unchanged_since(&found, version)?;
    let from = state_of(&found.state);
    if from != State::Fulfilment {
        return Err(FieldErrors::single(
            "task",
            format!(
                "Tasks are finished while a request is In fulfilment; this one is {}.",
                from.label()
            ),
        ));
    }
    let id = request_id(number);
    let mut response = checked(
        store
            .db()
            .query("SELECT n, title FROM request_task WHERE request = $id AND state = 'Open' ORDER BY n")
            .bind(("id", id.clone()))
            .await?,
    )?;
    let open: Vec<OpenTask> = response.take(0)?;
    let task = open
        .iter()
        .find(|t| t.n == i64::from(n))
        .ok_or_else(|| FieldErrors::single("task", "That task is not open."))?;
    let closes = open.len() == 1;
    let mut changes = vec![FieldChange {
        field: format!("task {n}"),
        before: Some(TaskState::Open.label().to_owned()),
        after: Some(TaskState::Done.label().to_owned()),
    }];
    if closes {
        changes.push(FieldChange {
            field: "state".into(),
            before: Some(from.label().to_owned()),
            after: Some(State::Closed.label().to_owned()),
        });
    }
    let note = note.trim().to_owned();
    let text = if note.is_empty() {
        format!("Done: {}", task.title)
    } else {
        format!("Done: {}\n{note}", task.title)
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'request-stale' }; \
                 UPDATE request_task SET state = 'Done', done_by = $by, done_at = time::now(), note = $note \
                   WHERE request = $id AND n = $n; \
                 CREATE request_entry CONTENT { request: $id, by: $by, kind: 'task', text: $text }; \
                 IF $closes { \
                   UPDATE $id SET state = 'Closed', closed_at = time::now(), version += 1; \
                   CREATE request_entry CONTENT { request: $id, by: $by, kind: 'move', \
                     from: 'In fulfilment', to: 'Closed' }; \
                 } ELSE { UPDATE $id SET version += 1; }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", id))
            .bind(("version", found.version))
            .bind(("n", i64::from(n)))
            .bind(("note", note))
            .bind(("text", text))
            .bind(("closes", closes))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    if closes {
        let title = format!("{}: {} is done", found.number, found.item_name);
        tell_requester(store, &found, &title).await;
    }
    Ok(())
}

/// Cancels an open request, by its requester or a fulfiller, saying why.
pub async fn cancel(
    store: &Store,
    actor: &Actor,
    me: &CurrentUser,
    number: &str,
    version: u64,
    reason: &str,
) -> Result<(), AppError> {
    let found = visible(store, number, me).await?;
    if !found.is_requester(me) && !me.can(Action::RequestFulfil) {
        return Err(AppError::Forbidden(
            "Only its requester or a fulfiller can cancel a request.".into(),
        ));
    }
    unchanged_since(&found, version)?;
    let from = state_of(&found.state);
    from.move_to(State::Cancelled.label())?;
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Err(FieldErrors::single("reason", "Say why it is cancelled."));
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'request-stale' }; \
                 UPDATE $id SET state = 'Cancelled', closed_at = time::now(), version += 1; \
                 UPDATE request_task SET state = 'Cancelled' WHERE request = $id AND state IN ['Pending', 'Open']; \
                 CREATE request_entry CONTENT { request: $id, by: $by, kind: 'move', text: $reason, \
                   from: $from, to: 'Cancelled' }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", request_id(number)))
            .bind(("version", found.version))
            .bind(("reason", reason))
            .bind(("from", from.label()))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                state_entry(actor, &found.number, from, State::Cancelled),
            ))
            .await?,
    )
    .map_err(refused)?;
    if !found.is_requester(me) {
        let title = format!(
            "{}: {} was cancelled by {}",
            found.number, found.item_name, actor.name
        );
        tell_requester(store, &found, &title).await;
    }
    Ok(())
}

/// A comment the requester reads, or (for fulfillers) an internal work note.
pub async fn comment(
    store: &Store,
    actor: &Actor,
    me: &CurrentUser,
    number: &str,
    text: &str,
    internal: bool,
) -> Result<(), AppError> {
    let found = visible(store, number, me).await?;
    let fulfiller = me.can(Action::RequestFulfil);
    if !fulfiller && (internal || !found.is_requester(me)) {
        return Err(AppError::Forbidden(
            "Only its requester and fulfillers write on a request.".into(),
        ));
    }
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "text",
            "Write something, in at most 10,000 characters.",
        ));
    }
    checked(
        store
            .db()
            .query(
                "CREATE request_entry CONTENT { request: $id, by: $by, kind: $kind, text: $text }",
            )
            .bind(("id", request_id(number)))
            .bind(("by", actor.name.clone()))
            .bind(("kind", if internal { "work_note" } else { "comment" }))
            .bind(("text", text))
            .await?,
    )?;
    if !internal && !found.is_requester(me) {
        let title = format!("{}: {} commented", found.number, actor.name);
        tell_requester(store, &found, &title).await;
    }
    Ok(())
}

/// Logs an incident that `me` reports for themselves from the portal; answers its number.
pub async fn report(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    me: &CurrentUser,
    incident: &crate::tickets::incident::ValidIncident,
) -> Result<String, AppError> {
    crate::tickets::server::open(store, index, actor, incident, None, Some(&me.id)).await
}
