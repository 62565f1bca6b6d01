//! Ordering from the catalog: the answers checked against the item's form, the request
//! and its fulfilment tasks made in one transaction, and its approvers (or, without
//! approval, its team) told.

use super::catalog::item_record;
use super::write::{people, tell};
use super::{user_id, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::requests::domain::{first_state, Approver, State, TaskState};
use crate::requests::form::{check_answers, parse_form};
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use std::collections::BTreeMap;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct TaskContent {
    n: i64,
    title: String,
    team: Option<RecordId>,
    state: String,
}

#[derive(SurrealValue)]
struct AnswerContent {
    key: String,
    label: String,
    value: String,
}

/// Who approves for `user` where an item asks for their manager.
async fn manager_of(store: &Store, user: &str) -> Result<RecordId, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "RETURN IF $id.manager != NONE AND $id.manager.disabled = false \
                 { $id.manager } ELSE { NONE }",
            )
            .bind(("id", user_id(user)))
            .await?,
    )?;
    let manager: Option<RecordId> = response.take(0)?;
    manager.ok_or_else(|| {
        FieldErrors::single(
            "item",
            "This item needs your manager's approval, and no manager is on record for you; ask an admin to set one.",
        )
    })
}

/// Orders a catalog item for `me` with the answers to its form; answers the number.
pub async fn submit(
    store: &Store,
    actor: &Actor,
    me: &CurrentUser,
    item: &str,
    given: &BTreeMap<String, String>,
) -> Result<String, AppError> {
    let item = item_record(store, item).await?;
    if !item.active {
        return Err(FieldErrors::single(
            "item",
            "This item can no longer be ordered.",
        ));
    }
    let answers = check_answers(&parse_form(&item.form).unwrap_or_default(), given)?;
    let approver = Approver::parse(&item.approval).unwrap_or_default();
    let manager = match approver {
        Approver::Manager => Some(manager_of(store, &me.id).await?),
        _ => None,
    };
    let state = first_state(approver);
    let task_state = if state == State::Approval {
        TaskState::Pending
    } else {
        TaskState::Open
    };
    let tasks: Vec<TaskContent> = item
        .tasks
        .iter()
        .zip(1..)
        .map(|(title, n)| TaskContent {
            n,
            title: title.clone(),
            team: item.team.clone(),
            state: task_state.label().to_owned(),
        })
        .collect();
    let summary: Vec<String> = answers
        .iter()
        .filter(|a| !a.value.is_empty())
        .map(|a| format!("{}: {}", a.label, a.value))
        .collect();
    let changes = crate::audit::created(&vec![
        ("item", item.name.clone()),
        ("requester", me.display_name.clone()),
        ("state", state.label().to_owned()),
        ("answers", summary.join("; ")),
    ]);
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $n = (UPSERT ticket_counter:request SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('REQ', $n); \
                 LET $id = type::record('service_request', string::lowercase($number)); \
                 FOR $task IN $tasks { CREATE request_task CONTENT object::extend($task, { request: $id }); }; \
                 CREATE request_entry CONTENT { request: $id, by: $by, kind: 'opened', text: $summary, to: $state }; \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, item: $item, item_name: $item_name, \
                   requester: $requester, requester_name: $by, answers: $answers, state: $state, \
                   approval: $approval, approver: $manager, team: $team, \
                   service: $service, fulfilment: $fulfilment } RETURN VALUE number",
            )
            .query("COMMIT")
            .bind(("tasks", tasks))
            .bind(("by", me.display_name.clone()))
            .bind(("summary", summary.join("\n")))
            .bind(("state", state.label()))
            .bind(("entry", NewEntry::new(actor, TABLE, "", "create", &changes)))
            .bind(("item", item.id.clone()))
            .bind(("item_name", item.name.clone()))
            .bind(("requester", user_id(&me.id)))
            .bind((
                "answers",
                answers
                    .into_iter()
                    .map(|a| AnswerContent {
                        key: a.key,
                        label: a.label,
                        value: a.value,
                    })
                    .collect::<Vec<_>>(),
            ))
            .bind(("approval", approver.key()))
            .bind(("manager", manager.clone()))
            .bind(("team", item.team.clone()))
            .bind(("service", item.service.clone()))
            .bind(("fulfilment", item.fulfilment))
            .await?,
    )?;
    // The CREATE of the request is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    let number = number.ok_or_else(|| AppError::Internal(crate::store::reference()))?;
    let (to, title) = match approver {
        Approver::Manager => (
            manager.into_iter().collect(),
            format!(
                "{number} needs your approval as manager: {} for {}",
                item.name, me.display_name
            ),
        ),
        Approver::Role(role) => (
            people(store, Some(role), None).await?,
            format!(
                "{number} needs your approval: {} for {}",
                item.name, me.display_name
            ),
        ),
        Approver::Nobody => (
            people(store, None, item.team.as_ref()).await?,
            format!("{number} to fulfil: {} for {}", item.name, me.display_name),
        ),
    };
    let mine = user_id(&me.id);
    let to: Vec<RecordId> = to.into_iter().filter(|p| *p != mine).collect();
    tell(store, &to, &number, &title).await;
    Ok(number)
}
