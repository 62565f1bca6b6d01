//! The CAB's votes: each recorded in the transaction that, when the board has decided,
//! schedules or rejects the change.

use super::moves::{after_move, move_entry, moved, not_frozen};
use super::write::{entry, refused};
use super::{board, change_id, kind_of, record, stale, state_of, tell};
use crate::audit::server::Actor;
use crate::audit::FieldChange;
use crate::changes::cab::{decide, Decision, Vote};
use crate::changes::domain::State;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, Store};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct Tally {
    vote: String,
    voter: RecordId,
}

/// Records a CAB member's vote (replacing their earlier one) and, when the board has
/// decided, schedules or rejects the change in the same transaction.
pub async fn vote(
    store: &Store,
    actor: &Actor,
    number: &str,
    vote: Vote,
    comment: &str,
) -> Result<(), AppError> {
    let comment = comment.trim();
    if comment.is_empty() || comment.chars().count() > 2_000 {
        return Err(FieldErrors::single(
            "comment",
            "Say why, in at most 2,000 characters: the board reads it.",
        ));
    }
    let voter = RecordId::new("user", actor.user_id.as_str());
    // A vote cast at the same moment makes this one stale: count again.
    for _ in 0..3 {
        let found = record(store, number).await?;
        if state_of(&found.state) != State::CabApproval {
            return Err(FieldErrors::single(
                "vote",
                format!(
                    "The board votes on changes in CAB Approval; this one is {}.",
                    found.state
                ),
            ));
        }
        let mut response = checked(
            store
                .db()
                .query("SELECT vote, voter FROM change_vote WHERE change = $id")
                .bind(("id", change_id(number)))
                .await?,
        )?;
        let tally: Vec<Tally> = response.take(0)?;
        let others = tally.iter().filter(|t| t.voter != voter);
        let (mut approvals, mut rejections) = (0, 0);
        for t in others.map(|t| t.vote.as_str()).chain([vote.label()]) {
            if t == Vote::Approve.label() {
                approvals += 1;
            } else {
                rejections += 1;
            }
        }
        let kind = kind_of(&found.kind);
        let decision = decide(kind, board(store).await?, approvals, rejections);
        let to = match decision {
            Decision::Approved => Some(State::Scheduled),
            Decision::Rejected => Some(State::Rejected),
            Decision::Pending => None,
        };
        if to == Some(State::Scheduled) {
            not_frozen(store, &found).await?;
        }
        let mut query = store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'change-stale' }; \
                 DELETE change_vote WHERE change = $id AND voter = $voter; \
                 CREATE change_vote CONTENT { change: $id, voter: $voter, vote: $vote, comment: $comment }; \
                 CREATE change_entry CONTENT { change: $id, by: $by, kind: 'vote', \
                   text: string::concat($vote, ': ', $comment) }; \
                 CREATE audit CONTENT $voted;",
            );
        query = match to {
            Some(to) => moved(query, &found, to)
                .bind((
                    "note",
                    format!("The CAB decided: {approvals} approved, {rejections} rejected."),
                ))
                .bind(("moved", move_entry(&Actor::system("CAB"), &found, to))),
            None => query.query("UPDATE $id SET version += 1;"),
        };
        let done = query
            .query("COMMIT")
            .bind(("id", change_id(number)))
            .bind(("version", found.version))
            .bind(("voter", voter.clone()))
            .bind(("vote", vote.label()))
            .bind(("comment", comment.to_owned()))
            .bind(("by", actor.name.clone()))
            .bind((
                "voted",
                entry(
                    actor,
                    number,
                    "update",
                    &[FieldChange {
                        field: "CAB vote".into(),
                        before: None,
                        after: Some(format!("{}: {comment}", vote.label())),
                    }],
                ),
            ))
            .await;
        match done.and_then(checked).map_err(refused) {
            Ok(_) => {
                if let Some(to) = to {
                    after_move(store, to).await;
                    let verdict = if to == State::Scheduled {
                        "approved"
                    } else {
                        "rejected"
                    };
                    let title = format!("{} {verdict} by the CAB: {}", found.number, found.title);
                    let who: Vec<RecordId> = found.assignee.iter().cloned().collect();
                    tell(
                        store,
                        &who,
                        &format!("change:{}:decided", found.number),
                        &found.number,
                        &title,
                    )
                    .await;
                }
                return Ok(());
            }
            Err(AppError::Conflict(_)) => continue,
            Err(other) => return Err(other),
        }
    }
    Err(stale())
}
