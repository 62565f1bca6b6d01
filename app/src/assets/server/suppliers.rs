//! Server-only: suppliers, their contracts, and what expires soon.

use crate::assets::suppliers::{
    ContractKind, ContractView, Expiring, SupplierView, ValidContract, ValidSupplier,
};
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

/// Registers a supplier; names are unique in any letter case.
pub async fn create_supplier(
    store: &Store,
    actor: &Actor,
    supplier: &ValidSupplier,
) -> Result<String, AppError> {
    let key = uuid::Uuid::new_v4().simple().to_string();
    let changes = crate::audit::diff(
        &Vec::new(),
        &vec![
            ("name", supplier.name.clone()),
            ("contacts", supplier.contacts.clone()),
            (
                "rating",
                supplier.rating.map(|r| r.to_string()).unwrap_or_default(),
            ),
        ],
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query("CREATE $id CONTENT { name: $name, contacts: $contacts, rating: $rating, notes: $notes }")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", RecordId::new("supplier", key.as_str())))
            .bind(("name", supplier.name.clone()))
            .bind(("contacts", supplier.contacts.clone()))
            .bind(("rating", supplier.rating.map(i64::from)))
            .bind(("notes", supplier.notes.clone()))
            .bind(("entry", NewEntry::new(actor, "supplier", &key, "create", &changes)))
            .await?,
    )
    .map_err(|e| {
        if is_unique_violation(&e, "supplier_name") {
            FieldErrors::single("name", format!("There is already a supplier called {}.", supplier.name))
        } else {
            e.into()
        }
    })?;
    Ok(key)
}

/// Adds a contract to a supplier, covering assets named by tag; an unknown tag is refused.
pub async fn create_contract(
    store: &Store,
    actor: &Actor,
    contract: &ValidContract,
) -> Result<String, AppError> {
    let supplier = RecordId::new("supplier", contract.supplier.as_str());
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM ONLY $supplier")
            .query("SELECT VALUE tag FROM asset WHERE tag IN $tags")
            .bind(("supplier", supplier.clone()))
            .bind(("tags", contract.covers.clone()))
            .await?,
    )?;
    if response.take::<Option<RecordId>>(0)?.is_none() {
        return Err(FieldErrors::single(
            "supplier",
            "Choose a supplier that exists.",
        ));
    }
    let found: Vec<String> = response.take(1)?;
    if found.len() != contract.covers.len() {
        let unknown: Vec<&str> = contract
            .covers
            .iter()
            .filter(|t| !found.contains(t))
            .map(String::as_str)
            .collect();
        return Err(FieldErrors::single(
            "covers",
            format!("No asset is tagged {}.", unknown.join(", ")),
        ));
    }
    let key = uuid::Uuid::new_v4().simple().to_string();
    let changes = crate::audit::diff(
        &Vec::new(),
        &vec![
            ("kind", contract.kind.label().to_owned()),
            ("reference", contract.reference.clone()),
            ("ends on", contract.ends_on.to_string()),
            ("covers", contract.covers.join(", ")),
        ],
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { supplier: $supplier, kind: $kind, reference: $reference, \
                 starts_on: $starts_on, ends_on: $ends_on, cost: $cost, currency: $currency, \
                 covers: (SELECT VALUE id FROM asset WHERE tag IN $tags), sla_terms: $sla_terms }",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", RecordId::new("contract", key.as_str())))
            .bind(("supplier", supplier))
            .bind(("kind", contract.kind.label().to_owned()))
            .bind(("reference", contract.reference.clone()))
            .bind(("starts_on", stored(contract.starts_on)))
            .bind(("ends_on", stored(contract.ends_on)))
            .bind(("cost", contract.cost))
            .bind(("currency", contract.currency.clone()))
            .bind(("tags", contract.covers.clone()))
            .bind(("sla_terms", contract.sla_terms.clone()))
            .bind((
                "entry",
                NewEntry::new(actor, "contract", &key, "create", &changes),
            ))
            .await?,
    )?;
    Ok(key)
}

#[derive(SurrealValue)]
struct SupplierRecord {
    id: RecordId,
    name: String,
    contacts: String,
    rating: Option<i64>,
    notes: String,
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
    sla_terms: String,
}

/// Every supplier by name, each with its contracts, latest ending first.
pub async fn suppliers(store: &Store) -> Result<Vec<SupplierView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, contacts, rating, notes FROM supplier ORDER BY name_key")
            .query(
                "SELECT id, supplier, kind, reference, starts_on, ends_on, cost, currency, \
                 covers.tag AS tags, sla_terms FROM contract ORDER BY ends_on DESC",
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
                .map(|c| ContractView {
                    id: key_of(&c.id),
                    kind: ContractKind::parse(&c.kind).unwrap_or(ContractKind::Support),
                    reference: c.reference.clone(),
                    starts_on: day(&c.starts_on),
                    ends_on: day(&c.ends_on),
                    cost: c.cost,
                    currency: c.currency.clone(),
                    covers: c.tags.clone(),
                    sla_terms: c.sla_terms.clone(),
                })
                .collect(),
            id: key_of(&s.id),
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
