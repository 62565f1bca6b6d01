//! Asset costs for a period: totals by owner and category, and showback by business
//! service through asset → CI → service. An asset several services rest on is shared
//! evenly among them, so the service totals add up to the asset totals.

use super::depreciation::Basis;
use super::domain::parse_date;
use crate::error::{AppError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One asset on the books, as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub owner: String,
    pub category: String,
    pub currency: String,
    pub cost: i64,
    pub basis: Option<Basis>,
}

/// The period as the form gives it; empty means this calendar year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeriodInput {
    pub from: String,
    pub to: String,
}

/// From the start of `from` to the start of `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl PeriodInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Period, AppError> {
        let year_start = |year| NaiveDate::from_ymd_opt(year, 1, 1);
        let mut errors = FieldErrors::default();
        let mut day = |field: &str, text: &str, default| match text.trim() {
            "" => default,
            text => {
                let parsed = parse_date(text);
                if parsed.is_none() {
                    errors.add(field, "Enter a date as YYYY-MM-DD.");
                }
                parsed
            }
        };
        let from = day("from", &self.from, year_start(today.year()));
        let to = day("to", &self.to, year_start(today.year() + 1));
        if let (Some(from), Some(to)) = (from, to) {
            if to <= from {
                errors.add("to", "The period must end after it starts.");
            }
        }
        errors.into_result()?;
        match (from, to) {
            (Some(from), Some(to)) => Ok(Period { from, to }),
            _ => Err(FieldErrors::single("from", "Enter a date as YYYY-MM-DD.")),
        }
    }
}

/// Totals for one owner, category or service, in one currency (cents).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub name: String,
    pub currency: String,
    /// Assets counted in; a shared asset counts for each service it serves.
    pub assets: u32,
    pub cost: i64,
    /// Depreciation in the period: what using the assets cost.
    pub expense: i64,
    /// Book value at the end of the period.
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostReport {
    pub from: String,
    pub to: String,
    /// Most expensive first.
    pub by_service: Vec<CostLine>,
    pub by_owner: Vec<CostLine>,
    pub by_category: Vec<CostLine>,
}

/// `amount` split into `parts` shares that differ by at most a cent and add up to it.
pub fn share(amount: i64, parts: usize) -> Vec<i64> {
    let n = i64::try_from(parts.max(1)).unwrap_or(i64::MAX);
    let (base, rest) = (amount.div_euclid(n), amount.rem_euclid(n));
    (0..n).map(|i| base + i64::from(i < rest)).collect()
}

/// Cost, depreciation in the period and value at its end of one holding.
fn amounts(holding: &Holding, period: Period) -> [i64; 3] {
    match &holding.basis {
        Some(basis) => {
            let (start, end) = (basis.value_on(period.from), basis.value_on(period.to));
            [holding.cost, (start - end).max(0), end]
        }
        None => [holding.cost, 0, holding.cost],
    }
}

type Lines = BTreeMap<(String, String), CostLine>;

fn add(lines: &mut Lines, name: &str, currency: &str, [cost, expense, value]: [i64; 3]) {
    let line = lines
        .entry((name.to_owned(), currency.to_owned()))
        .or_insert_with(|| CostLine {
            name: name.to_owned(),
            currency: currency.to_owned(),
            ..CostLine::default()
        });
    line.assets += 1;
    line.cost += cost;
    line.expense += expense;
    line.value += value;
}

/// The report for `period`. `services` names each business service with the indices of
/// the holdings whose CI it rests on, transitively.
pub fn report(
    holdings: &[Holding],
    services: &[(String, Vec<usize>)],
    period: Period,
) -> CostReport {
    let (mut owners, mut categories, mut by_service) = (Lines::new(), Lines::new(), Lines::new());
    let mut served_by: Vec<Vec<&str>> = vec![Vec::new(); holdings.len()];
    let mut services: Vec<&(String, Vec<usize>)> = services.iter().collect();
    services.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, held) in &services {
        for &i in held {
            if let Some(list) = served_by.get_mut(i) {
                list.push(name);
            }
        }
    }
    for (holding, served) in holdings.iter().zip(&served_by) {
        let whole = amounts(holding, period);
        let owner = if holding.owner.is_empty() {
            "No owner"
        } else {
            &holding.owner
        };
        add(&mut owners, owner, &holding.currency, whole);
        add(&mut categories, &holding.category, &holding.currency, whole);
        let parts = whole.map(|amount| share(amount, served.len()));
        for (k, service) in served.iter().enumerate() {
            let mine = [parts[0][k], parts[1][k], parts[2][k]];
            add(&mut by_service, service, &holding.currency, mine);
        }
    }
    let mut by_service: Vec<CostLine> = by_service.into_values().collect();
    by_service.sort_by(|a, b| b.expense.cmp(&a.expense).then_with(|| a.name.cmp(&b.name)));
    CostReport {
        from: period.from.to_string(),
        to: period.to.to_string(),
        by_service,
        by_owner: owners.into_values().collect(),
        by_category: categories.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::depreciation::Method;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn server(owner: &str, cost: i64) -> Holding {
        Holding {
            owner: owner.into(),
            category: "Server".into(),
            currency: "EUR".into(),
            cost,
            basis: Some(Basis {
                cost,
                purchased: date("2024-01-01"),
                life_months: 60,
                method: Method::DecliningBalance,
            }),
        }
    }

    #[test]
    fn shares_add_up_to_the_amount() {
        assert_eq!(share(100, 3), [34, 33, 33]);
        assert_eq!(share(99, 3), [33, 33, 33]);
        assert_eq!(share(5, 1), [5]);
        assert_eq!(share(7, 0), [7]);
        assert_eq!(share(-5, 2), [-2, -3]);
    }

    #[test]
    fn a_shared_server_is_split_among_the_services_that_rest_on_it() {
        // 1,000.00 in 2026, the third year of five, declining balance: 360.00 at the start
        // of the year, 216.00 at its end, so 144.00 of depreciation.
        let holdings = [server("Infrastructure", 100_000), server("Network", 50_000)];
        let services = [
            ("Website Hosting".to_owned(), vec![0, 1]),
            ("Internal Application".to_owned(), vec![0]),
        ];
        let period = Period {
            from: date("2026-01-01"),
            to: date("2027-01-01"),
        };
        let r = report(&holdings, &services, period);
        let line = |lines: &[CostLine], name: &str| {
            lines.iter().find(|l| l.name == name).cloned().unwrap()
        };
        let owner = line(&r.by_owner, "Infrastructure");
        assert_eq!(
            (owner.cost, owner.expense, owner.value),
            (100_000, 14_400, 21_600)
        );
        let category = line(&r.by_category, "Server");
        assert_eq!((category.assets, category.expense), (2, 21_600));
        // Website Hosting: half of the first (72.00) and all of the second (72.00).
        let web = line(&r.by_service, "Website Hosting");
        assert_eq!((web.assets, web.cost, web.expense), (2, 100_000, 14_400));
        let internal = line(&r.by_service, "Internal Application");
        assert_eq!(
            (internal.cost, internal.expense, internal.value),
            (50_000, 7_200, 10_800)
        );
        // The services add up to the assets they share.
        let total: i64 = r.by_service.iter().map(|l| l.expense).sum();
        assert_eq!(total, category.expense);
        assert_eq!(r.by_service[0].name, "Website Hosting");
    }

    #[test]
    fn the_period_defaults_to_this_year_and_must_move_forward() {
        let today = date("2026-11-30");
        let period = PeriodInput::default().validate(today).unwrap();
        assert_eq!(
            (period.from, period.to),
            (date("2026-01-01"), date("2027-01-01"))
        );
        let backwards = PeriodInput {
            from: "2026-06-01".into(),
            to: "2026-01-01".into(),
        };
        assert!(
            matches!(backwards.validate(today), Err(AppError::Validation(e)) if e.get("to").is_some())
        );
        let garbled = PeriodInput {
            from: "June".into(),
            to: String::new(),
        };
        assert!(
            matches!(garbled.validate(today), Err(AppError::Validation(e)) if e.get("from").is_some())
        );
    }
}
