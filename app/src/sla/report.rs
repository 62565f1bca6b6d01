//! What the report pages show: the KPI figures with their trends, the records behind one
//! figure, availability per service and CI, and the SLAs; and the periods a trend is cut into.

use super::availability::Figures;
use super::kpi::{Kpi, Row};
use super::terms::Terms;
use serde::{Deserialize, Serialize};

mod csv_rows;
mod periods;
pub use csv_rows::{availability_rows, drill_rows, kpi_rows};
pub use periods::{buckets, sla_periods};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
