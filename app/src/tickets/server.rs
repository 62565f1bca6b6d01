//! Server-only: incidents in the store. Opening one counts its number up in the same
//! transaction; every change names the version it started from and writes its timeline
//! entry and audit row with it.

use super::incident::{Facts, MoveInput, State, ValidIncident};
use super::priority::{Level, Priority};
use super::views::{Entry, Incident, IncidentFilter, IncidentRow, Named};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::server::shown;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "incident";
const STALE: &str = "incident-stale";

fn incident_id(number: &str) -> RecordId {
    RecordId::new(TABLE, number.trim().to_lowercase().as_str())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this incident after you opened it, so nothing was changed. The page shows the latest; try again.".into(),
    )
}

fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains(STALE) {
        stale()
    } else {
        error.into()
    }
}

/// The records the form names, found: CIs by name, team and assignee by key.
async fn links(
    store: &Store,
    incident: &ValidIncident,
) -> Result<(Vec<RecordId>, Option<RecordId>, Option<RecordId>), AppError> {
    let names: Vec<String> = incident.cis.iter().map(|n| n.to_lowercase()).collect();
    let team = incident.team.as_deref().map(|t| RecordId::new("team", t));
    let assignee = incident
        .assignee
        .as_deref()
        .map(|u| RecordId::new("user", u));
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name_key FROM ci WHERE name_key IN $names")
            .query("IF $team = NONE { [] } ELSE { SELECT VALUE id FROM $team }")
            .query("IF $assignee = NONE { [] } ELSE { SELECT VALUE id FROM $assignee }")
            .bind(("names", names))
            .bind(("team", team.clone()))
            .bind(("assignee", assignee.clone()))
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Found {
        id: RecordId,
        name_key: String,
    }
    let found: Vec<Found> = response.take(0)?;
    let mut errors = FieldErrors::default();
    let unknown: Vec<&str> = incident
        .cis
        .iter()
        .filter(|n| !found.iter().any(|f| f.name_key == n.to_lowercase()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        errors.add(
            "cis",
            format!("No CI or service is called {}.", unknown.join(", ")),
        );
    }
    if team.is_some() && response.take::<Vec<RecordId>>(1)?.is_empty() {
        errors.add("team", "Choose a team that exists.");
    }
    if assignee.is_some() && response.take::<Vec<RecordId>>(2)?.is_empty() {
        errors.add("assignee", "Choose a person who exists.");
    }
    errors.into_result()?;
    Ok((found.into_iter().map(|f| f.id).collect(), team, assignee))
}

/// Logs an incident and answers its number.
pub async fn open(
    store: &Store,
    actor: &Actor,
    incident: &ValidIncident,
) -> Result<String, AppError> {
    let (cis, team, assignee) = links(store, incident).await?;
    let changes = crate::audit::created(&vec![
        ("title", incident.title.clone()),
        ("caller", incident.caller.clone()),
        ("category", incident.category.clone()),
        ("priority", incident.priority.label()),
        ("CIs", incident.cis.join(", ")),
    ]);
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $n = (UPSERT ticket_counter:incident SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('INC', $n); \
                 LET $id = type::record('incident', string::lowercase($number)); \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'opened', \
                   text: $description, to: 'New' }; \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY $id CONTENT { number: $number, title: $title, description: $description, \
                   caller: $caller, category: $category, impact: $impact, urgency: $urgency, \
                   priority: $priority, state: 'New', team: $team, assignee: $assignee, cis: $cis, \
                   major: $major, opened_by: $by } RETURN VALUE number",
            )
            .query("COMMIT")
            .bind(("title", incident.title.clone()))
            .bind(("description", incident.description.clone()))
            .bind(("caller", incident.caller.clone()))
            .bind(("category", incident.category.clone()))
            .bind(("impact", incident.impact.number()))
            .bind(("urgency", incident.urgency.number()))
            .bind(("priority", i64::from(incident.priority.0)))
            .bind(("team", team))
            .bind(("assignee", assignee))
            .bind(("cis", cis))
            .bind(("major", incident.major))
            .bind(("by", actor.name.clone()))
            .bind(("entry", NewEntry::new(actor, TABLE, "", "create", &changes)))
            .await?,
    )?;
    // The CREATE of the incident is the statement before COMMIT.
    let number: Option<String> = response.take(response.num_statements() - 2)?;
    number.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    title: String,
    priority: i64,
    state: String,
    caller: String,
    team: Option<String>,
    assignee: Option<String>,
    major: bool,
    opened_at: Datetime,
    updated_at: Datetime,
}

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::New)
}

fn priority_of(n: i64) -> Priority {
    Priority(u8::try_from(n).unwrap_or(5))
}

/// Incidents matching the filter, most urgent first, then oldest first; at most 200.
pub async fn list(
    store: &Store,
    filter: &IncidentFilter,
    me: &str,
) -> Result<Vec<IncidentRow>, AppError> {
    let mut conditions = vec!["true"];
    let state = match filter.state.trim() {
        "" | "open" => {
            conditions.push("state IN ['New', 'In Progress', 'On Hold']");
            None
        }
        "all" => None,
        label => {
            conditions.push("state = $state");
            Some(State::parse(label).map_or(label.to_owned(), |s| s.label().to_owned()))
        }
    };
    if filter.mine {
        conditions.push("assignee = $me");
    }
    let q = filter.q.trim().to_lowercase();
    if !q.is_empty() {
        conditions.push(
            "(string::contains(string::lowercase(title), $q) OR string::lowercase(number) = $q \
             OR string::contains(string::lowercase(caller), $q))",
        );
    }
    // Only static pieces are joined; every value is a bound parameter.
    let query = [
        "SELECT number, title, priority, state, caller, team.name AS team, \
         assignee.display_name AS assignee, major, opened_at, updated_at FROM incident WHERE ",
        &conditions.join(" AND "),
        " ORDER BY priority, opened_at LIMIT 200",
    ]
    .concat();
    let mut response = checked(
        store
            .db()
            .query(query)
            .bind(("state", state))
            .bind(("me", RecordId::new("user", me)))
            .bind(("q", q))
            .await?,
    )?;
    let rows: Vec<RowRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| IncidentRow {
            number: r.number,
            title: r.title,
            priority: priority_of(r.priority),
            state: state_of(&r.state),
            caller: r.caller,
            team: r.team,
            assignee: r.assignee,
            major: r.major,
            opened_at: shown(&r.opened_at),
            updated_at: shown(&r.updated_at),
        })
        .collect())
}

#[derive(SurrealValue)]
struct IncidentRecord {
    number: String,
    title: String,
    description: String,
    caller: String,
    category: String,
    impact: i64,
    urgency: i64,
    priority: i64,
    state: String,
    team: Option<RecordId>,
    team_name: Option<String>,
    assignee: Option<RecordId>,
    assignee_name: Option<String>,
    cis: Vec<RecordId>,
    ci_names: Vec<String>,
    major: bool,
    first_contact: bool,
    review: Option<String>,
    hold_reason: Option<String>,
    resolution_code: Option<String>,
    resolution_notes: Option<String>,
    opened_by: String,
    opened_at: Datetime,
    resolved_at: Option<Datetime>,
    version: i64,
}

#[derive(SurrealValue)]
struct EntryRecord {
    at: Datetime,
    by: String,
    kind: String,
    text: String,
    from: Option<String>,
    to: Option<String>,
}

async fn record(store: &Store, number: &str) -> Result<IncidentRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, description, caller, category, impact, urgency, priority, \
                 state, team, team.name AS team_name, assignee, assignee.display_name AS assignee_name, \
                 cis, cis.name AS ci_names, major, first_contact, review, hold_reason, resolution_code, resolution_notes, \
                 opened_by, opened_at, resolved_at, version FROM ONLY $id",
            )
            .bind(("id", incident_id(number)))
            .await?,
    )?;
    let found: Option<IncidentRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This incident".into()))
}

fn named(id: &Option<RecordId>, name: &Option<String>) -> Option<Named> {
    id.as_ref().map(|id| Named {
        key: key_of(id),
        name: name.clone().unwrap_or_else(|| key_of(id)),
    })
}

/// An incident with its timeline, oldest first.
pub async fn get(store: &Store, number: &str) -> Result<Incident, AppError> {
    let found = record(store, number).await?;
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT at, by, kind, text, from, to FROM incident_entry \
                 WHERE incident = $id ORDER BY at",
            )
            .bind(("id", incident_id(number)))
            .await?,
    )?;
    let entries: Vec<EntryRecord> = response.take(0)?;
    let now = Datetime::now();
    Ok(Incident {
        team: named(&found.team, &found.team_name),
        assignee: named(&found.assignee, &found.assignee_name),
        cis: found
            .cis
            .iter()
            .zip(&found.ci_names)
            .map(|(id, name)| Named {
                key: key_of(id),
                name: name.clone(),
            })
            .collect(),
        days_resolved: found
            .resolved_at
            .as_ref()
            .map(|at| (now.date_naive() - at.date_naive()).num_days()),
        number: found.number,
        title: found.title,
        description: found.description,
        caller: found.caller,
        category: found.category,
        impact: Level::from_number(found.impact).unwrap_or(Level::Low),
        urgency: Level::from_number(found.urgency).unwrap_or(Level::Low),
        priority: priority_of(found.priority),
        state: state_of(&found.state),
        major: found.major,
        first_contact: found.first_contact,
        review: found.review,
        hold_reason: found.hold_reason,
        resolution_code: found.resolution_code,
        resolution_notes: found.resolution_notes,
        opened_by: found.opened_by,
        opened_at: shown(&found.opened_at),
        version: u64::try_from(found.version).unwrap_or(0),
        entries: entries
            .into_iter()
            .map(|e| Entry {
                at: shown(&e.at),
                by: e.by,
                kind: e.kind,
                text: e.text,
                from: e.from,
                to: e.to,
            })
            .collect(),
    })
}

/// Moves an incident along, if the table allows it from its state and nobody changed it
/// since `version`.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    input: &MoveInput,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    let from = state_of(&found.state);
    let facts = Facts {
        has_assignee: found.assignee.is_some(),
        days_resolved: found
            .resolved_at
            .as_ref()
            .map(|at| (Datetime::now().date_naive() - at.date_naive()).num_days()),
    };
    let step = input.check(from, facts)?;
    let to = step.step.to;
    let mut changes = vec![FieldChange {
        field: "state".into(),
        before: Some(from.label().to_owned()),
        after: Some(to.label().to_owned()),
    }];
    let (code, notes) = step.resolution.clone().unzip();
    if let Some(code) = &code {
        changes.push(FieldChange {
            field: "resolution".into(),
            before: None,
            after: Some(code.clone()),
        });
    }
    let text = [
        step.hold_reason.clone().unwrap_or_default(),
        notes.clone().unwrap_or_default(),
        step.note.clone(),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET state = $to, hold_reason = $hold_reason, \
                   resolution_code = IF $to = 'Resolved' { $code } ELSE { resolution_code }, \
                   resolution_notes = IF $to = 'Resolved' { $notes } ELSE { resolution_notes }, \
                   resolved_at = IF $to = 'Resolved' { time::now() } ELSE IF $to = 'In Progress' { NONE } ELSE { resolved_at }, \
                   first_contact = IF $to = 'Resolved' { $first_contact } ELSE IF $to = 'In Progress' { false } ELSE { first_contact }, \
                   closed_at = IF $to IN ['Closed', 'Cancelled'] { time::now() } ELSE { NONE }, \
                   version += 1 \
                 WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'move', text: $text, \
                   from: $from, to: $to }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("to", to.label().to_owned()))
            .bind(("from", from.label().to_owned()))
            .bind(("hold_reason", step.hold_reason.clone()))
            .bind(("first_contact", step.first_contact))
            .bind(("code", code))
            .bind(("notes", notes))
            .bind(("text", text))
            .bind(("version", found.version))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Assigns an incident to a team and a person (either may be empty).
pub async fn assign(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    team: Option<String>,
    assignee: Option<String>,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    let probe = ValidIncident {
        title: String::new(),
        description: String::new(),
        caller: String::new(),
        category: String::new(),
        impact: Level::Low,
        urgency: Level::Low,
        priority: Priority(5),
        cis: Vec::new(),
        team,
        assignee,
        major: false,
    };
    let (_, team, assignee) = links(store, &probe).await?;
    let mut response = checked(
        store
            .db()
            .query("IF $team = NONE { NONE } ELSE { $team.name }")
            .query("IF $assignee = NONE { NONE } ELSE { $assignee.display_name }")
            .bind(("team", team.clone()))
            .bind(("assignee", assignee.clone()))
            .await?,
    )?;
    let team_name: Option<String> = response.take(0)?;
    let person: Option<String> = response.take(1)?;
    let before = |name: &Option<String>| name.clone().filter(|n| !n.is_empty());
    let changes = crate::audit::diff(
        &vec![
            ("team", found.team_name.clone().unwrap_or_default()),
            ("assignee", found.assignee_name.clone().unwrap_or_default()),
        ],
        &vec![
            ("team", team_name.clone().unwrap_or_default()),
            ("assignee", person.clone().unwrap_or_default()),
        ],
    );
    if changes.is_empty() {
        return Ok(());
    }
    let text = [before(&team_name), before(&person)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET team = $team, assignee = $assignee, version += 1 \
                   WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'assigned', text: $text }; \
                 CREATE audit CONTENT $entry; \
                 IF $notify != NONE { \
                   INSERT IGNORE INTO notification { user: $notify, key: $key, title: $title, href: $href }; \
                 };",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            // The new assignee hears of it, unless they assigned it to themselves.
            .bind((
                "notify",
                assignee
                    .clone()
                    .filter(|a| Some(a) != found.assignee.as_ref() && key_of(a) != actor.user_id),
            ))
            .bind(("key", format!("incident:{}:assigned:{}", number.to_uppercase(), found.version + 1)))
            .bind(("title", format!("{} assigned to you: {}", number.to_uppercase(), found.title)))
            .bind(("href", format!("/incidents/{}", number.to_uppercase())))
            .bind(("team", team))
            .bind(("assignee", assignee))
            .bind(("version", found.version))
            .bind(("text", text))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Saves the post-incident review of a resolved P1, if nobody saved it since `version`.
pub async fn review(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    text: &str,
) -> Result<(), AppError> {
    let found = record(store, number).await?;
    if !super::incident::reviewable(priority_of(found.priority), state_of(&found.state)) {
        return Err(FieldErrors::single(
            "review",
            "Only a P1 gets a post-incident review, once it is resolved.",
        ));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "review",
            "Write the review: what happened, why, and what changes; at most 10,000 characters.",
        ));
    }
    if i64::try_from(version).ok() != Some(found.version) {
        return Err(stale());
    }
    let changes = crate::audit::diff(
        &vec![("review", found.review.clone().unwrap_or_default())],
        &vec![("review", text.to_owned())],
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET review = $text, version += 1 \
                   WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'incident-stale' }; \
                 CREATE incident_entry CONTENT { incident: $id, by: $by, kind: 'review', text: $text }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", incident_id(number)))
            .bind(("text", text.to_owned()))
            .bind(("version", found.version))
            .bind(("by", actor.name.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &number.to_lowercase(), "update", &changes),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}

/// Adds a comment, or an internal work note, to an incident's timeline.
pub async fn note(
    store: &Store,
    actor: &Actor,
    number: &str,
    text: &str,
    internal: bool,
) -> Result<(), AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldErrors::single(
            "text",
            "Write something, in at most 10,000 characters.",
        ));
    }
    record(store, number).await?;
    checked(
        store
            .db()
            .query(
                "CREATE incident_entry CONTENT { incident: $id, by: $by, kind: $kind, text: $text }",
            )
            .bind(("id", incident_id(number)))
            .bind(("by", actor.name.clone()))
            .bind(("kind", if internal { "work_note" } else { "comment" }))
            .bind(("text", text.to_owned()))
            .await?,
    )?;
    Ok(())
}

/// Teams and people an incident can be assigned to, by name.
pub async fn assignable(store: &Store) -> Result<(Vec<Named>, Vec<Named>), AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT record::id(id) AS key, name FROM team ORDER BY name")
            .query(
                "SELECT record::id(id) AS key, display_name AS name FROM user \
                 WHERE disabled = false ORDER BY display_name",
            )
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Row {
        key: String,
        name: String,
    }
    let to_named = |rows: Vec<Row>| {
        rows.into_iter()
            .map(|r| Named {
                key: r.key,
                name: r.name,
            })
            .collect()
    };
    Ok((to_named(response.take(0)?), to_named(response.take(1)?)))
}
