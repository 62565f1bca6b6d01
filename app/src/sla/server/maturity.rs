//! Reads what the maturity self-assessment scores: counts of what is configured and
//! recorded, which services have SLAs and monitoring, and how the KPIs stand this year.

use crate::assets::costs::Period;
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::sla::kpi::Kpi;
use crate::sla::maturity::{assess, Assessment, Readings};
use crate::store::{checked, key_of, Store};
use chrono::{Datelike, NaiveDate, Utc};
use std::collections::HashSet;
use surrealdb::types::RecordId;

const COUNTS: &str = "\
    RETURN [\
      (SELECT count() AS n FROM incident GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM change_request GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM ci GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM rel GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM catalog_item WHERE active GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM article WHERE state = 'Published' GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM problem WHERE state IN ['Known Error', 'Resolved'] GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM change_template GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM improvement GROUP ALL)[0].n ?? 0, \
      (SELECT count() AS n FROM improvement WHERE stage = 'closed' GROUP ALL)[0].n ?? 0\
    ]";

pub async fn assessment(store: &Store, index: &ImpactIndex) -> Result<Assessment, AppError> {
    let mut response = checked(
        store
            .db()
            .query(COUNTS)
            .query("SELECT VALUE service FROM sla")
            .query(
                "array::distinct(array::concat((SELECT VALUE ci FROM health_check), \
                 (SELECT VALUE ci FROM alert WHERE ci != NONE)))",
            )
            .await?,
    )?;
    let counts: Vec<i64> = response.take(0)?;
    let with_sla: Vec<RecordId> = response.take(1)?;
    let watched: Vec<RecordId> = response.take(2)?;
    let n = |i: usize| u64::try_from(counts.get(i).copied().unwrap_or(0)).unwrap_or(0);
    let watched: HashSet<String> = watched.iter().map(key_of).collect();
    let with_sla: HashSet<String> = with_sla.iter().map(key_of).collect();
    let (services, monitored) = index.read(|graph, cis| {
        let services: Vec<&String> = cis
            .values()
            .filter(|c| c.is_service)
            .map(|c| &c.id)
            .collect();
        let monitored = services
            .iter()
            .filter(|id| {
                watched.contains(id.as_str()) || graph.needs(id).ids().any(|n| watched.contains(n))
            })
            .count();
        (
            services
                .iter()
                .map(|s| (*s).clone())
                .collect::<Vec<String>>(),
            monitored,
        )
    });
    let today = Utc::now().date_naive();
    let year = Period {
        from: NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        to: NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).unwrap_or(today),
    };
    let report = super::reports::kpis(store, index, year, Utc::now()).await?;
    let measured: Vec<_> = report
        .figures
        .iter()
        .filter(|f| f.value.is_some())
        .collect();
    let readings = Readings {
        incidents: n(0),
        changes: n(1),
        cis: n(2),
        relations: n(3),
        catalog_items: n(4),
        articles_published: n(5),
        known_errors: n(6),
        change_templates: n(7),
        improvements: n(8),
        improvements_closed: n(9),
        services: services.len() as u64,
        services_with_sla: services.iter().filter(|s| with_sla.contains(*s)).count() as u64,
        services_monitored: monitored as u64,
        kpis: Kpi::ALL.len() as u64,
        kpis_measured: measured.len() as u64,
        kpis_met: measured.iter().filter(|f| f.met() == Some(true)).count() as u64,
    };
    Ok(assess(&readings))
}
