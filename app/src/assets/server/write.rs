//! Registering and changing assets: their own fields, a free tag and key, and the audit
//! row in the same transaction.

use super::{asset_id, free_tags, record, stored, TABLE};
use crate::assets::domain::ValidAsset;
use crate::assets::lifecycle::AssetState;
use crate::assets::tags::TagPattern;
use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

/// What is stored for an asset's own fields.
#[derive(SurrealValue)]
pub(super) struct Content {
    tag: String,
    name: String,
    category: String,
    manufacturer: String,
    model: String,
    serial: String,
    owner: Option<String>,
    location: String,
    supplier: String,
    purchase_order: String,
    purchase_date: Option<Datetime>,
    cost: Option<i64>,
    currency: String,
    method: String,
    life_months: i64,
    warranty_end: Option<Datetime>,
    eol_date: Option<Datetime>,
    ci: Option<RecordId>,
    notes: String,
}

async fn content(store: &Store, asset: &ValidAsset, tag: String) -> Result<Content, AppError> {
    let ci = match &asset.ci {
        Some(name) => Some(
            crate::cmdb::server::find_by_name(store, name)
                .await?
                .ok_or_else(|| {
                    FieldErrors::single("ci", format!("No CI is called \u{201c}{name}\u{201d}."))
                })?,
        ),
        None => None,
    };
    Ok(content_with(asset, tag, ci))
}

/// What is stored for `asset`, with its linked CI already found.
pub(super) fn content_with(asset: &ValidAsset, tag: String, ci: Option<RecordId>) -> Content {
    Content {
        tag,
        name: asset.name.clone(),
        category: asset.category.clone(),
        manufacturer: asset.manufacturer.clone(),
        model: asset.model.clone(),
        serial: asset.serial.clone(),
        owner: asset.owner.clone(),
        location: asset.location.clone(),
        supplier: asset.supplier.clone(),
        purchase_order: asset.purchase_order.clone(),
        purchase_date: stored(asset.purchase_date),
        cost: asset.cost,
        currency: asset.currency.clone(),
        method: asset.method.key().to_owned(),
        life_months: i64::from(asset.life_months),
        warranty_end: stored(asset.warranty_end),
        eol_date: stored(asset.eol_date),
        ci,
        notes: asset.notes.clone(),
    }
}

fn duplicate_tag(error: surrealdb::Error, tag: &str) -> AppError {
    if is_unique_violation(&error, "asset_tag") {
        FieldErrors::single("tag", format!("The tag {tag} is already taken."))
    } else {
        error.into()
    }
}

/// The tag in lower case, as in `/assets/a001`; a tag renamed since may have left that key
/// taken, and then the asset gets a random one.
async fn free_key(store: &Store, tag: &str) -> Result<String, AppError> {
    let key = tag.to_lowercase();
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE tag FROM ONLY $id")
            .bind(("id", asset_id(&key)))
            .await?,
    )?;
    match response.take::<Option<String>>(0)? {
        None => Ok(key),
        Some(taken) if taken.eq_ignore_ascii_case(tag) => Err(FieldErrors::single(
            "tag",
            format!("The tag {tag} is already taken."),
        )),
        Some(_) => Ok(uuid::Uuid::new_v4().simple().to_string()),
    }
}

/// Registers an asset, Ordered or In Stock, and returns its key.
pub async fn create(
    store: &Store,
    actor: &Actor,
    asset: &ValidAsset,
    state: AssetState,
    pattern: &TagPattern,
) -> Result<String, AppError> {
    let tag = if asset.tag.is_empty() {
        free_tags(store, pattern, 1).await?.remove(0)
    } else {
        asset.tag.clone()
    };
    let key = free_key(store, &tag).await?;
    let data = content(store, asset, tag.clone()).await?;
    let mut audited = asset.to_input();
    audited.tag = tag.clone();
    let mut changes = crate::audit::diff(&Vec::new(), &audited.audit_fields());
    changes.push(crate::audit::FieldChange {
        field: "state".into(),
        before: None,
        after: Some(state.label().to_owned()),
    });
    checked(
        store
            .db()
            .query("BEGIN")
            .query("CREATE $id CONTENT object::extend($data, { state: $state })")
            .query("CREATE asset_event CONTENT { asset: $id, by: $by, what: 'Registered', to: $state }")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", asset_id(&key)))
            .bind(("data", data))
            .bind(("state", state.label().to_owned()))
            .bind(("by", actor.name.clone()))
            .bind(("entry", NewEntry::new(actor, TABLE, &key, "create", &changes)))
            .await?,
    )
    .map_err(|e| duplicate_tag(e, &tag))?;
    Ok(key)
}

/// Saves an asset's fields if nobody saved it since `version`.
pub async fn update(
    store: &Store,
    actor: &Actor,
    key: &str,
    version: u64,
    asset: &ValidAsset,
) -> Result<(), AppError> {
    let before = record(store, key).await?;
    let tag = if asset.tag.is_empty() {
        before.tag.clone()
    } else {
        asset.tag.clone()
    };
    let data = content(store, asset, tag.clone()).await?;
    let mut after = asset.to_input();
    after.tag = tag.clone();
    let changes = crate::audit::diff(&before.fields().audit_fields(), &after.audit_fields());
    if i64::try_from(version).ok() != Some(before.version) {
        return Err(stale());
    }
    if changes.is_empty() {
        return Ok(());
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $done = (UPDATE $id MERGE $data WHERE version = $version RETURN VALUE id); \
                 IF array::len($done) = 0 { THROW 'asset-stale' }; \
                 UPDATE $id SET version += 1; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", asset_id(key)))
            .bind(("data", data))
            .bind(("version", before.version))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, key, "update", &changes),
            ))
            .await?,
    )
    .map_err(|e| refused(e, &tag))?;
    Ok(())
}

pub(crate) fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this asset after you opened it, so nothing was changed. The page shows the latest; try again.".into(),
    )
}

/// A refused write: a duplicate tag, or a version someone else moved on from.
pub(crate) fn refused(error: surrealdb::Error, tag: &str) -> AppError {
    if error.to_string().contains("asset-stale") {
        stale()
    } else {
        duplicate_tag(error, tag)
    }
}
