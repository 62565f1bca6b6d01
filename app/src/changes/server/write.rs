//! Changing changes: raising an RFC and planning it (moving it along is in `moves`).
//! Each change names the version it started from and writes its timeline entry and
//! audit row in the same transaction.

use super::{change_id, kind_of, record, stale, state_of, ChangeRecord, STALE, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::changes::domain::{risk_score, Kind, State};
use crate::changes::form::ValidChange;
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

pub(super) fn unchanged_since(found: &ChangeRecord, version: u64) -> Result<(), AppError> {
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
