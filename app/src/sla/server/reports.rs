//! The reports: KPI figures with their trends, the records behind one figure, and
//! availability per service (against its SLA) and per failed CI; each also as CSV.

use super::facts::{read, Raw};
use crate::assets::costs::{Period, PeriodInput};
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::sla::availability::mttr;
use crate::sla::kpi::{behind, measure, Kpi};
use crate::sla::report::{
    availability_rows, buckets, drill_rows, kpi_rows, sla_periods, AvailabilityReport, CiLine,
    Drill, KpiFigure, KpiReport, ServiceLine, Span, TrendPoint,
};
use crate::store::{export_failed, Store};
use chrono::{DateTime, NaiveDate, Utc};

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn span(period: Period, now: DateTime<Utc>) -> Span {
    Span {
        from: period.from.to_string(),
        to: period.to.to_string(),
        generated: now.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

fn figure(kpi: Kpi, raw: &Raw, period: Period, now: i64) -> KpiFigure {
    let (from, to) = (
        midnight(period.from).timestamp(),
        midnight(period.to).timestamp(),
    );
    let trend = buckets(period.from, period.to)
        .into_iter()
        .filter(|(_, start, _)| midnight(*start).timestamp() < now)
        .map(|(label, start, end)| {
            let (a, b) = (midnight(start).timestamp(), midnight(end).timestamp());
            TrendPoint {
                label,
                value: measure(kpi, &raw.facts_for(kpi, a, b.min(now)), a, b, now),
            }
        })
        .collect();
    KpiFigure {
        kpi,
        value: measure(kpi, &raw.facts_for(kpi, from, to.min(now)), from, to, now),
        trend,
    }
}

async fn raw(
    store: &Store,
    index: &ImpactIndex,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Raw, AppError> {
    read(
        store,
        index,
        midnight(period.from),
        midnight(period.to),
        now,
    )
    .await
}

/// Every KPI over the period, with its trend.
pub async fn kpis(
    store: &Store,
    index: &ImpactIndex,
    period: Period,
    now: DateTime<Utc>,
) -> Result<KpiReport, AppError> {
    let raw = raw(store, index, period, now).await?;
    let figures = Kpi::ALL
        .into_iter()
        .map(|kpi| figure(kpi, &raw, period, now.timestamp()))
        .collect();
    Ok(KpiReport {
        span: span(period, now),
        figures,
    })
}

/// Every KPI over this calendar month so far, as wallboards show them.
pub async fn this_month(store: &Store, index: &ImpactIndex) -> Result<KpiReport, AppError> {
    use chrono::Datelike;
    let now = Utc::now();
    let today = now.date_naive();
    let from = today.with_day(1).unwrap_or(today);
    let to = from
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(today);
    kpis(store, index, Period { from, to }, now).await
}

/// One KPI and the records behind it.
pub async fn drill(
    store: &Store,
    index: &ImpactIndex,
    kpi: Kpi,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Drill, AppError> {
    let raw = raw(store, index, period, now).await?;
    let (from, to) = (
        midnight(period.from).timestamp(),
        midnight(period.to).timestamp(),
    );
    let mut rows = behind(
        kpi,
        &raw.facts_for(kpi, from, to.min(now.timestamp())),
        from,
        to,
        now.timestamp(),
    );
    for row in &mut rows {
        if let Some(name) = row
            .href
            .strip_prefix("/cis/")
            .and_then(|k| raw.ci_names.get(k))
        {
            row.label = name.clone();
        }
    }
    Ok(Drill {
        span: span(period, now),
        figure: figure(kpi, &raw, period, now.timestamp()),
        rows,
    })
}

/// Availability per business service against its SLA, and the CIs that failed.
pub async fn availability(
    store: &Store,
    index: &ImpactIndex,
    period: Period,
    now: DateTime<Utc>,
) -> Result<AvailabilityReport, AppError> {
    let raw = raw(store, index, period, now).await?;
    let (from, to) = (
        midnight(period.from).timestamp(),
        midnight(period.to).timestamp(),
    );
    let end = to.min(now.timestamp());
    let windows = buckets(period.from, period.to);
    let services = raw
        .services
        .iter()
        .map(|s| {
            let sla = raw
                .slas
                .iter()
                .find(|r| crate::store::key_of(&r.service) == s.key);
            let breaches = raw
                .facts
                .incidents
                .iter()
                .filter(|i| i.sla_met == Some(false))
                .filter(|i| i.resolved.is_some_and(|r| (from..to).contains(&r)))
                .filter(|i| raw.covered_by.get(&i.number) == Some(&s.key))
                .count() as u32;
            let credit = sla
                .and_then(|r| r.terms().credit_percent)
                .map(|c| (c * f64::from(breaches)).min(100.0));
            let judged: Vec<bool> = sla
                .map(|r| {
                    let terms = r.terms();
                    sla_periods(terms.period, period.from, period.to)
                        .into_iter()
                        .filter(|(start, _)| midnight(*start).timestamp() < end)
                        .map(|(start, stop)| {
                            let (a, b) = (
                                midnight(start).timestamp(),
                                midnight(stop).timestamp().min(end),
                            );
                            100.0 * s.measure(a, b).figures.availability >= terms.availability
                        })
                        .collect()
                })
                .unwrap_or_default();
            ServiceLine {
                key: s.key.clone(),
                name: s.name.clone(),
                target: sla.map(|r| r.terms().availability),
                figures: s.measure(from, end).figures,
                breaches,
                credit,
                periods: judged.len() as u32,
                missed: judged.iter().filter(|kept| !**kept).count() as u32,
                trend: windows
                    .iter()
                    .filter(|(_, start, _)| midnight(*start).timestamp() < end)
                    .map(|(label, start, stop)| TrendPoint {
                        label: label.clone(),
                        value: Some(
                            100.0
                                * s.measure(
                                    midnight(*start).timestamp(),
                                    midnight(*stop).timestamp().min(end),
                                )
                                .figures
                                .availability,
                        ),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut cis: Vec<CiLine> = Vec::new();
    for repair in raw
        .facts
        .repairs
        .iter()
        .filter(|r| r.start < end && r.end.is_none_or(|e| e > from))
    {
        let down = repair.end.unwrap_or(end).min(end) - repair.start.max(from);
        match cis.iter_mut().find(|c| c.key == repair.ci) {
            Some(line) => {
                line.failures += 1;
                line.down_s += down;
            }
            None => cis.push(CiLine {
                key: repair.ci.clone(),
                name: raw
                    .ci_names
                    .get(&repair.ci)
                    .cloned()
                    .unwrap_or_else(|| repair.ci.clone()),
                failures: 1,
                down_s: down,
                mttr_s: None,
            }),
        }
    }
    for line in &mut cis {
        let own: Vec<_> = raw
            .facts
            .repairs
            .iter()
            .filter(|r| r.ci == line.key)
            .cloned()
            .collect();
        line.mttr_s = mttr(&own, from, to);
    }
    cis.sort_by(|a, b| b.down_s.cmp(&a.down_s).then_with(|| a.name.cmp(&b.name)));
    let contracts = super::contracts::measured(store, &raw, from, end).await?;
    Ok(AvailabilityReport {
        span: span(period, now),
        services,
        cis,
        contracts,
    })
}

/// Rows as CSV.
fn csv(rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).map_err(export_failed)?;
    }
    writer.into_inner().map_err(export_failed)
}

/// The period asked for; empty means this calendar year.
pub fn period_of(input: &PeriodInput, now: DateTime<Utc>) -> Result<Period, AppError> {
    input.validate(now.date_naive())
}

pub async fn kpis_csv(
    store: &Store,
    index: &ImpactIndex,
    input: &PeriodInput,
) -> Result<Vec<u8>, AppError> {
    let now = Utc::now();
    let report = kpis(store, index, period_of(input, now)?, now).await?;
    csv(kpi_rows(&report))
}

pub async fn drill_csv(
    store: &Store,
    index: &ImpactIndex,
    kpi: &str,
    input: &PeriodInput,
) -> Result<Vec<u8>, AppError> {
    let now = Utc::now();
    let kpi = Kpi::parse(kpi).ok_or_else(|| AppError::NotFound("This KPI".into()))?;
    let found = drill(store, index, kpi, period_of(input, now)?, now).await?;
    csv(drill_rows(&found))
}

pub async fn availability_csv(
    store: &Store,
    index: &ImpactIndex,
    input: &PeriodInput,
) -> Result<Vec<u8>, AppError> {
    let now = Utc::now();
    let report = availability(store, index, period_of(input, now)?, now).await?;
    csv(availability_rows(&report))
}
