//! Supplier SLA monitoring: each contract with SLA terms, against how the CIs it covers
//! (directly, or through the assets it covers) did over the period.

use super::facts::Raw;
use crate::error::AppError;
use crate::sla::report::{promised_percent, ContractLine, CoveredCi};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
struct ContractRow {
    reference: String,
    supplier: Option<String>,
    sla_terms: String,
    covers_cis: Vec<RecordId>,
    asset_cis: Vec<Option<RecordId>>,
}

pub(super) async fn measured(
    store: &Store,
    raw: &Raw,
    from: i64,
    end: i64,
) -> Result<Vec<ContractLine>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT reference, supplier.name AS supplier, sla_terms, covers_cis, \
                 covers.ci AS asset_cis FROM contract WHERE sla_terms != '' ORDER BY reference",
            )
            .await?,
    )?;
    let rows: Vec<ContractRow> = response.take(0)?;
    let span = (end - from).max(1);
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut keys: Vec<String> = row
                .covers_cis
                .iter()
                .chain(row.asset_cis.iter().flatten())
                .map(key_of)
                .collect();
            keys.sort();
            keys.dedup();
            let cis =
                keys.into_iter()
                    .map(|key| {
                        let mine = raw.facts.repairs.iter().filter(|r| {
                            r.ci == key && r.start < end && r.end.is_none_or(|e| e > from)
                        });
                        let (down, failures) = mine.fold((0, 0), |(down, n), r| {
                            (
                                down + r.end.unwrap_or(end).min(end) - r.start.max(from),
                                n + 1,
                            )
                        });
                        CoveredCi {
                            name: raw
                                .ci_names
                                .get(&key)
                                .cloned()
                                .unwrap_or_else(|| key.clone()),
                            availability: (span - down) as f64 / span as f64,
                            failures,
                            key,
                        }
                    })
                    .collect();
            ContractLine {
                target: promised_percent(&row.sla_terms),
                supplier: row.supplier.unwrap_or_default(),
                reference: row.reference,
                terms: row.sla_terms,
                cis,
            }
        })
        .collect())
}
