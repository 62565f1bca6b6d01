//! Server-only: a supplier's contracts, and the assets and CIs they cover.

use super::{
    refused, refused_stale, stored, stored_version, supplier_id, ContractRecord, CONTRACT_FIELDS,
};
use crate::assets::suppliers::ValidContract;
use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::store::{checked, key_of, Store};
use surrealdb::types::RecordId;

/// The covered CIs' names as the CMDB keys them.
fn names(contract: &ValidContract) -> Vec<String> {
    contract.cis.iter().map(|n| n.to_lowercase()).collect()
}

fn contract_id(key: &str) -> RecordId {
    RecordId::new("contract", key)
}

/// Adds a contract to a supplier (no `key`) or saves one if nobody saved it since
/// `version`. It covers assets named by tag and CIs named by name; an unknown one is
/// refused.
pub async fn save_contract(
    store: &Store,
    actor: &Actor,
    key: Option<&str>,
    version: u64,
    contract: &ValidContract,
) -> Result<String, AppError> {
    let supplier = supplier_id(&contract.supplier);
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM ONLY $supplier")
            .query("SELECT VALUE tag FROM asset WHERE tag IN $tags")
            .query("SELECT VALUE name_key FROM ci WHERE name_key IN $names")
            .bind(("supplier", supplier.clone()))
            .bind(("tags", contract.covers.clone()))
            .bind(("names", names(contract)))
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
    let found: Vec<String> = response.take(2)?;
    let unknown: Vec<&str> = contract
        .cis
        .iter()
        .filter(|name| !found.contains(&name.to_lowercase()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(FieldErrors::single(
            "cis",
            format!("No CI is called {}.", unknown.join(", ")),
        ));
    }
    let (key, action, changes) = match key {
        None => {
            let key = uuid::Uuid::new_v4().simple().to_string();
            (
                key,
                "create",
                crate::audit::diff(&Vec::new(), &contract.fields()),
            )
        }
        Some(key) => {
            let before: ContractRecord =
                stored_version(store, &contract_id(key), CONTRACT_FIELDS, "contract").await?;
            if before.version != i64::try_from(version).unwrap_or(-1) {
                return Err(refused_stale("contract"));
            }
            let old = before.view().input(&key_of(&before.supplier)).validate()?;
            let changes = crate::audit::diff(&old.fields(), &contract.fields());
            if changes.is_empty() && before.supplier == supplier {
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
                "LET $data = { supplier: $supplier, kind: $kind, reference: $reference, \
                   starts_on: $starts_on, ends_on: $ends_on, cost: $cost, currency: $currency, \
                   covers: (SELECT VALUE id FROM asset WHERE tag IN $tags), \
                   covers_cis: (SELECT VALUE id FROM ci WHERE name_key IN $names), sla_terms: $sla_terms }; \
                 IF record::exists($id) { \
                   LET $done = (UPDATE $id MERGE $data WHERE version = $version RETURN VALUE id); \
                   IF array::len($done) = 0 { THROW 'supplier-stale' }; \
                   UPDATE $id SET version += 1; \
                 } ELSE { \
                   CREATE $id CONTENT $data; \
                 };",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", contract_id(&key)))
            .bind(("version", version))
            .bind(("supplier", supplier))
            .bind(("kind", contract.kind.label().to_owned()))
            .bind(("reference", contract.reference.clone()))
            .bind(("starts_on", stored(contract.starts_on)))
            .bind(("ends_on", stored(contract.ends_on)))
            .bind(("cost", contract.cost))
            .bind(("currency", contract.currency.clone()))
            .bind(("tags", contract.covers.clone()))
            .bind(("names", names(contract)))
            .bind(("sla_terms", contract.sla_terms.clone()))
            .bind(("entry", NewEntry::new(actor, "contract", &key, action, &changes)))
            .await?,
    )
    .map_err(|e| refused(e, "contract", ""))?;
    Ok(key)
}
