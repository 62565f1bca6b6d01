//! Server-only: lifecycle moves, check-out and check-in. Each checks the move against
//! the shared table, then writes the asset, its timeline entry and its audit row in one
//! transaction, or nothing.

use super::{asset_id, record, refused, stale, state_of, AssetRecord, TABLE};
use crate::assets::domain::Holder;
use crate::assets::lifecycle::AssetState;
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

fn change(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    FieldChange {
        field: field.into(),
        before,
        after,
    }
}

/// One write of a move: the asset's new state and holder, its timeline entry, its audit.
struct Step<'a> {
    key: &'a str,
    version: i64,
    from: AssetState,
    to: AssetState,
    holder: Option<RecordId>,
    what: &'a str,
    person: Option<String>,
    note: &'a str,
    changes: Vec<FieldChange>,
}

async fn write(store: &Store, actor: &Actor, step: Step<'_>) -> Result<(), AppError> {
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id SET state = $to, assigned_to = $holder, version += 1 \
                   WHERE version = $version AND state = $from RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'asset-stale' }; \
                 CREATE asset_event CONTENT { asset: $id, by: $by, what: $what, from: $from, \
                   to: $to, person: $person, note: $note }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", asset_id(step.key)))
            .bind(("to", step.to.label().to_owned()))
            .bind(("from", step.from.label().to_owned()))
            .bind(("holder", step.holder))
            .bind(("version", step.version))
            .bind(("by", actor.name.clone()))
            .bind(("what", step.what.to_owned()))
            .bind(("person", step.person))
            .bind(("note", step.note.to_owned()))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, step.key, "update", &step.changes),
            ))
            .await?,
    )
    .map_err(|e| refused(e, ""))?;
    Ok(())
}

fn checked_note(note: &str) -> Result<&str, AppError> {
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(FieldErrors::single(
            "note",
            "Keep the note under 500 characters.",
        ));
    }
    Ok(note)
}

/// The asset as stored and its state, if it is still at the version the page showed.
async fn current(
    store: &Store,
    key: &str,
    version: u64,
) -> Result<(AssetRecord, AssetState), AppError> {
    let asset = record(store, key).await?;
    let from = state_of(&asset.state)?;
    if i64::try_from(version).ok() != Some(asset.version) {
        return Err(stale());
    }
    Ok((asset, from))
}

/// The business services that would be affected if the asset's CI failed, most critical
/// first, when the asset backs an Active CI; empty otherwise.
pub async fn retire_impact(
    store: &Store,
    index: &ImpactIndex,
    key: &str,
) -> Result<Vec<String>, AppError> {
    let asset = record(store, key).await?;
    let (Some(ci), Some("Active")) = (asset.ci.as_ref(), asset.ci_status.as_deref()) else {
        return Ok(Vec::new());
    };
    let mut services = index.services_hit(&[key_of(ci)])?;
    if services.is_empty() {
        // The CI itself is what goes; name it, so the question is never empty.
        services.push(asset.ci_name.unwrap_or_default());
    }
    Ok(services)
}

/// A lifecycle move as asked for: from the version the page showed, to a state.
pub struct Request<'a> {
    pub key: &'a str,
    pub version: u64,
    pub to: AssetState,
    pub note: &'a str,
    /// Given once the page has shown what retiring the asset affects.
    pub confirmed: bool,
}

/// Moves an asset along its lifecycle. Retiring one that backs an Active CI needs
/// the request to be confirmed.
pub async fn transition(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    request: Request<'_>,
) -> Result<(), AppError> {
    let Request {
        key,
        version,
        to,
        note,
        confirmed,
    } = request;
    let note = checked_note(note)?;
    let (asset, from) = current(store, key, version).await?;
    let Some(step) = from.move_to(to) else {
        let open: Vec<&str> = from.moves().map(|m| m.verb).collect();
        let hint = if open.is_empty() {
            "It is final.".to_owned()
        } else {
            format!("From {}: {}.", from.label(), open.join(", "))
        };
        return Err(FieldErrors::single(
            "to",
            format!(
                "An asset that is {} cannot become {}. {hint}",
                from.label(),
                to.label()
            ),
        ));
    };
    if to == AssetState::Retired
        && !confirmed
        && !retire_impact(store, index, key).await?.is_empty()
    {
        return Err(FieldErrors::single(
            "confirmed",
            "This asset backs an Active CI. Confirm that you want to retire it.",
        ));
    }
    let ends = AssetState::ends_assignment(to);
    let holder = if ends {
        None
    } else {
        asset.assigned_to.clone()
    };
    let mut changes = vec![change(
        "state",
        Some(from.label().to_owned()),
        Some(to.label().to_owned()),
    )];
    if ends && asset.holder.is_some() {
        changes.push(change("assigned to", asset.holder.clone(), None));
    }
    write(
        store,
        actor,
        Step {
            key,
            version: asset.version,
            from,
            to,
            holder,
            what: step.verb,
            person: if ends { asset.holder.clone() } else { None },
            note,
            changes,
        },
    )
    .await
}

#[derive(SurrealValue)]
struct PersonRecord {
    id: RecordId,
    display_name: String,
}

/// The people an asset can be checked out to: every enabled user, by name.
pub async fn people(store: &Store) -> Result<Vec<Holder>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, display_name FROM user WHERE disabled = false ORDER BY display_name")
            .await?,
    )?;
    let found: Vec<PersonRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .map(|p| Holder {
            id: key_of(&p.id),
            name: p.display_name,
        })
        .collect())
}

/// Checks an asset in stock out to a person: it is then In Use, and theirs.
pub async fn check_out(
    store: &Store,
    actor: &Actor,
    key: &str,
    version: u64,
    person: &str,
    note: &str,
) -> Result<(), AppError> {
    let note = checked_note(note)?;
    let (asset, from) = current(store, key, version).await?;
    if !from.can_check_out() {
        return Err(FieldErrors::single(
            "person",
            format!(
                "Only an asset In Stock can be checked out; this one is {}.",
                from.label()
            ),
        ));
    }
    let Some(holder) = people(store).await?.into_iter().find(|p| p.id == person) else {
        return Err(FieldErrors::single(
            "person",
            "Choose a person who can sign in.",
        ));
    };
    write(
        store,
        actor,
        Step {
            key,
            version: asset.version,
            from,
            to: AssetState::InUse,
            holder: Some(RecordId::new("user", holder.id.as_str())),
            what: "Checked out",
            person: Some(holder.name.clone()),
            note,
            changes: vec![
                change(
                    "state",
                    Some(from.label().to_owned()),
                    Some("In Use".into()),
                ),
                change("assigned to", None, Some(holder.name)),
            ],
        },
    )
    .await
}

/// Takes a checked-out asset back into stock.
pub async fn check_in(
    store: &Store,
    actor: &Actor,
    key: &str,
    version: u64,
    note: &str,
) -> Result<(), AppError> {
    let note = checked_note(note)?;
    let (asset, from) = current(store, key, version).await?;
    let Some(name) = asset.holder.clone().filter(|_| asset.assigned_to.is_some()) else {
        return Err(FieldErrors::single(
            "person",
            "This asset is not checked out.",
        ));
    };
    write(
        store,
        actor,
        Step {
            key,
            version: asset.version,
            from,
            to: AssetState::InStock,
            holder: None,
            what: "Checked in",
            person: Some(name.clone()),
            note,
            changes: vec![
                change(
                    "state",
                    Some(from.label().to_owned()),
                    Some("In Stock".into()),
                ),
                change("assigned to", Some(name), None),
            ],
        },
    )
    .await
}
