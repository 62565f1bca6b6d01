//! Server-only: CI queries against the store.

mod classes;
mod groups;
mod index;
mod layout;
mod list;
mod relations;

pub use classes::{class_defs, save_class, set_attributes};
pub use groups::{add_relation_type, delete_group, groups, save_group};
pub use index::ImpactIndex;
pub use list::{bulk_delete, bulk_status, export_csv, list};
pub use relations::{delete, relate, relation_types, unrelate};

/// The impact index of this server.
pub fn use_index() -> Result<ImpactIndex, AppError> {
    leptos::prelude::use_context::<ImpactIndex>().ok_or_else(|| {
        tracing::error!("no impact index in the request context");
        AppError::Internal(crate::store::reference())
    })
}

use super::domain::{Ci, CiClass, CiLink, CiStatus, Environment, ValidCi};
use crate::audit;
use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

pub(crate) const TABLE: &str = "ci";

pub(crate) fn ci_id(key: &str) -> RecordId {
    RecordId::new(TABLE, key)
}

pub(crate) fn shown(at: &Datetime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub(crate) fn status_of(text: &str) -> Result<CiStatus, AppError> {
    CiStatus::parse(text).ok_or_else(|| corrupt("status", text))
}

pub(crate) fn environment_of(text: &str) -> Result<Environment, AppError> {
    Environment::parse(text).ok_or_else(|| corrupt("environment", text))
}

pub(crate) fn criticality_of(value: i64) -> Result<u8, AppError> {
    u8::try_from(value).map_err(|_| corrupt("criticality", &value.to_string()))
}

fn corrupt(field: &str, value: &str) -> AppError {
    let reference = crate::store::reference();
    tracing::error!(%reference, field, value, "stored CI has a value the domain does not know");
    AppError::Internal(reference)
}

#[derive(SurrealValue)]
struct ClassRecord {
    id: RecordId,
    name: String,
    icon: String,
}

impl From<ClassRecord> for CiClass {
    fn from(r: ClassRecord) -> Self {
        CiClass {
            key: key_of(&r.id),
            name: r.name,
            icon: r.icon,
        }
    }
}

pub async fn classes(store: &Store) -> Result<Vec<CiClass>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, icon FROM ci_class ORDER BY name")
            .await?,
    )?;
    let rows: Vec<ClassRecord> = response.take(0)?;
    Ok(rows.into_iter().map(CiClass::from).collect())
}

#[derive(SurrealValue)]
pub(crate) struct LinkRecord {
    id: RecordId,
    name: String,
    status: String,
}

impl LinkRecord {
    pub(crate) fn into_link(self) -> Result<CiLink, AppError> {
        Ok(CiLink {
            id: key_of(&self.id),
            status: status_of(&self.status)?,
            name: self.name,
        })
    }
}

#[derive(SurrealValue)]
struct CiRecord {
    id: RecordId,
    name: String,
    class: ClassRecord,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    description: String,
    tags: Vec<String>,
    attributes: std::collections::BTreeMap<String, String>,
    version: i64,
    created_at: Datetime,
    updated_at: Datetime,
}

/// The CI called `name`, in any letter case.
pub async fn find_by_name(store: &Store, name: &str) -> Result<Option<RecordId>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM ci WHERE name_key = string::lowercase($name) LIMIT 1")
            .bind(("name", name.trim().to_owned()))
            .await?,
    )?;
    let found: Vec<RecordId> = response.take(0)?;
    Ok(found.into_iter().next())
}

/// A CI with its relations.
pub async fn get(store: &Store, key: &str) -> Result<Ci, AppError> {
    let mut ci = fields(store, key).await?;
    ci.relations = relations::of(store, key).await?;
    Ok(ci)
}

/// A CI's own fields, of the CI `$id`, read by [`take_fields`].
const FIELDS: &str = "SELECT id, name, class.{id, name, icon} AS class, status, environment, \
     criticality, owner, description, tags, attributes, version, created_at, updated_at FROM $id";

/// A CI's own fields; its `relations` are left empty.
async fn fields(store: &Store, key: &str) -> Result<Ci, AppError> {
    let mut response = checked(store.db().query(FIELDS).bind(("id", ci_id(key))).await?)?;
    take_fields(&mut response, 0)
}

/// The CI [`FIELDS`] read, from statement `at` of `response`.
fn take_fields(response: &mut surrealdb::IndexedResults, at: usize) -> Result<Ci, AppError> {
    let found: Vec<CiRecord> = response.take(at)?;
    let r = found
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound("This configuration item".into()))?;
    Ok(Ci {
        id: key_of(&r.id),
        name: r.name,
        class: r.class.into(),
        status: status_of(&r.status)?,
        environment: environment_of(&r.environment)?,
        criticality: criticality_of(r.criticality)?,
        owner: r.owner,
        description: r.description,
        tags: r.tags,
        attributes: r.attributes,
        version: u64::try_from(r.version).unwrap_or(0),
        created_at: shown(&r.created_at),
        updated_at: shown(&r.updated_at),
        relations: Vec::new(),
    })
}

#[derive(SurrealValue)]
struct Content {
    name: String,
    class: RecordId,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    description: String,
    tags: Vec<String>,
    attributes: std::collections::BTreeMap<String, String>,
    version: i64,
}

impl Content {
    fn new(ci: ValidCi, version: i64) -> Self {
        Content {
            class: RecordId::new("ci_class", ci.class.as_str()),
            name: ci.name,
            status: ci.status.label().to_owned(),
            environment: ci.environment.label().to_owned(),
            criticality: i64::from(ci.criticality),
            owner: ci.owner,
            description: ci.description,
            tags: ci.tags,
            attributes: ci.attributes,
            version,
        }
    }
}

/// What a save checks a CI against, and the CI as it is when one is changed.
struct Checked {
    class_name: String,
    ci: ValidCi,
    before: Option<Ci>,
}

/// Refuses an unknown class, a name another CI already has, or attributes the class
/// does not allow, field by field. `except` is the CI being changed: it is read in the
/// same transaction, and attributes its class does not define (brought by an import) stay.
async fn check_references(
    store: &Store,
    mut ci: ValidCi,
    except: Option<&str>,
) -> Result<Checked, AppError> {
    let mut response = checked(
        store
            .db()
            .query("BEGIN")
            .query(if except.is_some() { FIELDS } else { "[]" })
            .query("SELECT VALUE id FROM ci WHERE name_key = string::lowercase($name) AND id != $except")
            .query(crate::people::server::OWNER_NAMES)
            .query(classes::CLASS_DEFS)
            .query("COMMIT")
            .bind(("id", except.map(ci_id)))
            .bind(("name", ci.name.clone()))
            .bind(("except", except.map(ci_id)))
            .await?,
    )?;
    let before = match except {
        Some(_) => Some(take_fields(&mut response, 1)?),
        None => None,
    };
    let clash: Vec<RecordId> = response.take(2)?;
    let owners: Vec<String> = response.take(3)?;
    let classes = classes::take_defs(&mut response, 4)?;
    let mut errors = FieldErrors::default();
    if let Some(owner) = ci.owner.as_mut() {
        match owners.iter().find(|o| o.to_lowercase() == owner.to_lowercase()) {
            Some(known) => owner.clone_from(known),
            None => errors.add(
                "owner",
                format!("No team or person is called \u{201c}{owner}\u{201d}; pick one from the suggestions."),
            ),
        }
    }
    let class_name = classes
        .iter()
        .find(|c| c.key == ci.class)
        .map(|c| c.name.clone());
    if class_name.is_none() {
        errors.add(
            "class",
            format!("There is no class \u{201c}{}\u{201d}.", ci.class),
        );
    }
    if !clash.is_empty() {
        errors.add("name", duplicate_name(&ci.name));
    }
    if class_name.is_some() {
        let none = Default::default();
        let previous = before.as_ref().map_or(&none, |b| &b.attributes);
        match classes::checked_attributes(
            store,
            &classes,
            &ci.class,
            &ci.attributes,
            previous,
            except,
        )
        .await
        {
            Ok(kept) => ci.attributes = kept,
            Err(AppError::Validation(more)) => errors.0.extend(more.0),
            Err(other) => return Err(other),
        }
    }
    errors.into_result()?;
    Ok(Checked {
        class_name: class_name.unwrap_or_default(),
        ci,
        before,
    })
}

fn duplicate_name(name: &str) -> String {
    format!("A CI named \u{201c}{name}\u{201d} already exists.")
}

/// Turns a unique-name race lost at the index into the same field error.
fn write_error(error: surrealdb::Error, name: &str) -> AppError {
    if is_unique_violation(&error, "ci_name_key") {
        FieldErrors::single("name", duplicate_name(name))
    } else {
        error.into()
    }
}

/// Creates a CI, with its audit entry in the same transaction, and returns a link to it.
pub async fn create(store: &Store, actor: &Actor, ci: ValidCi) -> Result<CiLink, AppError> {
    let Checked { class_name, ci, .. } = check_references(store, ci, None).await?;
    let key = uuid::Uuid::new_v4().simple().to_string();
    let changes = audit::created(&ci.audit_fields(&class_name));
    let (name, status) = (ci.name.clone(), ci.status);
    let response = store
        .db()
        .query("BEGIN")
        .query("CREATE $id CONTENT $content")
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", ci_id(&key)))
        .bind(("content", Content::new(ci, 1)))
        .bind((
            "entry",
            NewEntry::new(actor, TABLE, &key, "create", &changes),
        ))
        .await?;
    checked(response).map_err(|e| write_error(e, &name))?;
    tracing::info!(ci = %key, "CI created");
    Ok(CiLink {
        id: key,
        name,
        status,
    })
}

/// Replaces a CI's fields if nobody changed it since `version`, recording the changed
/// fields in the audit log in the same transaction. Returns the new version.
pub async fn update(
    store: &Store,
    actor: &Actor,
    key: &str,
    version: u64,
    ci: ValidCi,
) -> Result<u64, AppError> {
    let Checked {
        class_name,
        ci,
        before,
    } = check_references(store, ci, Some(key)).await?;
    let before = before.ok_or_else(|| AppError::NotFound("This configuration item".into()))?;
    let changes = audit::diff(&before.audit_fields(), &ci.audit_fields(&class_name));
    let name = ci.name.clone();
    let version =
        i64::try_from(version).map_err(|_| FieldErrors::single("version", "Invalid version."))?;
    // `before` is the state at `version`: the update applies only if that is still current,
    // so the recorded changes are exactly what this update replaced.
    let response = store
        .db()
        .query("BEGIN")
        .query("LET $updated = (UPDATE $id MERGE $content WHERE version = $version RETURN VALUE version)")
        .query("IF array::len($updated) > 0 { CREATE audit CONTENT $entry }")
        .query("$updated")
        .query("COMMIT")
        .bind(("id", ci_id(key)))
        .bind(("content", Content::new(ci, version + 1)))
        .bind(("version", version))
        .bind(("entry", NewEntry::new(actor, TABLE, key, "update", &changes)))
        .await?;
    let mut response = checked(response).map_err(|e| write_error(e, &name))?;
    let updated: Vec<i64> = response.take(3)?;
    match updated.first() {
        Some(new) => Ok(u64::try_from(*new).unwrap_or(0)),
        None => Err(AppError::Conflict(
            "Someone else saved this CI while you were editing, so your changes were not applied."
                .into(),
        )),
    }
}
