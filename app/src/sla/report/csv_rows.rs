//! The reports as CSV rows, header first: the KPI table, the availability report and the
//! records behind one figure.

use super::{AvailabilityReport, Drill, KpiReport};

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
    use crate::sla::kpi::Kpi;
    use crate::sla::report::{KpiFigure, Span};

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
