//! Server-only: suppliers, their contracts, and what expires soon.

mod contracts;

pub use contracts::save_contract;

use crate::assets::suppliers::{ContractKind, ContractView, Expiring, SupplierView, ValidSupplier};
use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, is_unique_violation, key_of, Store};
use chrono::NaiveDate;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

fn stored(date: NaiveDate) -> Datetime {
    Datetime::from(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn day(at: &Datetime) -> String {
    at.date_naive().to_string()
}

/// A save that names an older version than the stored one.
const STALE: &str = "supplier-stale";

fn refused(error: surrealdb::Error, what: &str, name: &str) -> AppError {
    if error.to_string().contains(STALE) {
        refused_stale(what)
    } else if is_unique_violation(&error, "supplier_name") {
        FieldErrors::single(
            "name",
            format!("There is already a supplier called {name}."),
        )
    } else {
        error.into()
    }
}

/// The stored fields and version of a supplier or contract, for an edit to compare with.
async fn stored_version<T: SurrealValue>(
    store: &Store,
    id: &RecordId,
    fields: &'static str,
    what: &str,
) -> Result<T, AppError> {
    let mut response = checked(
        store
            .db()
            .query(["SELECT ", fields, ", version FROM ONLY $id"].concat())
            .bind(("id", id.clone()))
            .await?,
    )?;
    let found: Option<T> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound(format!("This {what}")))
}

/// Registers a supplier (no `key`) or saves one if nobody saved it since `version`; names
/// are unique in any letter case. Answers the supplier's key.
pub async fn save_supplier(
    store: &Store,
    actor: &Actor,
    key: Option<&str>,
    version: u64,
    supplier: &ValidSupplier,
) -> Result<String, AppError> {
    let (key, action, changes) = match key {
        None => {
            let key = uuid::Uuid::new_v4().simple().to_string();
            (
                key,
                "create",
                crate::audit::diff(&Vec::new(), &supplier.fields()),
            )
        }
        Some(key) => {
            let before: SupplierRecord =
                stored_version(store, &supplier_id(key), SUPPLIER_FIELDS, "supplier").await?;
            if before.version != i64::try_from(version).unwrap_or(-1) {
                return Err(refused_stale("supplier"));
            }
            let changes = crate::audit::diff(&before.valid().fields(), &supplier.fields());
            if changes.is_empty() {
                return Ok(key.to_owned());
            }
            (key.to_owned(), "update", changes)
        }
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF record::exists($id) { \
                   LET $done = (UPDATE $id SET name = $name, contacts = $contacts, rating = $rating, \
                     notes = $notes, version += 1 WHERE version = $version RETURN VALUE id); \
                   IF array::len($done) = 0 { THROW 'supplier-stale' }; \
                 } ELSE { \
                   CREATE $id CONTENT { name: $name, contacts: $contacts, rating: $rating, notes: $notes }; \
                 };",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", supplier_id(&key)))
            .bind(("version", version))
            .bind(("name", supplier.name.clone()))
            .bind(("contacts", supplier.contacts.clone()))
            .bind(("rating", supplier.rating.map(i64::from)))
            .bind(("notes", supplier.notes.clone()))
            .bind(("entry", NewEntry::new(actor, "supplier", &key, action, &changes)))
            .await?,
    )
    .map_err(|e| refused(e, "supplier", &supplier.name))?;
    Ok(key)
}

fn refused_stale(what: &str) -> AppError {
    AppError::Conflict(format!(
        "Someone changed this {what} after you opened it, so nothing was changed. Open it again to see the latest."
    ))
}

fn supplier_id(key: &str) -> RecordId {
    RecordId::new("supplier", key)
}

const SUPPLIER_FIELDS: &str = "id, name, contacts, rating, notes";
const CONTRACT_FIELDS: &str = "id, supplier, kind, reference, starts_on, ends_on, cost, \
     currency, covers.tag AS tags, covers_cis.name AS cis, sla_terms";

#[derive(SurrealValue)]
struct SupplierRecord {
    id: RecordId,
    name: String,
    contacts: String,
    rating: Option<i64>,
    notes: String,
    version: i64,
}

impl SupplierRecord {
    fn valid(&self) -> ValidSupplier {
        ValidSupplier {
            name: self.name.clone(),
            contacts: self.contacts.clone(),
            rating: self.rating.and_then(|r| u8::try_from(r).ok()),
            notes: self.notes.clone(),
        }
    }
}

#[derive(SurrealValue)]
struct ContractRecord {
    id: RecordId,
    supplier: RecordId,
    kind: String,
    reference: String,
    starts_on: Datetime,
    ends_on: Datetime,
    cost: Option<i64>,
    currency: String,
    tags: Vec<String>,
    cis: Vec<String>,
    sla_terms: String,
    version: i64,
}

impl ContractRecord {
    fn view(&self) -> ContractView {
        ContractView {
            id: key_of(&self.id),
            version: u64::try_from(self.version).unwrap_or(0),
            kind: ContractKind::parse(&self.kind).unwrap_or(ContractKind::Support),
            reference: self.reference.clone(),
            starts_on: day(&self.starts_on),
            ends_on: day(&self.ends_on),
            cost: self.cost,
            currency: self.currency.clone(),
            covers: self.tags.clone(),
            cis: self.cis.clone(),
            sla_terms: self.sla_terms.clone(),
        }
    }
}

/// Every supplier by name, each with its contracts, latest ending first.
pub async fn suppliers(store: &Store) -> Result<Vec<SupplierView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    "SELECT ",
                    SUPPLIER_FIELDS,
                    ", version FROM supplier ORDER BY name_key",
                ]
                .concat(),
            )
            .query(
                [
                    "SELECT ",
                    CONTRACT_FIELDS,
                    ", version FROM contract ORDER BY ends_on DESC",
                ]
                .concat(),
            )
            .await?,
    )?;
    let found: Vec<SupplierRecord> = response.take(0)?;
    let contracts: Vec<ContractRecord> = response.take(1)?;
    Ok(found
        .into_iter()
        .map(|s| SupplierView {
            contracts: contracts
                .iter()
                .filter(|c| c.supplier == s.id)
                .map(ContractRecord::view)
                .collect(),
            id: key_of(&s.id),
            version: u64::try_from(s.version).unwrap_or(0),
            name: s.name,
            contacts: s.contacts,
            rating: s.rating.and_then(|r| u8::try_from(r).ok()),
            notes: s.notes,
        })
        .collect())
}

#[derive(SurrealValue)]
struct DueRecord {
    id: RecordId,
    name: String,
    on: Datetime,
    owner: Option<String>,
}

/// Warranties, ends of life and contracts that run out from today to `days` ahead, soonest
/// first. Disposed assets are left out.
pub async fn expiring(store: &Store, days: u32) -> Result<Vec<Expiring>, AppError> {
    let today = Datetime::now().date_naive();
    let until = today + chrono::TimeDelta::days(i64::from(days));
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, tag + ' ' + name AS name, warranty_end AS on, owner FROM asset \
                 WHERE warranty_end >= $from AND warranty_end <= $until AND state != 'Disposed'",
            )
            .query(
                "SELECT id, tag + ' ' + name AS name, eol_date AS on, owner FROM asset \
                 WHERE eol_date >= $from AND eol_date <= $until AND state != 'Disposed'",
            )
            .query(
                "SELECT id, supplier.name + ' ' + reference AS name, ends_on AS on, \
                 kind AS owner FROM contract WHERE ends_on >= $from AND ends_on <= $until",
            )
            .bind(("from", stored(today)))
            .bind(("until", stored(until)))
            .await?,
    )?;
    let mut due = Vec::new();
    for (index, what) in [(0, "Warranty"), (1, "End of life"), (2, "contract")] {
        let rows: Vec<DueRecord> = response.take(index)?;
        for row in rows {
            let on = row.on.date_naive();
            let (what, href, owner) = if index == 2 {
                let kind = row.owner.unwrap_or_default();
                (
                    format!("{kind} contract"),
                    "/assets/suppliers".to_owned(),
                    String::new(),
                )
            } else {
                let href = format!("/assets/{}", key_of(&row.id));
                (what.to_owned(), href, row.owner.unwrap_or_default())
            };
            due.push(Expiring {
                what,
                name: row.name,
                href,
                on: on.to_string(),
                days_left: (on - today).num_days(),
                owner,
            });
        }
    }
    due.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)));
    Ok(due)
}
