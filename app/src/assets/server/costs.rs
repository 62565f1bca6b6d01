//! Server-only: the cost report, from the assets on the books and the services the
//! in-memory graph says rest on their CIs.

use crate::assets::costs::{report, CostReport, Holding, Period};
use crate::assets::depreciation::{Basis, Method};
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use std::collections::HashMap;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct CostRecord {
    owner: Option<String>,
    category: String,
    currency: String,
    cost: i64,
    method: String,
    life_months: i64,
    purchase_date: Option<Datetime>,
    ci: Option<RecordId>,
}

impl CostRecord {
    fn holding(&self) -> Holding {
        let basis = self.purchase_date.as_ref().map(|bought| Basis {
            cost: self.cost,
            purchased: bought.date_naive(),
            life_months: u32::try_from(self.life_months).unwrap_or(1),
            method: Method::from_key(&self.method).unwrap_or(Method::StraightLine),
        });
        Holding {
            owner: self.owner.clone().unwrap_or_default(),
            category: self.category.clone(),
            currency: self.currency.clone(),
            cost: self.cost,
            basis,
        }
    }
}

/// Totals of every asset with a cost on the books: received, and not disposed.
pub async fn costs(
    store: &Store,
    index: &ImpactIndex,
    period: Period,
) -> Result<CostReport, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT owner, category, currency, cost, method, life_months, purchase_date, ci \
                 FROM asset WHERE state NOT IN ['Ordered', 'Disposed'] AND cost != NONE",
            )
            .await?,
    )?;
    let found: Vec<CostRecord> = response.take(0)?;
    let mut held_by_ci: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, record) in found.iter().enumerate() {
        if let Some(ci) = &record.ci {
            held_by_ci.entry(key_of(ci)).or_default().push(i);
        }
    }
    let services = index.read(|graph, cis| {
        let services: Vec<(&str, &str)> = cis
            .values()
            .filter(|ci| ci.is_service)
            .map(|ci| (ci.id.as_str(), ci.name.as_str()))
            .collect();
        let roots: Vec<&str> = services.iter().map(|(id, _)| *id).collect();
        let needed = graph.needed_among(&roots, |id| held_by_ci.contains_key(id));
        services
            .iter()
            .zip(needed)
            .map(|((_, name), cis)| {
                let held = cis
                    .iter()
                    .flat_map(|ci| held_by_ci[*ci].iter().copied())
                    .collect();
                ((*name).to_owned(), held)
            })
            .collect::<Vec<(String, Vec<usize>)>>()
    });
    let holdings: Vec<Holding> = found.iter().map(CostRecord::holding).collect();
    Ok(report(&holdings, &services, period))
}
