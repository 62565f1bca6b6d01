//! What the report pages show: the KPI figures with their trends, the records behind one
//! figure, availability per service and CI, and the SLAs; and the periods a trend is cut into.

use super::availability::Figures;
use super::kpi::{Kpi, Row};
use super::terms::{Period, Terms};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub label: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiFigure {
    pub kpi: Kpi,
    pub value: Option<f64>,
    pub trend: Vec<TrendPoint>,
}

impl KpiFigure {
    pub fn met(&self) -> Option<bool> {
        self.value.map(|v| self.kpi.target().met(v))
    }

    pub fn shown(&self) -> String {
        self.value
            .map_or_else(|| "No data".to_owned(), |v| self.kpi.show(v))
    }
}

/// The period of a report, and when it was made (for print).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// YYYY-MM-DD; `to` is not included.
    pub from: String,
    pub to: String,
    /// UTC, as people read it.
    pub generated: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    pub span: Span,
    pub figures: Vec<KpiFigure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub span: Span,
    pub figure: KpiFigure,
    pub rows: Vec<Row>,
}

/// One service over the period, against its SLA when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceLine {
    pub key: String,
    pub name: String,
    /// The SLA's availability target, percent.
    pub target: Option<f64>,
    pub figures: Figures,
    /// Incidents resolved in the period that breached the SLA, and the service credit
    /// they cost (percent of the monthly charge).
    pub breaches: u32,
    pub credit: Option<f64>,
    pub trend: Vec<TrendPoint>,
    /// The SLA's own periods (months of a monthly SLA, ...) in the report, and how many
    /// of them missed the target.
    pub periods: u32,
    pub missed: u32,
}

impl ServiceLine {
    /// An SLA is kept when every one of its periods in the report kept the target.
    pub fn met(&self) -> Option<bool> {
        self.target.map(|_| self.missed == 0)
    }
}

/// The SLA periods (calendar months, quarters or years) that overlap `from..to`, cut to it.
pub fn sla_periods(period: Period, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let months = match period {
        Period::Monthly => 1,
        Period::Quarterly => 3,
        Period::Yearly => 12,
    };
    let first_month = (from.month0() / months) * months + 1;
    let Some(mut start) = NaiveDate::from_ymd_opt(from.year(), first_month, 1) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while start < to {
        let Some(next) = start.checked_add_months(chrono::Months::new(months)) else {
            break;
        };
        found.push((start.max(from), next.min(to)));
        start = next;
    }
    found
}

/// One CI that failed in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiLine {
    pub key: String,
    pub name: String,
    pub failures: u32,
    pub down_s: i64,
    pub mttr_s: Option<i64>,
}

/// A CI a supplier's contract covers, as measured over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoveredCi {
    pub key: String,
    pub name: String,
    /// Share of the period without failure, 0 to 1.
    pub availability: f64,
    pub failures: u32,
}

/// A supplier contract's SLA terms against what the CIs it covers did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractLine {
    pub reference: String,
    pub supplier: String,
    pub terms: String,
    /// The availability the terms promise, percent, when they name one.
    pub target: Option<f64>,
    pub cis: Vec<CoveredCi>,
}

impl ContractLine {
    /// Whether the least available covered CI kept the promised availability.
    pub fn met(&self) -> Option<bool> {
        let worst = self.cis.iter().map(|c| c.availability).reduce(f64::min)?;
        self.target.map(|t| 100.0 * worst >= t)
    }
}

/// The first percentage a contract's terms name, such as 99.5 in "99.5% availability".
pub fn promised_percent(terms: &str) -> Option<f64> {
    let at = terms.find('%')?;
    let before = terms[..at].trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + 1);
    before[start..]
        .parse()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityReport {
    pub span: Span,
    pub services: Vec<ServiceLine>,
    pub cis: Vec<CiLine>,
    pub contracts: Vec<ContractLine>,
}

/// An SLA as its page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaView {
    pub service_name: String,
    pub terms: Terms,
    pub version: u64,
}

/// A business service to choose for a new SLA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceChoice {
    pub key: String,
    pub name: String,
}

/// A business service and the hours its SLA counts in, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHours {
    pub key: String,
    pub name: String,
    /// Such as `Mon-Fri 08:00-18:00 (Europe/London)`.
    pub hours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaList {
    pub slas: Vec<SlaView>,
    /// Business services without an SLA.
    pub uncovered: Vec<ServiceChoice>,
}

/// The drill-down CSV's query: which KPI, over which period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillQuery {
    pub kpi: String,
    #[serde(flatten)]
    pub period: crate::assets::costs::PeriodInput,
}

/// The stretches a trend over `from..to` is cut into: months for two months or more,
/// weeks (from Monday) for two weeks or more, days otherwise; at most 24, the latest.
pub fn buckets(from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let days = (to - from).num_days();
    let mut found = Vec::new();
    let mut start = from;
    while start < to {
        let next = if days >= 60 {
            let (y, m) = if start.month() == 12 {
                (start.year() + 1, 1)
            } else {
                (start.year(), start.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
        } else if days >= 14 {
            start.checked_add_signed(Duration::days(
                7 - i64::from(start.weekday().num_days_from_monday()),
            ))
        } else {
            start.succ_opt()
        };
        let Some(next) = next else { break };
        let end = next.min(to);
        let label = if days >= 60 {
            start.format("%b %Y").to_string()
        } else {
            start.format("%-d %b").to_string()
        };
        found.push((label, start, end));
        start = end;
    }
    let skip = found.len().saturating_sub(24);
    found.split_off(skip)
}

/// The KPI table as CSV rows, header first.
pub fn kpi_rows(report: &KpiReport) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "Area".into(),
        "KPI".into(),
        "Target".into(),
        "Actual".into(),
        "Met".into(),
        "From".into(),
        "To".into(),
    ]];
    for figure in &report.figures {
        rows.push(vec![
            figure.kpi.area().label().into(),
            figure.kpi.label().into(),
            figure.kpi.show_target(),
            figure.shown(),
            match figure.met() {
                Some(true) => "Yes".into(),
                Some(false) => "No".into(),
                None => String::new(),
            },
            report.span.from.clone(),
            report.span.to.clone(),
        ]);
    }
    rows
}

fn hours(seconds: i64) -> String {
    format!("{:.2}", seconds as f64 / 3600.0)
}

/// The availability report as CSV rows, header first: services, then failed CIs.
pub fn availability_rows(report: &AvailabilityReport) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "Kind",
        "Name",
        "Availability %",
        "Target %",
        "Met",
        "Unplanned downtime h",
        "Planned downtime h",
        "Failures",
        "MTRS h",
        "MTBF h",
        "SLA breaches",
        "Service credit %",
    ]
    .map(String::from)
    .to_vec()];
    let optional = |value: Option<i64>| value.map(hours).unwrap_or_default();
    for s in &report.services {
        rows.push(vec![
            "Service".into(),
            s.name.clone(),
            format!("{:.3}", 100.0 * s.figures.availability),
            s.target.map(|t| t.to_string()).unwrap_or_default(),
            s.met()
                .map(|m| if m { "Yes" } else { "No" }.to_owned())
                .unwrap_or_default(),
            hours(s.figures.unplanned_s),
            hours(s.figures.planned_s),
            s.figures.failures.to_string(),
            optional(s.figures.mtrs_s),
            optional(s.figures.mtbf_s),
            s.breaches.to_string(),
            s.credit.map(|c| c.to_string()).unwrap_or_default(),
        ]);
    }
    for c in &report.cis {
        let mut row = vec![String::new(); 12];
        row[0] = "CI".into();
        row[1] = c.name.clone();
        row[5] = hours(c.down_s);
        row[7] = c.failures.to_string();
        // A CI's time to repair goes where a service's time to restore does.
        row[8] = optional(c.mttr_s);
        rows.push(row);
    }
    for c in &report.contracts {
        let mut row = vec![String::new(); 12];
        row[0] = "Contract".into();
        row[1] = format!("{} ({})", c.reference, c.supplier);
        if let Some(worst) = c.cis.iter().map(|ci| ci.availability).reduce(f64::min) {
            row[2] = format!("{:.3}", 100.0 * worst);
        }
        row[3] = c.target.map(|t| t.to_string()).unwrap_or_default();
        row[4] = c
            .met()
            .map(|m| if m { "Yes" } else { "No" }.to_owned())
            .unwrap_or_default();
        row[7] = c.cis.iter().map(|ci| ci.failures).sum::<u32>().to_string();
        rows.push(row);
    }
    rows
}

/// The records behind a figure as CSV rows, header first.
pub fn drill_rows(drill: &Drill) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "Record".into(),
        "Title".into(),
        drill.figure.kpi.label().into(),
    ]];
    rows.extend(
        drill
            .rows
            .iter()
            .map(|r| vec![r.label.clone(), r.title.clone(), r.value.clone()]),
    );
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_is_cut_into_months_a_month_into_weeks_a_week_into_days() {
        let months = buckets(date("2026-01-01"), date("2027-01-01"));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].0, "Jan 2026");
        assert_eq!(months[11].2, date("2027-01-01"));
        // December 2026 starts on a Tuesday: a short first week, then Mondays.
        let weeks = buckets(date("2026-12-01"), date("2027-01-01"));
        assert_eq!(
            weeks[0],
            ("1 Dec".into(), date("2026-12-01"), date("2026-12-07"))
        );
        assert_eq!(weeks[1].1, date("2026-12-07"));
        assert_eq!(weeks.last().unwrap().2, date("2027-01-01"));
        assert_eq!(buckets(date("2026-12-01"), date("2026-12-08")).len(), 7);
        // Three years keep the latest 24 months.
        let long = buckets(date("2024-01-01"), date("2027-01-01"));
        assert_eq!(long.len(), 24);
        assert_eq!(long[0].0, "Jan 2025");
    }

    #[test]
    fn an_sla_is_judged_over_its_own_periods() {
        let months = sla_periods(Period::Monthly, date("2026-10-15"), date("2026-12-10"));
        assert_eq!(
            months,
            vec![
                (date("2026-10-15"), date("2026-11-01")),
                (date("2026-11-01"), date("2026-12-01")),
                (date("2026-12-01"), date("2026-12-10")),
            ]
        );
        let quarters = sla_periods(Period::Quarterly, date("2026-01-01"), date("2027-01-01"));
        assert_eq!(quarters.len(), 4);
        assert_eq!(quarters[3], (date("2026-10-01"), date("2027-01-01")));
        assert_eq!(
            sla_periods(Period::Yearly, date("2026-03-01"), date("2026-04-01")),
            vec![(date("2026-03-01"), date("2026-04-01"))]
        );
    }

    #[test]
    fn a_contracts_promised_availability_is_read_from_its_terms() {
        assert_eq!(
            promised_percent("Next business day; 99.5% network availability"),
            Some(99.5)
        );
        assert_eq!(promised_percent("99.95 % uptime"), Some(99.95));
        assert_eq!(promised_percent("4-hour on-site response, 24x7"), None);
        assert_eq!(promised_percent("150% effort"), None);
        let line = ContractLine {
            reference: "AX-1".into(),
            supplier: "Axians".into(),
            terms: "99.5%".into(),
            target: Some(99.5),
            cis: vec![
                CoveredCi {
                    key: "a".into(),
                    name: "A".into(),
                    availability: 1.0,
                    failures: 0,
                },
                CoveredCi {
                    key: "b".into(),
                    name: "B".into(),
                    availability: 0.99,
                    failures: 2,
                },
            ],
        };
        assert_eq!(line.met(), Some(false));
        assert_eq!(
            ContractLine {
                cis: vec![],
                ..line
            }
            .met(),
            None
        );
    }

    #[test]
    fn the_csv_has_a_row_per_kpi_with_target_and_actual() {
        let report = KpiReport {
            span: Span {
                from: "2026-01-01".into(),
                to: "2027-01-01".into(),
                generated: String::new(),
            },
            figures: vec![
                KpiFigure {
                    kpi: Kpi::Mttr,
                    value: Some(3.5),
                    trend: vec![],
                },
                KpiFigure {
                    kpi: Kpi::FirstContact,
                    value: None,
                    trend: vec![],
                },
            ],
        };
        let rows = kpi_rows(&report);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[1],
            [
                "Service level",
                "Mean time to repair (MTTR)",
                "< 4.0 h",
                "3.5 h",
                "Yes",
                "2026-01-01",
                "2027-01-01"
            ]
        );
        assert_eq!(rows[2][3], "No data");
        assert_eq!(rows[2][4], "");
    }
}
