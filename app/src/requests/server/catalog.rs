//! The catalog's items: read with their forms parsed, and saved with their audit row in
//! one transaction.

use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::requests::domain::{Approver, ValidItem};
use crate::requests::form::{form_text, parse_form};
use crate::requests::views::CatalogItem;
use crate::sla::terms::format_minutes;
use crate::store::{checked, key_of, Store};
use crate::tickets::server::named;
use surrealdb::types::{RecordId, SurrealValue};

const TABLE: &str = "catalog_item";

#[derive(SurrealValue)]
pub(super) struct ItemRecord {
    pub(super) id: RecordId,
    pub(super) name: String,
    category: String,
    description: String,
    pub(super) form: String,
    pub(super) approval: String,
    pub(super) team: Option<RecordId>,
    team_name: Option<String>,
    pub(super) tasks: Vec<String>,
    pub(super) service: Option<RecordId>,
    service_name: Option<String>,
    pub(super) fulfilment: Option<i64>,
    pub(super) active: bool,
    version: i64,
}

const ITEM_FIELDS: &str = "SELECT id, name, category, description, form, approval, team, \
     team.name AS team_name, tasks, service, service.name AS service_name, fulfilment, active, \
     version FROM";

fn item_of(r: ItemRecord) -> CatalogItem {
    CatalogItem {
        key: key_of(&r.id),
        // A definition is checked when saved; one that no longer parses shows no fields.
        fields: parse_form(&r.form).unwrap_or_default(),
        approval: Approver::parse(&r.approval).unwrap_or_default(),
        team: named(&r.team, &r.team_name),
        service: named(&r.service, &r.service_name),
        fulfilment: r.fulfilment.map(format_minutes),
        name: r.name,
        category: r.category,
        description: r.description,
        tasks: r.tasks,
        active: r.active,
        version: u64::try_from(r.version).unwrap_or(0),
    }
}

/// The catalog by category and name: only what can be ordered, unless `all`.
pub async fn catalog(store: &Store, all: bool) -> Result<Vec<CatalogItem>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    ITEM_FIELDS,
                    " catalog_item WHERE $all OR active ORDER BY category, name",
                ]
                .concat(),
            )
            .bind(("all", all))
            .await?,
    )?;
    let found: Vec<ItemRecord> = response.take(0)?;
    Ok(found.into_iter().map(item_of).collect())
}

pub(super) async fn item_record(store: &Store, key: &str) -> Result<ItemRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query([ITEM_FIELDS, " ONLY $id"].concat())
            .bind(("id", RecordId::new(TABLE, key.trim())))
            .await?,
    )?;
    let found: Option<ItemRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This catalog item".into()))
}

pub async fn item(store: &Store, key: &str) -> Result<CatalogItem, AppError> {
    Ok(item_of(item_record(store, key).await?))
}

fn old_fields(r: &ItemRecord) -> crate::audit::Fields {
    ValidItem {
        name: r.name.clone(),
        category: r.category.clone(),
        description: r.description.clone(),
        fields: parse_form(&r.form).unwrap_or_default(),
        approval: Approver::parse(&r.approval).unwrap_or_default(),
        team: None,
        tasks: r.tasks.clone(),
        service: r.service.as_ref().map(key_of),
        fulfilment: r.fulfilment,
        active: r.active,
    }
    .audit_fields()
}

/// Adds an item (no `key`) or rewrites one still at `version`; answers its key.
pub async fn save_item(
    store: &Store,
    actor: &Actor,
    key: Option<&str>,
    version: u64,
    item: &ValidItem,
) -> Result<String, AppError> {
    let (id, changes) = match key {
        Some(key) => {
            let found = item_record(store, key).await?;
            (
                found.id.clone(),
                crate::audit::diff(&old_fields(&found), &item.audit_fields()),
            )
        }
        None => (
            RecordId::new(TABLE, uuid::Uuid::new_v4().simple().to_string().as_str()),
            crate::audit::created(&item.audit_fields()),
        ),
    };
    let entry = NewEntry::new(
        actor,
        TABLE,
        &key_of(&id),
        if key.is_some() { "update" } else { "create" },
        &changes,
    );
    let result = store
        .db()
        .query("BEGIN")
        .query(
            "IF $content.team != NONE AND !record::exists($content.team) { THROW 'catalog-team' }; \
             IF $content.service != NONE AND $content.service.class != ci_class:business_service { THROW 'catalog-service' }; \
             IF $content.fulfilment != NONE AND !record::exists(type::record('sla', record::id($content.service))) { THROW 'catalog-sla' }; \
             IF $creating { CREATE $id CONTENT $content } \
             ELSE IF $id.version != $version { THROW 'catalog-stale' } \
             ELSE { UPDATE $id MERGE object::extend($content, { version: $id.version + 1 }) };",
        )
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("creating", key.is_none()))
        .bind(("id", id.clone()))
        .bind(("version", i64::try_from(version).unwrap_or(-1)))
        .bind((
            "content",
            ItemContent {
                name: item.name.clone(),
                category: item.category.clone(),
                description: item.description.clone(),
                form: form_text(&item.fields),
                approval: item.approval.key().to_owned(),
                team: item.team.as_deref().map(|t| RecordId::new("team", t)),
                tasks: item.tasks.clone(),
                service: item.service.as_deref().map(|s| RecordId::new("ci", s)),
                fulfilment: item.fulfilment,
                active: item.active,
            },
        ))
        .bind(("entry", entry))
        .await?;
    match checked(result) {
        Ok(_) => Ok(key_of(&id)),
        Err(error) if error.to_string().contains("catalog-stale") => Err(AppError::Conflict(
            "Someone changed this item after you opened it, so nothing was saved. The page shows the latest; try again.".into(),
        )),
        Err(error) if error.to_string().contains("catalog-team") => Err(FieldErrors::single(
            "team",
            "There is no such team; choose one from the list.",
        )),
        Err(error) if error.to_string().contains("catalog-service") => Err(FieldErrors::single(
            "service",
            "There is no such business service; choose one from the list.",
        )),
        Err(error) if error.to_string().contains("catalog-sla") => Err(FieldErrors::single(
            "fulfilment",
            "This service has no SLA, so there are no business hours to count the target in; define its SLA first.",
        )),
        Err(error) if error.to_string().contains("catalog_item_name") => Err(FieldErrors::single(
            "name",
            format!("The catalog already has an item called \u{201c}{}\u{201d}.", item.name),
        )),
        Err(error) => Err(error.into()),
    }
}

#[derive(SurrealValue)]
struct ItemContent {
    name: String,
    category: String,
    description: String,
    form: String,
    approval: String,
    team: Option<RecordId>,
    tasks: Vec<String>,
    service: Option<RecordId>,
    fulfilment: Option<i64>,
    active: bool,
}
