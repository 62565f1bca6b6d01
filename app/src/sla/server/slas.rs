//! SLAs as stored: one per business service, keyed like the service, saved with its
//! audit row in one transaction.

use crate::audit::server::{Actor, NewEntry};
use crate::cmdb::server::ImpactIndex;
use crate::error::{AppError, FieldErrors};
use crate::sla::report::{ServiceChoice, ServiceHours, SlaList, SlaView};
use crate::sla::terms::{format_minutes, Period, Terms};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(SurrealValue)]
pub(crate) struct SlaRecord {
    pub(crate) service: RecordId,
    service_name: Option<String>,
    availability: f64,
    period: String,
    response: Vec<Option<i64>>,
    resolution: Vec<Option<i64>>,
    hours: String,
    time_zone: String,
    holidays: Vec<String>,
    risk_percent: i64,
    credit_percent: Option<f64>,
    version: i64,
}

impl SlaRecord {
    pub(crate) fn terms(&self) -> Terms {
        Terms {
            service: key_of(&self.service),
            availability: self.availability,
            period: Period::parse(&self.period).unwrap_or(Period::Monthly),
            response: self.response.clone(),
            resolution: self.resolution.clone(),
            hours: self.hours.clone(),
            time_zone: self.time_zone.clone(),
            holidays: self.holidays.clone(),
            risk_percent: u8::try_from(self.risk_percent).unwrap_or(75),
            credit_percent: self.credit_percent,
        }
    }

    pub(crate) fn name(&self) -> String {
        self.service_name
            .clone()
            .unwrap_or_else(|| key_of(&self.service))
    }
}

const FIELDS: &str = "SELECT service, service.name AS service_name, availability, period, \
     response, resolution, hours, time_zone, holidays, risk_percent, credit_percent, version FROM";

/// Every SLA, by service name.
pub(crate) async fn records(store: &Store) -> Result<Vec<SlaRecord>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " sla ORDER BY service_name"].concat())
            .await?,
    )?;
    Ok(response.take(0)?)
}

/// The SLAs, and the business services that have none.
pub async fn list(store: &Store, index: &ImpactIndex) -> Result<SlaList, AppError> {
    let slas = records(store).await?;
    let uncovered = index
        .services()
        .into_iter()
        .filter(|s| !slas.iter().any(|r| key_of(&r.service) == s.ci.id))
        .map(|s| ServiceChoice {
            key: s.ci.id,
            name: s.ci.name,
        })
        .collect();
    Ok(SlaList {
        slas: slas
            .into_iter()
            .map(|r| SlaView {
                service_name: r.name(),
                terms: r.terms(),
                version: u64::try_from(r.version).unwrap_or(0),
            })
            .collect(),
        uncovered,
    })
}

/// Every business service with the hours of its SLA, for choosing where a catalog item's
/// fulfilment target counts.
pub async fn service_hours(
    store: &Store,
    index: &ImpactIndex,
) -> Result<Vec<ServiceHours>, AppError> {
    let slas = records(store).await?;
    Ok(index
        .services()
        .into_iter()
        .map(|s| ServiceHours {
            hours: slas
                .iter()
                .find(|r| key_of(&r.service) == s.ci.id)
                .map(|r| format!("{} ({})", r.hours, r.time_zone)),
            key: s.ci.id,
            name: s.ci.name,
        })
        .collect())
}

fn audit_fields(t: &Terms) -> crate::audit::Fields {
    let targets = |list: &[Option<i64>]| {
        list.iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|m| format!("P{} {}", i + 1, format_minutes(m))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        (
            "availability",
            format!("{} % {}", t.availability, t.period.label().to_lowercase()),
        ),
        ("response", targets(&t.response)),
        ("resolution", targets(&t.resolution)),
        ("hours", t.hours.clone()),
        ("time zone", t.time_zone.clone()),
        ("holidays", t.holidays.join(", ")),
        ("at risk from", format!("{} %", t.risk_percent)),
        (
            "service credit",
            t.credit_percent
                .map(|c| format!("{c} %"))
                .unwrap_or_default(),
        ),
    ]
}

#[derive(SurrealValue)]
struct SlaContent {
    service: RecordId,
    availability: f64,
    period: String,
    response: Vec<Option<i64>>,
    resolution: Vec<Option<i64>>,
    hours: String,
    time_zone: String,
    holidays: Vec<String>,
    risk_percent: i64,
    credit_percent: Option<f64>,
}

/// Saves the SLA of a business service: a new one (`version` 0) or one still at `version`.
pub async fn save(
    store: &Store,
    index: &ImpactIndex,
    actor: &Actor,
    version: u64,
    terms: &Terms,
) -> Result<(), AppError> {
    if terms.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(FieldErrors::single(
            "time_zone",
            format!(
                "“{}” is not a time zone; use a name such as Europe/Berlin or UTC.",
                terms.time_zone
            ),
        ));
    }
    if !index.services().iter().any(|s| s.ci.id == terms.service) {
        return Err(FieldErrors::single(
            "service",
            "There is no such business service.",
        ));
    }
    let id = RecordId::new("sla", terms.service.as_str());
    let before = records(store)
        .await?
        .into_iter()
        .find(|r| key_of(&r.service) == terms.service);
    let changes = match &before {
        Some(found) => crate::audit::diff(&audit_fields(&found.terms()), &audit_fields(terms)),
        None => crate::audit::created(&audit_fields(terms)),
    };
    let entry = NewEntry::new(
        actor,
        "sla",
        &terms.service,
        if before.is_some() { "update" } else { "create" },
        &changes,
    );
    let result = store
        .db()
        .query("BEGIN")
        .query(
            "IF $version = 0 AND record::exists($id) { THROW 'sla-stale' }; \
             IF $version = 0 { CREATE $id CONTENT $content } \
             ELSE IF $id.version != $version { THROW 'sla-stale' } \
             ELSE { UPDATE $id MERGE object::extend($content, { version: $id.version + 1 }) };",
        )
        .query("CREATE audit CONTENT $entry")
        .query("COMMIT")
        .bind(("id", id))
        .bind(("version", i64::try_from(version).unwrap_or(-1)))
        .bind((
            "content",
            SlaContent {
                service: RecordId::new("ci", terms.service.as_str()),
                availability: terms.availability,
                period: terms.period.key().to_owned(),
                response: terms.response.clone(),
                resolution: terms.resolution.clone(),
                hours: terms.hours.clone(),
                time_zone: terms.time_zone.clone(),
                holidays: terms.holidays.clone(),
                risk_percent: i64::from(terms.risk_percent),
                credit_percent: terms.credit_percent,
            },
        ))
        .bind(("entry", entry))
        .await?;
    match checked(result) {
        Ok(_) => Ok(()),
        Err(error) if error.to_string().contains("sla-stale") => Err(AppError::Conflict(
            "Someone changed this SLA after you opened it, so nothing was saved. The page shows the latest; try again.".into(),
        )),
        Err(error) => Err(error.into()),
    }
}
