//! Server-only: assets in the store. Every change writes its audit row in the same
//! transaction, and names the version it started from.

mod costs;
pub mod import;
mod moves;
mod reminders;
mod suppliers;
mod write;

pub use costs::costs;
pub use moves::{check_in, check_out, people, retire_impact, transition, Request};
pub use reminders::{remind, remind_ahead};
pub use suppliers::{expiring, save_contract, save_supplier, suppliers};
use write::{content_with, refused, stale, Content};
pub use write::{create, update};

use super::columns;
use super::domain::{Asset, AssetEvent, AssetInput, AssetRow, Holder};
use super::lifecycle::AssetState;
use super::list::{AssetPage, ValidFilter, PAGE_SIZE};
use super::suppliers::{ContractKind, Cover};
use super::tags::TagPattern;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use chrono::NaiveDate;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

pub(crate) const TABLE: &str = "asset";

pub(crate) fn asset_id(key: &str) -> RecordId {
    RecordId::new(TABLE, key)
}

fn day(date: &Option<Datetime>) -> String {
    date.as_ref()
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

fn stored(date: Option<NaiveDate>) -> Option<Datetime> {
    date.and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| Datetime::from(d.and_utc()))
}

fn state_of(text: &str) -> Result<AssetState, AppError> {
    AssetState::parse(text).ok_or_else(|| {
        let reference = crate::store::reference();
        tracing::error!(%reference, state = text, "an asset has an unknown state");
        AppError::Internal(reference)
    })
}

const FIELDS: &str = "SELECT id, tag, name, category, manufacturer, model, serial, owner, \
     location, supplier, purchase_order, purchase_date, cost, currency, method, life_months, \
     warranty_end, eol_date, notes, state, ci, ci.name AS ci_name, ci.status AS ci_status, \
     assigned_to, assigned_to.display_name AS holder, version FROM";

#[derive(SurrealValue)]
pub(crate) struct AssetRecord {
    id: RecordId,
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
    notes: String,
    state: String,
    ci: Option<RecordId>,
    ci_name: Option<String>,
    ci_status: Option<String>,
    assigned_to: Option<RecordId>,
    holder: Option<String>,
    version: i64,
}

impl AssetRecord {
    fn fields(&self) -> AssetInput {
        AssetInput {
            tag: self.tag.clone(),
            name: self.name.clone(),
            category: self.category.clone(),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
            serial: self.serial.clone(),
            owner: self.owner.clone().unwrap_or_default(),
            location: self.location.clone(),
            supplier: self.supplier.clone(),
            purchase_order: self.purchase_order.clone(),
            purchase_date: day(&self.purchase_date),
            cost: self
                .cost
                .map(crate::assets::money::plain_amount)
                .unwrap_or_default(),
            currency: self.currency.clone(),
            method: self.method.clone(),
            life_months: self.life_months.to_string(),
            warranty_end: day(&self.warranty_end),
            eol_date: day(&self.eol_date),
            ci: self.ci_name.clone().unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }

    fn holder(&self) -> Option<Holder> {
        self.assigned_to.as_ref().map(|id| Holder {
            id: key_of(id),
            name: self.holder.clone().unwrap_or_else(|| key_of(id)),
        })
    }

    fn into_row(self, today: NaiveDate) -> Result<AssetRow, AppError> {
        let state = state_of(&self.state)?;
        let basis = self.fields().basis();
        Ok(AssetRow {
            id: key_of(&self.id),
            state,
            assigned_to: self.holder().map(|h| h.name),
            warranty_end: self
                .warranty_end
                .as_ref()
                .map(|d| d.date_naive().to_string()),
            book_value: basis.map(|b| {
                if state.on_the_books() {
                    b.value_on(today)
                } else {
                    0
                }
            }),
            tag: self.tag,
            name: self.name,
            category: self.category,
            owner: self.owner,
            currency: self.currency,
            cost: self.cost,
        })
    }
}

fn today() -> NaiveDate {
    Datetime::now().date_naive()
}

/// The `WHERE` clause of a filter; only static pieces are joined, every value is bound
/// by [`bind_filter`].
fn filter_sql(filter: &ValidFilter) -> String {
    let mut conditions = vec!["true"];
    if filter.state.is_some() {
        conditions.push("state = $state");
    }
    if filter.category.is_some() {
        conditions.push("category = $category");
    }
    if filter.holder.is_some() {
        conditions.push("assigned_to = $holder");
    }
    if filter.q.is_some() {
        conditions.push(
            "(string::contains(string::lowercase(tag), $q) OR string::contains(string::lowercase(name), $q) \
             OR string::contains(string::lowercase(serial), $q) OR string::contains(string::lowercase(model), $q))",
        );
    }
    [" WHERE ", &conditions.join(" AND ")].concat()
}

fn bind_filter<'a, C: surrealdb::Connection>(
    query: surrealdb::method::Query<'a, C>,
    filter: &ValidFilter,
) -> surrealdb::method::Query<'a, C> {
    query
        .bind(("state", filter.state.map(|s| s.label().to_owned())))
        .bind(("category", filter.category.clone()))
        .bind((
            "holder",
            filter.holder.as_deref().map(|h| RecordId::new("user", h)),
        ))
        .bind(("q", filter.q.as_deref().map(str::to_lowercase)))
}

/// One page of assets matching the filter, by tag.
pub async fn list(store: &Store, filter: &ValidFilter) -> Result<AssetPage, AppError> {
    let filter_sql = filter_sql(filter);
    let rows = [
        FIELDS,
        " asset",
        &filter_sql,
        " ORDER BY tag LIMIT $limit START $start",
    ]
    .concat();
    let count = ["SELECT count() AS n FROM asset", &filter_sql, " GROUP ALL"].concat();
    let query = store.db().query(rows).query(count);
    let mut response = checked(
        bind_filter(query, filter)
            .bind(("limit", PAGE_SIZE))
            .bind(("start", (filter.page.max(1) - 1) * PAGE_SIZE))
            .await?,
    )?;
    let found: Vec<AssetRecord> = response.take(0)?;
    let total: Option<i64> = response.take((1, "n"))?;
    let today = today();
    Ok(AssetPage {
        rows: found
            .into_iter()
            .map(|r| r.into_row(today))
            .collect::<Result<_, _>>()?,
        total: u64::try_from(total.unwrap_or(0)).unwrap_or(0),
        page: filter.page.max(1),
    })
}

/// Every asset matching the filter as CSV, in the columns an import reads back, plus who
/// holds it and today's book value.
pub async fn export_csv(store: &Store, filter: &ValidFilter) -> Result<Vec<u8>, AppError> {
    let query = store
        .db()
        .query([FIELDS, " asset", &filter_sql(filter), " ORDER BY tag"].concat());
    let mut response = checked(bind_filter(query, filter).await?)?;
    let found: Vec<AssetRecord> = response.take(0)?;
    let today = today();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = columns::COLUMNS.iter().map(|(label, _)| *label);
    out.write_record(header.chain(columns::READ_ONLY.iter().copied()))
        .map_err(crate::store::export_failed)?;
    for record in found {
        let holder = record.holder.clone().unwrap_or_default();
        let fields = record.fields();
        let row = record.into_row(today)?;
        let value = row
            .book_value
            .map(crate::assets::money::plain_amount)
            .unwrap_or_default();
        let cells = columns::write_row(&fields, row.state.label());
        out.write_record(cells.into_iter().chain([holder, value]))
            .map_err(crate::store::export_failed)?;
    }
    out.into_inner().map_err(crate::store::export_failed)
}

#[derive(SurrealValue)]
struct CoverRecord {
    supplier: String,
    kind: String,
    reference: String,
    ends_on: Datetime,
}

#[derive(SurrealValue)]
struct EventRecord {
    at: Datetime,
    by: String,
    what: String,
    from: Option<String>,
    to: Option<String>,
    person: Option<String>,
    note: String,
}

async fn record(store: &Store, key: &str) -> Result<AssetRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " ONLY $id"].concat())
            .bind(("id", asset_id(key)))
            .await?,
    )?;
    let found: Option<AssetRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This asset".into()))
}

/// The key of the CI an asset is, if it is linked to one.
pub(crate) async fn linked_ci(store: &Store, key: &str) -> Result<Option<String>, AppError> {
    Ok(record(store, key).await?.ci.as_ref().map(key_of))
}

/// An asset with its timeline, oldest first.
pub async fn get(
    store: &Store,
    key: &str,
    fiscal_year: super::fiscal::FiscalYear,
) -> Result<Asset, AppError> {
    let found = record(store, key).await?;
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT at, by, what, from, to, person, note FROM asset_event \
                 WHERE asset = $id ORDER BY at",
            )
            .query(
                "SELECT supplier.name AS supplier, kind, reference, ends_on FROM contract \
                 WHERE covers CONTAINS $id ORDER BY ends_on DESC",
            )
            .bind(("id", asset_id(key)))
            .await?,
    )?;
    let events: Vec<EventRecord> = response.take(0)?;
    let contracts: Vec<CoverRecord> = response.take(1)?;
    Ok(Asset {
        id: key_of(&found.id),
        fields: found.fields(),
        state: state_of(&found.state)?,
        assigned_to: found.holder(),
        ci_key: found.ci.as_ref().map(key_of),
        ci_status: found.ci_status.clone(),
        version: u64::try_from(found.version).unwrap_or(0),
        events: events
            .into_iter()
            .map(|e| AssetEvent {
                at: crate::cmdb::server::shown(&e.at),
                by: e.by,
                what: e.what,
                from: e.from.as_deref().and_then(AssetState::parse),
                to: e.to.as_deref().and_then(AssetState::parse),
                person: e.person,
                note: e.note,
            })
            .collect(),
        today: today().to_string(),
        fiscal_year,
        contracts: contracts
            .into_iter()
            .map(|c| Cover {
                kind: ContractKind::parse(&c.kind).unwrap_or(ContractKind::Support),
                supplier: c.supplier,
                reference: c.reference,
                ends_on: c.ends_on.date_naive().to_string(),
            })
            .collect(),
    })
}

/// The tag pattern this server was started with.
pub fn use_tag_pattern() -> Result<TagPattern, AppError> {
    leptos::prelude::use_context::<TagPattern>()
        .ok_or_else(|| AppError::Internal(crate::store::reference()))
}

/// The next `count` free tags after the highest one the pattern numbered.
pub(crate) async fn free_tags(
    store: &Store,
    pattern: &TagPattern,
    count: usize,
) -> Result<Vec<String>, AppError> {
    let mut response = checked(store.db().query("SELECT VALUE tag FROM asset").await?)?;
    let tags: Vec<String> = response.take(0)?;
    Ok(pattern.following(tags.iter().map(String::as_str), count))
}
