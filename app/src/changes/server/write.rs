//! Changing changes: raising an RFC, planning it, moving it along, the CAB's votes and
//! freezes. Each change names the version it started from and writes its timeline entry
//! and audit row in the same transaction; a change that becomes Scheduled plans a
//! maintenance window on each of its CIs for its window, and finishing or cancelling it
//! ends them.

use super::{
    board, board_members, change_id, freeze_of, kind_of, record, stale, state_of, tell,
    ChangeRecord, STALE, TABLE,
};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::changes::domain::{allowed, ready, risk_score, Facts, Kind, State, ValidChange};
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Query, Store};
use crate::tickets::flow::Flow;
use crate::tickets::server::{affected_services, links};
use surrealdb::types::{RecordId, SurrealValue};

pub(super) fn entry(
    actor: &Actor,
    number: &str,
    action: &str,
    changes: &[FieldChange],
) -> NewEntry {
    NewEntry::new(actor, TABLE, &number.to_lowercase(), action, changes)
}

pub(super) fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(STALE) {
        stale()
    } else {
        error.into()
    }
}

fn score(change: &ValidChange) -> Option<i64> {
    change.risk.as_deref().and_then(risk_score).map(i64::from)
}

/// How many CIs and services the failure of `cis` would reach.
fn reach(index: &ImpactIndex, cis: &[RecordId]) -> i64 {
    let keys: Vec<String> = cis.iter().map(key_of).collect();
    let starts: Vec<&str> = keys.iter().map(String::as_str).collect();
    index.read(|graph, _| i64::try_from(graph.impact(&starts).ids().count()).unwrap_or(0))
}

#[derive(SurrealValue)]
struct TemplateRecord {
    implementation_plan: String,
    backout_plan: String,
    test_plan: String,
    risk: Vec<i64>,
}

/// A Standard change takes its plans and risk from its template, where it gives none.
async fn with_template(store: &Store, change: &ValidChange) -> Result<ValidChange, AppError> {
    let mut change = change.clone();
    let Some(key) = change
        .template
        .clone()
        .filter(|_| change.kind == Kind::Standard)
    else {
        change.template = None;
        return Ok(change);
    };
    let mut response = checked(
        store
            .db()
            .query("SELECT implementation_plan, backout_plan, test_plan, risk FROM ONLY $id")
            .bind(("id", RecordId::new("change_template", key.as_str())))
            .await?,
    )?;
    let found: Option<TemplateRecord> = response.take(0)?;
    let template = found
        .ok_or_else(|| FieldErrors::single("template", "Choose a template from the catalog."))?;
    let or = |own: &mut String, given: String| {
        if own.is_empty() {
            *own = given;
        }
    };
    or(
        &mut change.implementation_plan,
        template.implementation_plan,
    );
    or(&mut change.backout_plan, template.backout_plan);
    or(&mut change.test_plan, template.test_plan);
    if change.risk.is_none() {
        change.risk = Some(
            template
                .risk
                .iter()
                .map(|a| u8::try_from(*a).unwrap_or(0))
                .collect(),
        );
    }
    Ok(change)
}

fn fields(change: &ValidChange) -> crate::audit::Fields {
    let (starts, ends) = change.window.clone().unwrap_or_default();
    vec![
        ("title", change.title.clone()),
        ("kind", change.kind.label().to_owned()),
        ("CIs", change.cis.join(", ")),
        (
            "window",
            if starts.is_empty() {
                String::new()
            } else {
                format!("{starts} to {ends}")
            },
        ),
        (
            "risk score",
            score(change).map(|s| s.to_string()).unwrap_or_default(),
        ),
    ]
}

/// Binds what an RFC says, with the records it names found and the services its CIs
/// affect: `$title`, `$description`, `$cis`, `$services`, `$affected`, the plans, the
/// window, the risk, `$team` and `$assignee`.
async fn bound<'a>(
    store: &Store,
    index: &ImpactIndex,
    query: Query<'a>,
    change: &ValidChange,
) -> Result<Query<'a>, AppError> {
    let (cis, team, assignee) = links(
        store,
        &change.cis,
        change.team.as_deref(),
        change.assignee.as_deref(),
    )
    .await?;
    let services = affected_services(index, &cis);
    let (starts, ends) = change.window.clone().unzip();
    let risk: Option<Vec<i64>> = change
        .risk
        .as_ref()
        .map(|r| r.iter().map(|a| i64::from(*a)).collect());
    Ok(query
        .bind(("title", change.title.clone()))
        .bind(("description", change.description.clone()))
        .bind(("affected", reach(index, &cis)))
        .bind(("cis", cis))
        .bind(("services", services))
        .bind(("implementation", change.implementation_plan.clone()))
        .bind(("backout", change.backout_plan.clone()))
        .bind(("test", change.test_plan.clone()))
        .bind(("starts", starts))
        .bind(("ends", ends))
        .bind(("risk", risk))
        .bind(("score", score(change)))
        .bind(("team", team))
        .bind(("assignee", assignee)))
}

/// Raises an RFC in Draft, with the business services its CIs affect; answers its number.
pub async fn open(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    change: &ValidChange,
) -> Result<String, AppError> {
    let change = with_template(store, change).await?;
    let query = store
        .db()
        .query("BEGIN")
        .query(
                "LET $n = (UPSERT ticket_counter:change SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('CHG', $n); \
                 LET $id = type::record('change_request', string::lowercase($number)); \
                 CREATE change_entry CONTENT { change: $id, by: $by, kind: 'opened', \
                   text: $description, to: 'Draft' }; \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, kind: $kind, template: $template, \
                   title: $title, description: $description, state: 'Draft', cis: $cis, \
                   services: $services, affected: $affected, implementation_plan: $implementation, \
                   backout_plan: $backout, test_plan: $test, \
                   starts_at: IF $starts = NONE { NONE } ELSE { <datetime> $starts }, \
                   ends_at: IF $ends = NONE { NONE } ELSE { <datetime> $ends }, \
                   risk: $risk, risk_score: $score, team: $team, assignee: $assignee, opened_by: $by } \
                 RETURN VALUE number",
            )
            .query("COMMIT");
    let mut response = checked(
        bound(store, index, query, &change)
            .await?
            .bind(("kind", change.kind.label()))
            .bind((
                "template",
                change
                    .template
                    .as_deref()
                    .map(|k| RecordId::new("change_template", k)),
            ))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                entry(
                    actor,
                    "",
                    "create",
                    &crate::audit::created(&fields(&change)),
                ),
            ))
            .await?,
    )?;
    // The CREATE of the change is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    number.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

fn unchanged_since(found: &ChangeRecord, version: u64) -> Result<(), AppError> {
    if i64::try_from(version).ok() == Some(found.version) {
        Ok(())
    } else {
        Err(stale())
    }
}

fn valid_of(found: &ChangeRecord) -> ValidChange {
    ValidChange {
        kind: kind_of(&found.kind),
        template: None,
        title: found.title.clone(),
        description: found.description.clone(),
        cis: found.ci_names.clone(),
        implementation_plan: found.implementation_plan.clone(),
        backout_plan: found.backout_plan.clone(),
        test_plan: found.test_plan.clone(),
        window: found
            .starts_at
            .as_ref()
            .zip(found.ends_at.as_ref())
            .map(|(s, e)| {
                (
                    s.format("%Y-%m-%dT%H:%M:00Z").to_string(),
                    e.format("%Y-%m-%dT%H:%M:00Z").to_string(),
                )
            }),
        risk: found
            .risk
            .as_ref()
            .map(|r| r.iter().map(|a| u8::try_from(*a).unwrap_or(0)).collect()),
        team: None,
        assignee: None,
    }
}

/// Rewrites the RFC while it is still in Draft or Assessment: what, where, when, how and
/// how risky. The kind stays.
pub async fn plan(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    number: &str,
    version: u64,
    change: &ValidChange,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    unchanged_since(&found, version)?;
    let state = state_of(&found.state);
    if !matches!(state, State::Draft | State::Assessment) {
        return Err(FieldErrors::single(
            "state",
            format!(
                "A change that is {} is no longer edited; only Draft and Assessment changes are.",
                state.label()
            ),
        ));
    }
    let change = ValidChange {
        kind: kind_of(&found.kind),
        ..change.clone()
    };
    let changes = crate::audit::diff(&fields(&valid_of(&found)), &fields(&change));
    let query = store
        .db()
        .query("BEGIN")
        .query(
                "IF $id.version != $version { THROW 'change-stale' }; \
                 UPDATE $id SET title = $title, description = $description, cis = $cis, \
                   services = $services, affected = $affected, implementation_plan = $implementation, \
                   backout_plan = $backout, test_plan = $test, \
                   starts_at = IF $starts = NONE { NONE } ELSE { <datetime> $starts }, \
                   ends_at = IF $ends = NONE { NONE } ELSE { <datetime> $ends }, \
                   risk = $risk, risk_score = $score, team = $team, assignee = $assignee, version += 1; \
                 CREATE change_entry CONTENT { change: $id, by: $by, kind: 'planned', text: $summary }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT");
    checked(
        bound(store, index, query, &change)
            .await?
            .bind(("id", change_id(number)))
            .bind(("version", i64::try_from(version).unwrap_or(-1)))
            .bind((
                "summary",
                changes
                    .iter()
                    .map(|c| c.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ))
            .bind(("by", actor.name.clone()))
            .bind(("entry", entry(actor, number, "update", &changes)))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

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
