//! Moving a change along its kind's flow, with what each state needs. A change that
//! becomes Scheduled plans a maintenance window on each of its CIs for its window, and
//! finishing or cancelling it ends them; a freeze holds all but Emergency changes.

use super::write::{entry, refused, unchanged_since};
use super::{
    board, board_members, change_id, freeze_of, kind_of, record, state_of, tell, ChangeRecord,
};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::changes::domain::{allowed, ready, Facts, Kind, State};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, Query, Store};
use crate::tickets::flow::Flow;

/// A window that falls in a freeze is refused, except for an Emergency change.
pub(super) async fn not_frozen(store: &Store, found: &ChangeRecord) -> Result<(), AppError> {
    if kind_of(&found.kind) == Kind::Emergency {
        return Ok(());
    }
    let (Some(starts), Some(ends)) = (&found.starts_at, &found.ends_at) else {
        return Ok(());
    };
    match freeze_of(store, starts.naive_utc(), ends.naive_utc()).await? {
        Some(name) => Err(FieldErrors::single(
            "window",
            format!("The window falls in the freeze \u{201c}{name}\u{201d}; only Emergency changes are scheduled in a freeze. Move the window."),
        )),
        None => Ok(()),
    }
}

/// The statements that carry out a move to `to` inside the caller's transaction: the
/// state, a timeline entry, the audit row, and the change's maintenance windows.
pub(super) fn moved<'a>(query: Query<'a>, found: &ChangeRecord, to: State) -> Query<'a> {
    let from = state_of(&found.state);
    let windows = if to == State::Scheduled {
        "FOR $ci IN $id.cis { \
           CREATE maintenance_window CONTENT { ci: $ci, starts_at: $id.starts_at, \
             ends_at: $id.ends_at, reason: $reason, created_by: $by, change: $id }; \
         };"
    } else if matches!(to, State::Review | State::Cancelled) {
        "DELETE maintenance_window WHERE change = $id AND phase = 'ahead'; \
         UPDATE maintenance_window SET ends_at = time::now() \
           WHERE change = $id AND phase = 'open' AND ends_at > time::now();"
    } else {
        ""
    };
    let closes = matches!(to, State::Successful | State::Failed | State::BackedOut);
    let query = query.query(
        "UPDATE $id SET state = $to, version += 1, \
               review = IF $closes { $note } ELSE { review }, \
               closed_at = IF $closes { time::now() } ELSE { closed_at }; \
             CREATE change_entry CONTENT { change: $id, by: $by, kind: 'move', text: $note, \
               from: $from, to: $to }; \
             CREATE audit CONTENT $moved;",
    );
    let query = if windows.is_empty() {
        query
    } else {
        query.query(windows)
    };
    query
        .bind(("to", to.label()))
        .bind(("from", from.label()))
        .bind(("closes", closes))
        .bind(("reason", format!("{}: {}", found.number, found.title)))
}

pub(super) async fn after_move(store: &Store, to: State) {
    if matches!(to, State::Scheduled | State::Review | State::Cancelled) {
        if let Err(error) = crate::monitoring::server::maintenance::apply(store).await {
            tracing::warn!(%error, "maintenance windows of a change could not be applied");
        }
    }
}

pub(super) fn move_entry(actor: &Actor, found: &ChangeRecord, to: State) -> NewEntry {
    entry(
        actor,
        &found.number,
        "update",
        &[FieldChange {
            field: "state".into(),
            before: Some(found.state.clone()),
            after: Some(to.label().to_owned()),
        }],
    )
}

/// Moves a change along, if its kind's flow allows it now and it holds what the new
/// state needs. `note` is the post-implementation review when it closes.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    to: &str,
    note: &str,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    unchanged_since(&found, version)?;
    let kind = kind_of(&found.kind);
    let step = state_of(&found.state).move_to(to)?;
    if !allowed(kind, step) {
        return Err(FieldErrors::single(
            "to",
            if step.from == State::CabApproval {
                "The CAB decides this by its votes.".to_owned()
            } else {
                format!(
                    "A {} change cannot {}.",
                    kind.label(),
                    step.action.to_lowercase()
                )
            },
        ));
    }
    ready(
        step.to,
        &Facts {
            has_cis: !found.cis.is_empty(),
            has_plans: [
                &found.implementation_plan,
                &found.backout_plan,
                &found.test_plan,
            ]
            .iter()
            .all(|p| !p.trim().is_empty()),
            has_window: found.starts_at.is_some(),
            has_risk: found.risk.is_some(),
            note: note.to_owned(),
        },
    )?;
    if matches!(step.to, State::CabApproval | State::Scheduled) {
        not_frozen(store, &found).await?;
    }
    if step.to == State::CabApproval && board(store).await? == 0 {
        return Err(FieldErrors::single(
            "to",
            "Nobody holds the CAB Member role, so no board can decide; ask an admin to name CAB members.",
        ));
    }
    let query = store
        .db()
        .query("BEGIN")
        .query("IF $id.version != $version { THROW 'change-stale' };");
    checked(
        moved(query, &found, step.to)
            .query("COMMIT")
            .bind(("id", change_id(number)))
            .bind(("version", found.version))
            .bind(("note", note.trim().to_owned()))
            .bind(("by", actor.name.clone()))
            .bind(("moved", move_entry(actor, &found, step.to)))
            .await?,
    )
    .map_err(refused)?;
    after_move(store, step.to).await;
    if step.to == State::CabApproval {
        let board = board_members(store).await?;
        let title = format!("{} needs your vote: {}", found.number, found.title);
        let key = format!("change:{}:cab:{}", found.number, found.version);
        tell(store, &board, &key, &found.number, &title).await;
    }
    Ok(())
}
