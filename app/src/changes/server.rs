//! Server-only: changes in the store. Reading them with their clashes, CAB votes and
//! freezes; changing them is in `write`.

mod cab;
mod calendar;
mod freezes;
mod moves;
mod write;

pub use cab::vote;
pub use calendar::{calendar, freezes};
use calendar::{clashing, freeze_of};
pub use freezes::{add_freeze, remove_freeze};
pub use moves::transition;
pub use write::{open, plan};

use super::cab::{quorum, Vote};
use super::calendar::{clashes, Planned};
use super::domain::{Kind, Risk, State};
use super::views::{CabVote, Change, ChangeRow, Template};
use crate::auth::{CurrentUser, Role};
use crate::cmdb::server::shown;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use crate::tickets::server::{all_named, named, EntryRecord};
use crate::tickets::views::Entry;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "change_request";
const STALE: &str = "change-stale";

fn change_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this change after you opened it, so nothing was changed. The page shows the latest; try again.".into(),
    )
}

/// A time as a `datetime-local` input takes it, in UTC.
fn local(at: &Datetime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::Draft)
}

fn kind_of(text: &str) -> Kind {
    Kind::parse(text).unwrap_or(Kind::Normal)
}

/// Who sits on the CAB: everyone enabled with the CAB Member role.
async fn board_members(store: &Store) -> Result<Vec<RecordId>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM user WHERE disabled = false AND roles CONTAINS $role")
            .bind(("role", Role::CabMember.key()))
            .await?,
    )?;
    Ok(response.take(0)?)
}

async fn board(store: &Store) -> Result<usize, AppError> {
    Ok(board_members(store).await?.len())
}

/// Tells people of a change in the bell; the change is made whatever becomes of this.
async fn tell(store: &Store, to: &[RecordId], key: &str, number: &str, title: &str) {
    let href = format!("/changes/{number}");
    if let Err(error) = crate::notify::server::send(store, to, key, title, &href).await {
        tracing::warn!(%error, number, "change notification not sent");
    }
}

#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    title: String,
    kind: String,
    state: String,
    risk_score: Option<i64>,
    starts_at: Option<Datetime>,
    ends_at: Option<Datetime>,
    cis: Vec<RecordId>,
    ci_names: Vec<String>,
    services: Vec<RecordId>,
}

const ROW_FIELDS: &str = "SELECT number, title, kind, state, risk_score, starts_at, ends_at, cis, \
     cis.name AS ci_names, services FROM change_request";

const OPEN_STATES: &[&str] = &[
    "Draft",
    "Assessment",
    "CAB Approval",
    "Scheduled",
    "Implementing",
];

fn open_states() -> Vec<String> {
    OPEN_STATES.iter().map(|s| (*s).to_owned()).collect()
}

fn planned(rows: &[RowRecord]) -> Vec<Planned> {
    rows.iter()
        .filter(|r| state_of(&r.state).is_open())
        .filter_map(|r| {
            Some(Planned {
                number: r.number.clone(),
                starts: r.starts_at.as_ref()?.naive_utc(),
                ends: r.ends_at.as_ref()?.naive_utc(),
                touches: r.cis.iter().chain(&r.services).map(key_of).collect(),
            })
        })
        .collect()
}

/// The rows, each with the changes it clashes with among the `open` ones.
fn rows(records: Vec<RowRecord>, open: &[RowRecord]) -> Vec<ChangeRow> {
    let found = clashes(&planned(open));
    records
        .into_iter()
        .map(|r| ChangeRow {
            clashes: found
                .iter()
                .filter_map(|c| {
                    (c.one == r.number)
                        .then(|| c.other.clone())
                        .or_else(|| (c.other == r.number).then(|| c.one.clone()))
                })
                .collect(),
            kind: kind_of(&r.kind),
            state: state_of(&r.state),
            risk: r
                .risk_score
                .map(|s| Risk::of(u8::try_from(s).unwrap_or(u8::MAX))),
            starts_at: r.starts_at.as_ref().map(local),
            ends_at: r.ends_at.as_ref().map(local),
            cis: r.ci_names,
            number: r.number,
            title: r.title,
        })
        .collect()
}

/// Changes in a state (every one for an empty state), newest first, with their clashes
/// among the open ones.
pub async fn list(store: &Store, state: &str) -> Result<Vec<ChangeRow>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([ROW_FIELDS, " WHERE state IN $open AND starts_at != NONE"].concat())
            .query(
                [
                    ROW_FIELDS,
                    " WHERE $state = '' OR state = $state ORDER BY number DESC LIMIT 500",
                ]
                .concat(),
            )
            .bind(("open", open_states()))
            .bind(("state", state.trim().to_owned()))
            .await?,
    )?;
    let open: Vec<RowRecord> = response.take(0)?;
    Ok(rows(response.take(1)?, &open))
}

#[derive(SurrealValue)]
struct TemplateRecord {
    id: RecordId,
    name: String,
    description: String,
    implementation_plan: String,
    backout_plan: String,
    test_plan: String,
    risk: Vec<i64>,
}

fn answers(risk: &[i64]) -> Vec<u8> {
    risk.iter().map(|a| u8::try_from(*a).unwrap_or(0)).collect()
}

/// The Standard change catalog, by name.
pub async fn templates(store: &Store) -> Result<Vec<Template>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, name, description, implementation_plan, backout_plan, test_plan, risk \
                 FROM change_template ORDER BY name",
            )
            .await?,
    )?;
    let found: Vec<TemplateRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .map(|t| Template {
            key: key_of(&t.id),
            risk: answers(&t.risk),
            name: t.name,
            description: t.description,
            implementation_plan: t.implementation_plan,
            backout_plan: t.backout_plan,
            test_plan: t.test_plan,
        })
        .collect())
}

#[derive(SurrealValue)]
struct ChangeRecord {
    number: String,
    title: String,
    description: String,
    kind: String,
    template_name: Option<String>,
    state: String,
    cis: Vec<RecordId>,
    ci_names: Vec<String>,
    services: Vec<RecordId>,
    service_names: Vec<String>,
    affected: i64,
    implementation_plan: String,
    backout_plan: String,
    test_plan: String,
    starts_at: Option<Datetime>,
    ends_at: Option<Datetime>,
    risk: Option<Vec<i64>>,
    risk_score: Option<i64>,
    team: Option<RecordId>,
    team_name: Option<String>,
    assignee: Option<RecordId>,
    assignee_name: Option<String>,
    review: String,
    opened_by: String,
    opened_at: Datetime,
    version: i64,
    watchers: Vec<RecordId>,
    watcher_names: Vec<String>,
}

#[derive(SurrealValue)]
struct VoteRecord {
    voter_name: String,
    vote: String,
    comment: String,
    at: Datetime,
}

async fn record(store: &Store, number: &str) -> Result<ChangeRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, description, kind, template.name AS template_name, state, \
                 cis, cis.name AS ci_names, services, services.name AS service_names, affected, \
                 implementation_plan, backout_plan, test_plan, starts_at, ends_at, risk, risk_score, \
                 team, team.name AS team_name, assignee, assignee.display_name AS assignee_name, \
                 review, opened_by, opened_at, version, watchers, \
                 watchers.display_name AS watcher_names FROM ONLY $id",
            )
            .bind(("id", change_id(number)))
            .await?,
    )?;
    let found: Option<ChangeRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This change".into()))
}

/// A change with its votes, clashes, freeze and timeline, as `me` sees it.
pub async fn get(store: &Store, number: &str, me: &CurrentUser) -> Result<Change, AppError> {
    let found = record(store, number).await?;
    let id = change_id(&found.number);
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT voter.display_name AS voter_name, vote, comment, at FROM change_vote \
                 WHERE change = $id ORDER BY at",
            )
            .query(
                "SELECT at, by, kind, text, from, to FROM change_entry WHERE change = $id ORDER BY at",
            )
            .bind(("id", id))
            .await?,
    )?;
    let votes: Vec<VoteRecord> = response.take(0)?;
    let timeline: Vec<EntryRecord> = response.take(1)?;
    let kind = kind_of(&found.kind);
    let members = board(store).await?;
    let state = state_of(&found.state);
    let mut clash_views = Vec::new();
    let mut frozen_in = None;
    if let (Some(starts), Some(ends)) = (&found.starts_at, &found.ends_at) {
        let (starts, ends) = (starts.naive_utc(), ends.naive_utc());
        frozen_in = freeze_of(store, starts, ends).await?;
        if state.is_open() {
            clash_views = clashing(store, &found, starts, ends).await?;
        }
    }
    Ok(Change {
        title: found.title,
        description: found.description,
        kind,
        template: found.template_name,
        state,
        cis: all_named(&found.cis, &found.ci_names),
        services: all_named(&found.services, &found.service_names),
        affected: u32::try_from(found.affected).unwrap_or(0),
        implementation_plan: found.implementation_plan,
        backout_plan: found.backout_plan,
        test_plan: found.test_plan,
        starts_at: found.starts_at.as_ref().map(local),
        ends_at: found.ends_at.as_ref().map(local),
        risk: found.risk.as_deref().map(answers).unwrap_or_default(),
        risk_score: found.risk_score.and_then(|s| u8::try_from(s).ok()),
        team: named(&found.team, &found.team_name),
        assignee: named(&found.assignee, &found.assignee_name),
        review: found.review,
        opened_by: found.opened_by,
        opened_at: shown(&found.opened_at),
        version: u64::try_from(found.version).unwrap_or(0),
        votes: votes
            .into_iter()
            .map(|v| CabVote {
                voter: v.voter_name,
                vote: Vote::parse(&v.vote).unwrap_or(Vote::Reject),
                comment: v.comment,
                at: shown(&v.at),
            })
            .collect(),
        quorum: quorum(kind, members),
        members,
        on_board: me.roles.contains(&Role::CabMember),
        watching: found.watchers.iter().any(|w| key_of(w) == me.id),
        watchers: found.watcher_names,
        clashes: clash_views,
        frozen: frozen_in,
        timeline: timeline.into_iter().map(Entry::from).collect(),
        number: found.number,
    })
}
