//! Changing problems: recording one, its analysis, its moves, assignment and the
//! incidents it explains. Each change names the version it started from and writes its
//! timeline entry and audit row in the same transaction.

use super::{links, refused, stale};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::error::{AppError, FieldErrors};
use crate::store::Query;
use crate::store::{checked, Store};
use crate::tickets::flow::Flow;
use crate::tickets::number::{number as ticket_number, parse, TicketKind};
use crate::tickets::problem::{Analysis, Facts, ProblemMove, State, ValidProblem};
use surrealdb::types::{RecordId, SurrealValue};

pub(super) const TABLE: &str = "problem";

pub(super) fn problem_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn entry(actor: &Actor, number: &str, action: &str, changes: &[FieldChange]) -> NewEntry {
    NewEntry::new(actor, TABLE, &number.to_lowercase(), action, changes)
}

/// The incidents named by number, or a field error naming those that do not exist.
async fn incidents(store: &Store, numbers: &[String]) -> Result<Vec<RecordId>, AppError> {
    let ids: Vec<RecordId> = numbers.iter().map(|n| super::incident_id(n)).collect();
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE number FROM incident WHERE id IN $ids")
            .bind(("ids", ids.clone()))
            .await?,
    )?;
    let found: Vec<String> = response.take(0)?;
    let missing: Vec<&str> = numbers
        .iter()
        .filter(|n| !found.contains(n))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(FieldErrors::single(
            "incidents",
            format!("There is no incident {}.", missing.join(", ")),
        ));
    }
    Ok(ids)
}

/// Records a problem and answers its number.
pub async fn open(
    store: &Store,
    actor: &Actor,
    problem: &ValidProblem,
) -> Result<String, AppError> {
    let (cis, team, assignee) = links(
        store,
        &problem.cis,
        problem.team.as_deref(),
        problem.assignee.as_deref(),
    )
    .await?;
    let incidents = incidents(store, &problem.incidents).await?;
    let changes = crate::audit::created(&vec![
        ("title", problem.title.clone()),
        ("CIs", problem.cis.join(", ")),
        ("incidents", problem.incidents.join(", ")),
    ]);
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $n = (UPSERT ticket_counter:problem SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('PRB', $n); \
                 LET $id = type::record('problem', string::lowercase($number)); \
                 CREATE problem_entry CONTENT { problem: $id, by: $by, kind: 'opened', \
                   text: $description, to: 'New' }; \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, title: $title, description: $description, \
                   state: 'New', team: $team, assignee: $assignee, cis: $cis, incidents: $incidents, \
                   opened_by: $by } RETURN VALUE number",
            )
            .query("COMMIT")
            .bind(("title", problem.title.clone()))
            .bind(("description", problem.description.clone()))
            .bind(("team", team))
            .bind(("assignee", assignee))
            .bind(("cis", cis))
            .bind(("incidents", incidents))
            .bind(("by", actor.name.clone()))
            .bind(("entry", entry(actor, "", "create", &changes)))
            .await?,
    )?;
    // The CREATE of the problem is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    number.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

#[derive(SurrealValue)]
struct Current {
    state: String,
    has_assignee: bool,
    whys: Vec<String>,
    root_cause: String,
    workaround: String,
    fix: String,
    version: i64,
}

impl Current {
    fn analysis(&self) -> Analysis {
        Analysis {
            whys: self.whys.clone(),
            root_cause: self.root_cause.clone(),
            workaround: self.workaround.clone(),
            fix: self.fix.clone(),
        }
    }
}

/// The problem as it is now, refused if it changed since `version`.
async fn current(store: &Store, number: &str, version: u64) -> Result<Current, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT state, assignee != NONE AS has_assignee, whys, root_cause, workaround, \
                 fix, version FROM ONLY $id",
            )
            .bind(("id", problem_id(number)))
            .await?,
    )?;
    let found: Option<Current> = response.take(0)?;
    let found = found.ok_or_else(|| AppError::NotFound("This problem".into()))?;
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    Ok(found)
}

/// What follows every versioned change (which sets `$done` to what it updated): refusal
/// if nobody matched the version, the timeline entry and the audit row.
const RECORDED: &str = "IF array::len($done) = 0 { THROW 'incident-stale' }; \
     CREATE problem_entry CONTENT { problem: $id, by: $by, kind: $kind, text: $text, \
       from: $from, to: $to }; \
     CREATE audit CONTENT $entry;";

/// A change's timeline entry (its kind, text, and the states it moved between) and the
/// fields it changed, for the audit log.
struct Entry {
    kind: &'static str,
    text: String,
    from: Option<String>,
    to: Option<String>,
    changes: Vec<FieldChange>,
}

/// Runs `change` (an UPDATE of `$id` at `$version` that sets `$done`) with its entry and
/// audit row in one transaction; `bind` adds the change's own parameters.
async fn write<'a>(
    store: &'a Store,
    actor: &Actor,
    number: &str,
    version: i64,
    change: &'static str,
    entry_of: Entry,
    bind: impl FnOnce(Query<'a>) -> Query<'a>,
) -> Result<(), AppError> {
    let query = store
        .db()
        .query("BEGIN")
        .query(change)
        .query(RECORDED)
        .query("COMMIT")
        .bind(("id", problem_id(number)))
        .bind(("version", version))
        .bind(("by", actor.name.clone()))
        .bind(("entry", entry(actor, number, "update", &entry_of.changes)))
        .bind(("kind", entry_of.kind))
        .bind(("text", entry_of.text))
        .bind(("from", entry_of.from))
        .bind(("to", entry_of.to));
    checked(bind(query).await?).map_err(refused)?;
    Ok(())
}

fn field(name: &str, before: &str, after: &str) -> Option<FieldChange> {
    (before != after).then(|| FieldChange {
        field: name.to_owned(),
        before: Some(before.to_owned()).filter(|t| !t.is_empty()),
        after: Some(after.to_owned()).filter(|t| !t.is_empty()),
    })
}

/// Saves the root cause analysis, if nobody changed the problem since `version`.
pub async fn analyse(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    analysis: &Analysis,
) -> Result<(), AppError> {
    let found = current(store, number, version).await?;
    let before = found.analysis();
    let changes: Vec<FieldChange> = [
        field("whys", &before.whys.join(" / "), &analysis.whys.join(" / ")),
        field("root cause", &before.root_cause, &analysis.root_cause),
        field("workaround", &before.workaround, &analysis.workaround),
        field("fix", &before.fix, &analysis.fix),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let text = changes
        .iter()
        .map(|c| format!("{}: {}", c.field, c.after.as_deref().unwrap_or("(cleared)")))
        .collect::<Vec<_>>()
        .join("\n");
    let analysis = analysis.clone();
    write(
        store,
        actor,
        number,
        found.version,
        "LET $done = (UPDATE $id SET whys = $whys, root_cause = $root_cause, \
           workaround = $workaround, fix = $fix, version += 1 \
         WHERE version = $version RETURN VALUE id);",
        Entry {
            kind: "analysis",
            text,
            from: None,
            to: None,
            changes,
        },
        |q| {
            q.bind(("whys", analysis.whys))
                .bind(("root_cause", analysis.root_cause))
                .bind(("workaround", analysis.workaround))
                .bind(("fix", analysis.fix))
        },
    )
    .await
}

/// Moves a problem along, if the table allows it from its state, what the new state needs
/// is recorded, and nobody changed it since `version`.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    input: &ProblemMove,
) -> Result<(), AppError> {
    let found = current(store, number, version).await?;
    let from = State::parse(&found.state).unwrap_or(State::New);
    let analysis = found.analysis();
    let step = input.check(
        from,
        Facts {
            has_assignee: found.has_assignee,
            analysis: &analysis,
        },
    )?;
    let changes = field("state", from.label(), step.to.label())
        .into_iter()
        .collect();
    write(
        store,
        actor,
        number,
        found.version,
        "LET $done = (UPDATE $id SET state = $to, \
           resolved_at = IF $to = 'Resolved' { time::now() } ELSE { resolved_at }, version += 1 \
         WHERE version = $version RETURN VALUE id);",
        Entry {
            kind: "move",
            text: input.note.trim().to_owned(),
            from: Some(from.label().to_owned()),
            to: Some(step.to.label().to_owned()),
            changes,
        },
        |q| q,
    )
    .await
}

/// Assigns a problem to a team and a person (either may be empty).
pub async fn assign(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    team: Option<String>,
    assignee: Option<String>,
) -> Result<(), AppError> {
    let found = current(store, number, version).await?;
    let (_, team, assignee) = links(store, &[], team.as_deref(), assignee.as_deref()).await?;
    let mut response = checked(
        store
            .db()
            .query("[IF $team = NONE { '' } ELSE { $team.name }, IF $assignee = NONE { '' } ELSE { $assignee.display_name }]")
            .query("SELECT VALUE [team.name ?? '', assignee.display_name ?? ''] FROM ONLY $id")
            .bind(("team", team.clone()))
            .bind(("assignee", assignee.clone()))
            .bind(("id", problem_id(number)))
            .await?,
    )?;
    let names: Vec<String> = response.take(0)?;
    let before: Vec<String> = response.take(1)?;
    let at = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
    let changes: Vec<FieldChange> = [
        field("team", &at(&before, 0), &at(&names, 0)),
        field("assignee", &at(&before, 1), &at(&names, 1)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let text = names
        .iter()
        .filter(|n| !n.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    write(
        store,
        actor,
        number,
        found.version,
        "LET $done = (UPDATE $id SET team = $team, assignee = $assignee, version += 1 \
         WHERE version = $version RETURN VALUE id);",
        Entry {
            kind: "assigned",
            text,
            from: None,
            to: None,
            changes,
        },
        |q| q.bind(("team", team)).bind(("assignee", assignee)),
    )
    .await
}

/// Links an incident the problem explains.
pub async fn link(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    incident: &str,
) -> Result<(), AppError> {
    let found = current(store, number, version).await?;
    let wanted = match parse(incident) {
        Some((TicketKind::Incident, n)) => vec![ticket_number(TicketKind::Incident, n)],
        _ => {
            return Err(FieldErrors::single(
                "incident",
                "Incident numbers look like INC0000001.",
            ))
        }
    };
    let ids = incidents(store, &wanted).await.map_err(|_| {
        FieldErrors::single("incident", format!("There is no incident {}.", wanted[0]))
    })?;
    let changes = vec![FieldChange {
        field: "incidents".into(),
        before: None,
        after: Some(wanted.join(", ")),
    }];
    write(
        store,
        actor,
        number,
        found.version,
        "LET $done = (UPDATE $id SET incidents = array::union(incidents, $incidents), version += 1 \
         WHERE version = $version RETURN VALUE id);",
        Entry {
            kind: "linked",
            text: wanted.join(", "),
            from: None,
            to: None,
            changes,
        },
        |q| q.bind(("incidents", ids)),
    )
    .await
}
