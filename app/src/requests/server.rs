//! Server-only: the catalog and service requests in the store. Reading them is here;
//! changing them is in `write` and `catalog`.

mod catalog;
mod order;
mod reported;
mod write;

pub use catalog::{catalog, item, save_item};
pub use order::submit;
pub use reported::{comment_reported, reported};
pub use write::{cancel, comment, decide, finish_task, report};

use super::domain::{Approver, State, TaskState};
use super::form::Answer;
use super::views::{MyTicket, Request, RequestRow, Task};
use crate::auth::{Action, CurrentUser};
use crate::cmdb::server::shown;
use crate::error::AppError;
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use crate::tickets::server::{named, EntryRecord};
use crate::tickets::views::Entry;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "service_request";
const STALE: &str = "request-stale";

fn request_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn user_id(key: &str) -> RecordId {
    RecordId::new("user", key)
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this request after you opened it, so nothing was changed. The page shows the latest; try again.".into(),
    )
}

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::Approval)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    item_name: String,
    requester_name: String,
    state: String,
    opened_at: Datetime,
    tasks: i64,
    tasks_done: i64,
}

const ROW_FIELDS: &str = "SELECT number, item_name, requester_name, state, opened_at, \
     count(SELECT id FROM request_task WHERE request = $parent.id) AS tasks, \
     count(SELECT id FROM request_task WHERE request = $parent.id AND state = 'Done') AS tasks_done \
     FROM service_request";

fn row(r: RowRecord) -> RequestRow {
    RequestRow {
        state: state_of(&r.state),
        opened_at: shown(&r.opened_at),
        tasks: count(r.tasks),
        tasks_done: count(r.tasks_done),
        number: r.number,
        item: r.item_name,
        requester: r.requester_name,
    }
}

/// Requests in a state (every one for an empty state), newest first.
pub async fn list(store: &Store, state: &str) -> Result<Vec<RequestRow>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    ROW_FIELDS,
                    " WHERE $state = '' OR state = $state ORDER BY number DESC LIMIT 500",
                ]
                .concat(),
            )
            .bind(("state", state.trim().to_owned()))
            .await?,
    )?;
    let found: Vec<RowRecord> = response.take(0)?;
    Ok(found.into_iter().map(row).collect())
}

#[derive(SurrealValue)]
struct ReportedRecord {
    number: String,
    title: String,
    state: String,
    opened_at: Datetime,
}

/// What `me` asked for and reported, newest first: their requests, then their incidents.
pub async fn mine(store: &Store, me: &CurrentUser) -> Result<Vec<MyTicket>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    ROW_FIELDS,
                    " WHERE requester = $me ORDER BY number DESC LIMIT 200",
                ]
                .concat(),
            )
            .query(
                "SELECT number, title, state, opened_at FROM incident WHERE reporter = $me \
                 ORDER BY number DESC LIMIT 200",
            )
            .bind(("me", user_id(&me.id)))
            .await?,
    )?;
    let requests: Vec<RowRecord> = response.take(0)?;
    let incidents: Vec<ReportedRecord> = response.take(1)?;
    let mut mine: Vec<MyTicket> = requests
        .into_iter()
        .map(|r| {
            let state = state_of(&r.state);
            MyTicket {
                href: Some(format!("/requests/{}", r.number)),
                title: r.item_name,
                state: state.label().to_owned(),
                tone: state.tone(),
                opened_at: shown(&r.opened_at),
                tasks: count(r.tasks),
                tasks_done: count(r.tasks_done),
                number: r.number,
            }
        })
        .collect();
    let reads_incidents = me.can(Action::IncidentRead);
    mine.extend(incidents.into_iter().map(|i| {
        let page = if reads_incidents {
            "/incidents"
        } else {
            "/portal/incidents"
        };
        let state = crate::tickets::incident::State::parse(&i.state)
            .unwrap_or(crate::tickets::incident::State::New);
        MyTicket {
            href: Some(format!("{page}/{}", i.number)),
            title: i.title,
            state: state.label().to_owned(),
            tone: state.tone(),
            opened_at: shown(&i.opened_at),
            tasks: 0,
            tasks_done: 0,
            number: i.number,
        }
    }));
    Ok(mine)
}

#[derive(SurrealValue)]
pub(super) struct AnswerRecord {
    key: String,
    label: String,
    value: String,
}

#[derive(SurrealValue)]
pub(super) struct RequestRecord {
    number: String,
    item: RecordId,
    item_name: String,
    requester: RecordId,
    requester_name: String,
    answers: Vec<AnswerRecord>,
    state: String,
    approval: String,
    approver: Option<RecordId>,
    approver_name: Option<String>,
    decided_by: Option<String>,
    decision_note: String,
    team: Option<RecordId>,
    team_name: Option<String>,
    opened_at: Datetime,
    version: i64,
}

pub(super) async fn record(store: &Store, number: &str) -> Result<RequestRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, item, item_name, requester, requester_name, answers, state, \
                 approval, approver, approver.display_name AS approver_name, decided_by, \
                 decision_note, team, team.name AS team_name, opened_at, \
                 version FROM ONLY $id",
            )
            .bind(("id", request_id(number)))
            .await?,
    )?;
    let found: Option<RequestRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This request".into()))
}

impl RequestRecord {
    fn rule(&self) -> Approver {
        Approver::parse(&self.approval).unwrap_or_default()
    }

    fn is_requester(&self, me: &CurrentUser) -> bool {
        crate::store::key_of(&self.requester) == me.id
    }

    fn may_decide(&self, me: &CurrentUser) -> bool {
        let manager = self.approver.as_ref().map(crate::store::key_of);
        self.rule().may_decide(
            &me.roles,
            &me.id,
            &crate::store::key_of(&self.requester),
            manager.as_deref(),
        )
    }
}

/// Only its requester and those who read every request see a request.
pub(super) async fn visible(
    store: &Store,
    number: &str,
    me: &CurrentUser,
) -> Result<RequestRecord, AppError> {
    let found = record(store, number).await?;
    if found.is_requester(me) || me.can(Action::RequestRead) {
        Ok(found)
    } else {
        Err(AppError::NotFound("This request".into()))
    }
}

#[derive(SurrealValue)]
struct TaskRecord {
    n: i64,
    title: String,
    team_name: Option<String>,
    state: String,
    done_by: Option<String>,
    note: String,
}

/// A request with its tasks and timeline, as `me` sees it: work notes only for those
/// who read every request.
pub async fn get(store: &Store, number: &str, me: &CurrentUser) -> Result<Request, AppError> {
    let found = visible(store, number, me).await?;
    let staff = me.can(Action::RequestRead);
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT n, title, team.name AS team_name, state, done_by, note FROM request_task \
                 WHERE request = $id ORDER BY n",
            )
            .query(
                "SELECT at, by, kind, text, from, to FROM request_entry WHERE request = $id \
                 AND ($staff OR kind != 'work_note') ORDER BY at",
            )
            .bind(("id", request_id(&found.number)))
            .bind(("staff", staff))
            .await?,
    )?;
    let tasks: Vec<TaskRecord> = response.take(0)?;
    let timeline: Vec<EntryRecord> = response.take(1)?;
    let state = state_of(&found.state);
    let rule = found.rule();
    Ok(Request {
        staff,
        may_decide: state == State::Approval && found.may_decide(me),
        may_fulfil: state == State::Fulfilment && me.can(Action::RequestFulfil),
        may_cancel: state.is_open() && (found.is_requester(me) || me.can(Action::RequestFulfil)),
        item_key: crate::store::key_of(&found.item),
        item: found.item_name,
        requester: found.requester_name,
        answers: found
            .answers
            .into_iter()
            .map(|a| Answer {
                key: a.key,
                label: a.label,
                value: a.value,
            })
            .collect(),
        state,
        approval: rule,
        approver: found.approver_name,
        decided_by: found.decided_by,
        decision_note: found.decision_note,
        team: named(&found.team, &found.team_name),
        opened_at: shown(&found.opened_at),
        version: u64::try_from(found.version).unwrap_or(0),
        tasks: tasks
            .into_iter()
            .map(|t| Task {
                n: count(t.n),
                title: t.title,
                team: t.team_name,
                state: TaskState::parse(&t.state),
                done_by: t.done_by,
                note: t.note,
            })
            .collect(),
        timeline: timeline.into_iter().map(Entry::from).collect(),
        number: found.number,
    })
}

/// The names of the business services that are not retired.
pub async fn services(store: &Store) -> Result<Vec<String>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT VALUE name FROM ci WHERE class = ci_class:business_service \
                 AND status != 'Retired' ORDER BY name",
            )
            .await?,
    )?;
    Ok(response.take(0)?)
}
