//! Server-only: relations between CIs, the suggestions for picking one, and deleting a
//! CI. Each change writes its audit entries in the same transaction.

use super::{ci_id, get, LinkRecord, TABLE};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::domain::Ci;
use crate::cmdb::graph::Propagation;
use crate::cmdb::relations::{Relation, RelationType, ValidRelation};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct TypeRecord {
    id: RecordId,
    name: String,
    reverse: String,
    propagation: String,
}

impl TypeRecord {
    fn into_type(self) -> RelationType {
        RelationType {
            key: key_of(&self.id),
            name: self.name,
            reverse: self.reverse,
            propagation: Propagation::parse(&self.propagation).unwrap_or(Propagation::None),
        }
    }
}

pub async fn relation_types(store: &Store) -> Result<Vec<RelationType>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, reverse, propagation FROM relation_type ORDER BY name")
            .await?,
    )?;
    let rows: Vec<TypeRecord> = response.take(0)?;
    Ok(rows.into_iter().map(TypeRecord::into_type).collect())
}

#[derive(SurrealValue)]
struct EdgeRecord {
    id: RecordId,
    kind: TypeRecord,
    other: LinkRecord,
}

/// Every relation of a CI, both ways, sorted by label and the other CI's name.
pub(super) async fn of(store: &Store, key: &str) -> Result<Vec<Relation>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, kind.{id, name, reverse, propagation} AS kind, out.{id, name, status} AS other FROM rel WHERE in = $id")
            .query("SELECT id, kind.{id, name, reverse, propagation} AS kind, in.{id, name, status} AS other FROM $id<-rel")
            .bind(("id", ci_id(key)))
            .await?,
    )?;
    let outgoing: Vec<EdgeRecord> = response.take(0)?;
    let incoming: Vec<EdgeRecord> = response.take(1)?;
    let mut relations = Vec::with_capacity(outgoing.len() + incoming.len());
    for (edges, is_out) in [(outgoing, true), (incoming, false)] {
        for edge in edges {
            let kind = edge.kind.into_type();
            relations.push(Relation {
                id: key_of(&edge.id),
                label: if is_out { kind.name } else { kind.reverse },
                kind: kind.key,
                outgoing: is_out,
                other: edge.other.into_link()?,
            });
        }
    }
    relations.sort_by(|a, b| {
        (a.label.as_str(), a.other.name.to_lowercase())
            .cmp(&(b.label.as_str(), b.other.name.to_lowercase()))
    });
    Ok(relations)
}

/// Relates two CIs, refusing an unknown type or CI, a CI related to itself and a
/// relation that already exists. Both CIs get an audit entry.
pub async fn relate(
    store: &Store,
    actor: &Actor,
    relation: ValidRelation,
) -> Result<Relation, AppError> {
    let this = get(store, &relation.ci).await?;
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, reverse, propagation FROM $kind")
            .query("SELECT id, name, status FROM ci WHERE name_key = string::lowercase($name)")
            .bind((
                "kind",
                RecordId::new("relation_type", relation.kind.as_str()),
            ))
            .bind(("name", relation.other_name.clone()))
            .await?,
    )?;
    let kinds: Vec<TypeRecord> = response.take(0)?;
    let others: Vec<LinkRecord> = response.take(1)?;
    let mut errors = FieldErrors::default();
    let Some(kind) = kinds.into_iter().next().map(TypeRecord::into_type) else {
        return Err(FieldErrors::single(
            "relation",
            "There is no such relation type.",
        ));
    };
    let Some(other) = others.into_iter().next() else {
        errors.add(
            "other",
            format!(
                "There is no CI named \u{201c}{}\u{201d}.",
                relation.other_name
            ),
        );
        return Err(AppError::Validation(errors));
    };
    let other = other.into_link()?;
    if other.id == this.id {
        return Err(FieldErrors::single(
            "other",
            "A CI cannot be related to itself.",
        ));
    }
    let (source, target) = if relation.outgoing {
        (this.id.clone(), other.id.clone())
    } else {
        (other.id.clone(), this.id.clone())
    };
    let (this_label, other_label) = if relation.outgoing {
        (kind.name.clone(), kind.reverse.clone())
    } else {
        (kind.reverse.clone(), kind.name.clone())
    };
    let entries = [
        NewEntry::new(
            actor,
            TABLE,
            &this.id,
            "relate",
            &[linked(&this_label, &other.name)],
        ),
        NewEntry::new(
            actor,
            TABLE,
            &other.id,
            "relate",
            &[linked(&other_label, &this.name)],
        ),
    ];
    let response = store
        .db()
        .query("BEGIN")
        .query("LET $edge = (RELATE ONLY $source->rel->$target SET kind = $kind RETURN VALUE id)")
        .query("FOR $entry IN $entries { CREATE audit CONTENT $entry }")
        .query("$edge")
        .query("COMMIT")
        .bind(("source", ci_id(&source)))
        .bind(("target", ci_id(&target)))
        .bind(("kind", RecordId::new("relation_type", kind.key.as_str())))
        .bind(("entries", entries.into_iter().collect::<Vec<_>>()))
        .await?;
    let mut response = checked(response).map_err(|error| {
        if is_unique_violation(&error, "rel_unique") {
            FieldErrors::single(
                "other",
                format!("{} already {} {}.", this.name, this_label, other.name),
            )
        } else {
            error.into()
        }
    })?;
    let edge: Option<RecordId> = response.take(3)?;
    tracing::info!(%source, %target, kind = %kind.key, "CIs related");
    Ok(Relation {
        id: edge.map(|e| key_of(&e)).unwrap_or_default(),
        kind: kind.key,
        label: this_label,
        outgoing: relation.outgoing,
        other,
    })
}

fn linked(label: &str, name: &str) -> FieldChange {
    FieldChange {
        field: label.to_owned(),
        before: None,
        after: Some(name.to_owned()),
    }
}

fn unlinked(label: &str, name: &str) -> FieldChange {
    FieldChange {
        field: label.to_owned(),
        before: Some(name.to_owned()),
        after: None,
    }
}

/// Removes one relation of the CI `ci`, auditing both ends.
/// The keys of the two CIs a stored relation joins; none if it is gone.
pub(crate) async fn ends(store: &Store, rel: &str) -> Result<Vec<String>, AppError> {
    #[derive(SurrealValue)]
    struct Ends {
        source: RecordId,
        target: RecordId,
    }
    let mut response = checked(
        store
            .db()
            .query("SELECT in AS source, out AS target FROM ONLY $rel")
            .bind(("rel", RecordId::new("rel", rel)))
            .await?,
    )?;
    let ends: Option<Ends> = response.take(0)?;
    Ok(ends
        .map(|e| vec![key_of(&e.source), key_of(&e.target)])
        .unwrap_or_default())
}

pub async fn unrelate(store: &Store, actor: &Actor, ci: &str, edge: &str) -> Result<(), AppError> {
    let this = get(store, ci).await?;
    let relation = this
        .relations
        .iter()
        .find(|r| r.id == edge)
        .ok_or_else(|| AppError::NotFound("This relation".into()))?;
    let other_label = if relation.outgoing {
        reverse_label(store, &relation.kind).await?
    } else {
        forward_label(store, &relation.kind).await?
    };
    let entries = vec![
        NewEntry::new(
            actor,
            TABLE,
            &this.id,
            "unrelate",
            &[unlinked(&relation.label, &relation.other.name)],
        ),
        NewEntry::new(
            actor,
            TABLE,
            &relation.other.id,
            "unrelate",
            &[unlinked(&other_label, &this.name)],
        ),
    ];
    checked(
        store
            .db()
            .query("BEGIN")
            .query("DELETE $edge")
            .query("FOR $entry IN $entries { CREATE audit CONTENT $entry }")
            .query("COMMIT")
            .bind(("edge", RecordId::new("rel", edge)))
            .bind(("entries", entries))
            .await?,
    )?;
    tracing::info!(ci, edge, "relation removed");
    Ok(())
}

async fn labels(store: &Store, kind: &str) -> Result<(String, String), AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, reverse, propagation FROM $kind")
            .bind(("kind", RecordId::new("relation_type", kind)))
            .await?,
    )?;
    let found: Vec<TypeRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .next()
        .map(|t| (t.name, t.reverse))
        .unwrap_or_else(|| (kind.to_owned(), kind.to_owned())))
}

async fn forward_label(store: &Store, kind: &str) -> Result<String, AppError> {
    Ok(labels(store, kind).await?.0)
}

async fn reverse_label(store: &Store, kind: &str) -> Result<String, AppError> {
    Ok(labels(store, kind).await?.1)
}

/// Deletes a CI that nobody changed since `version`, with its relations, in one
/// transaction; the audit keeps every field it had and every relation it was in.
pub async fn delete(store: &Store, actor: &Actor, key: &str, version: u64) -> Result<Ci, AppError> {
    let before = get(store, key).await?;
    if before.version != version {
        return Err(AppError::Conflict(
            "Someone changed this CI since you opened it; look at their changes before deleting it.".into(),
        ));
    }
    let mut changes = crate::audit::diff(&before.audit_fields(), &Vec::new());
    changes.extend(
        before
            .relations
            .iter()
            .map(|r| unlinked(&r.label, &r.other.name)),
    );
    let mut entries = vec![NewEntry::new(actor, TABLE, key, "delete", &changes)];
    for relation in &before.relations {
        let label = if relation.outgoing {
            reverse_label(store, &relation.kind).await?
        } else {
            forward_label(store, &relation.kind).await?
        };
        entries.push(NewEntry::new(
            actor,
            TABLE,
            &relation.other.id,
            "unrelate",
            &[unlinked(&label, &before.name)],
        ));
    }
    let version = i64::try_from(version).unwrap_or(i64::MAX);
    let response = store
        .db()
        .query("BEGIN")
        .query("LET $gone = (DELETE $id WHERE version = $version RETURN BEFORE)")
        .query(
            // Deleting the CI deleted its relations.
            "IF array::len($gone) > 0 { \
               UPDATE asset SET ci = NONE WHERE ci = $id; \
               UPDATE redundancy_group SET members -= $id WHERE members CONTAINS $id; \
               FOR $entry IN $entries { CREATE audit CONTENT $entry }; \
             }",
        )
        .query("array::len($gone)")
        .query("COMMIT")
        .bind(("id", ci_id(key)))
        .bind(("version", version))
        .bind(("entries", entries))
        .await?;
    let mut response = checked(response)?;
    let deleted: Option<i64> = response.take(3)?;
    if deleted.unwrap_or(0) == 0 {
        return Err(AppError::Conflict(
            "Someone changed this CI since you opened it; look at their changes before deleting it.".into(),
        ));
    }
    tracing::info!(ci = key, "CI deleted");
    Ok(before)
}
