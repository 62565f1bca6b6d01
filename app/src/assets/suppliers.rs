//! Suppliers and their contracts (support, lease, licence, warranty) with the assets they
//! cover, and what expires soon: warranties, ends of life and contracts.

use super::domain::parse_date;
use super::money::{parse_amount, valid_currency};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplierInput {
    pub name: String,
    pub contacts: String,
    /// 1 to 5, or empty.
    pub rating: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSupplier {
    pub name: String,
    pub contacts: String,
    pub rating: Option<u8>,
    pub notes: String,
}

impl SupplierInput {
    pub fn validate(&self) -> Result<ValidSupplier, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add(
                "name",
                "Give the supplier a name of at most 100 characters.",
            );
        }
        let rating = match self.rating.trim() {
            "" => None,
            text => match text.parse::<u8>() {
                Ok(r @ 1..=5) => Some(r),
                _ => {
                    errors.add(
                        "rating",
                        "Rate from 1 (poor) to 5 (excellent), or leave it empty.",
                    );
                    None
                }
            },
        };
        errors.into_result()?;
        Ok(ValidSupplier {
            name,
            contacts: self.contacts.trim().to_owned(),
            rating,
            notes: self.notes.trim().to_owned(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContractKind {
    Support,
    Lease,
    Licence,
    Warranty,
}

impl ContractKind {
    pub const ALL: &'static [ContractKind] = &[
        ContractKind::Support,
        ContractKind::Lease,
        ContractKind::Licence,
        ContractKind::Warranty,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ContractKind::Support => "Support",
            ContractKind::Lease => "Lease",
            ContractKind::Licence => "Licence",
            ContractKind::Warranty => "Warranty",
        }
    }

    pub fn parse(text: &str) -> Option<ContractKind> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.label().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractInput {
    pub supplier: String,
    pub kind: String,
    pub reference: String,
    pub starts_on: String,
    pub ends_on: String,
    pub cost: String,
    pub currency: String,
    /// Asset tags, separated by commas or spaces.
    pub covers: String,
    /// CI names, separated by commas or new lines.
    pub cis: String,
    pub sla_terms: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidContract {
    pub supplier: String,
    pub kind: ContractKind,
    pub reference: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub cost: Option<i64>,
    pub currency: String,
    pub covers: Vec<String>,
    pub cis: Vec<String>,
    pub sla_terms: String,
}

impl ContractInput {
    pub fn validate(&self) -> Result<ValidContract, AppError> {
        let mut errors = FieldErrors::default();
        if self.supplier.trim().is_empty() {
            errors.add("supplier", "Choose the supplier.");
        }
        let kind = ContractKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Choose support, lease, licence or warranty.");
        }
        let reference = self.reference.trim().to_owned();
        if reference.is_empty() || reference.chars().count() > 60 {
            errors.add(
                "reference",
                "Give the contract's reference, e.g. its number.",
            );
        }
        let starts_on = parse_date(&self.starts_on);
        let ends_on = parse_date(&self.ends_on);
        match (starts_on, ends_on) {
            (None, _) => errors.add("starts_on", "Enter when it starts (YYYY-MM-DD)."),
            (_, None) => errors.add("ends_on", "Enter when it ends (YYYY-MM-DD)."),
            (Some(s), Some(e)) if e <= s => {
                errors.add("ends_on", "A contract must end after it starts.")
            }
            _ => {}
        }
        let cost = match self.cost.trim() {
            "" => None,
            text => parse_amount(text)
                .map_err(|e| errors.add("cost", e.message()))
                .ok(),
        };
        let currency = match self.currency.trim() {
            "" => "EUR".to_owned(),
            code => code.to_uppercase(),
        };
        if !valid_currency(&currency) {
            errors.add(
                "currency",
                "Use a three-letter currency code such as EUR or USD.",
            );
        }
        let mut covers: Vec<String> = self
            .covers
            .split([',', ' ', ';'])
            .map(|t| t.trim().to_uppercase())
            .filter(|t| !t.is_empty())
            .collect();
        covers.dedup();
        let mut cis: Vec<String> = Vec::new();
        for name in self.cis.split([',', '\n']).map(str::trim) {
            if !name.is_empty() && !cis.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                cis.push(name.to_owned());
            }
        }
        errors.into_result()?;
        Ok(ValidContract {
            supplier: self.supplier.trim().to_owned(),
            kind: kind.unwrap_or(ContractKind::Support),
            reference,
            starts_on: starts_on.unwrap_or_default(),
            ends_on: ends_on.unwrap_or_default(),
            cost,
            currency,
            covers,
            cis,
            sla_terms: self.sla_terms.trim().to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractView {
    pub id: String,
    pub version: u64,
    pub kind: ContractKind,
    pub reference: String,
    pub starts_on: String,
    pub ends_on: String,
    pub cost: Option<i64>,
    pub currency: String,
    /// Tags of the covered assets.
    pub covers: Vec<String>,
    /// Names of the covered CIs.
    pub cis: Vec<String>,
    pub sla_terms: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierView {
    pub id: String,
    pub name: String,
    pub contacts: String,
    pub rating: Option<u8>,
    pub notes: String,
    pub version: u64,
    pub contracts: Vec<ContractView>,
}

impl SupplierView {
    /// The supplier as its edit form starts.
    pub fn input(&self) -> SupplierInput {
        SupplierInput {
            name: self.name.clone(),
            contacts: self.contacts.clone(),
            rating: self.rating.map(|r| r.to_string()).unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }
}

impl ContractView {
    /// The contract as its edit form starts.
    pub fn input(&self, supplier: &str) -> ContractInput {
        ContractInput {
            supplier: supplier.to_owned(),
            kind: self.kind.label().to_owned(),
            reference: self.reference.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            cost: self
                .cost
                .map(super::money::plain_amount)
                .unwrap_or_default(),
            currency: self.currency.clone(),
            covers: self.covers.join(", "),
            cis: self.cis.join(", "),
            sla_terms: self.sla_terms.clone(),
        }
    }
}

impl ValidSupplier {
    /// The audited fields.
    pub fn fields(&self) -> crate::audit::Fields {
        vec![
            ("name", self.name.clone()),
            ("contacts", self.contacts.clone()),
            (
                "rating",
                self.rating.map(|r| r.to_string()).unwrap_or_default(),
            ),
            ("notes", self.notes.clone()),
        ]
    }
}

impl ValidContract {
    /// The audited fields.
    pub fn fields(&self) -> crate::audit::Fields {
        vec![
            ("kind", self.kind.label().to_owned()),
            ("reference", self.reference.clone()),
            ("starts on", self.starts_on.to_string()),
            ("ends on", self.ends_on.to_string()),
            (
                "cost",
                self.cost
                    .map(super::money::plain_amount)
                    .unwrap_or_default(),
            ),
            ("currency", self.currency.clone()),
            ("covers", self.covers.join(", ")),
            ("covers CIs", self.cis.join(", ")),
            ("SLA terms", self.sla_terms.clone()),
        ]
    }
}

/// A contract as the page of an asset it covers names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    pub supplier: String,
    pub kind: ContractKind,
    pub reference: String,
    pub ends_on: String,
}

/// What runs out: an asset's warranty or end of life, or a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expiring {
    /// "Warranty", "End of life", or the contract's kind and "contract".
    pub what: String,
    pub name: String,
    pub href: String,
    pub on: String,
    pub days_left: i64,
    pub owner: String,
}

/// The report's horizon in days: 30, 60 or 90.
pub fn horizon(days: u32) -> u32 {
    match days {
        60 | 90 => days,
        _ => 30,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_names_its_supplier_kind_and_dates_in_order() {
        let input = ContractInput {
            supplier: "axians".into(),
            kind: "support".into(),
            reference: "AX-2024-17".into(),
            starts_on: "2024-01-01".into(),
            ends_on: "2026-12-31".into(),
            cost: "4,800".into(),
            covers: "a003, A006 a006;a007".into(),
            cis: "Core Switch, core switch\nEdge Router,".into(),
            ..ContractInput::default()
        };
        let contract = input.validate().unwrap();
        assert_eq!(contract.kind, ContractKind::Support);
        assert_eq!(contract.cost, Some(480_000));
        assert_eq!(contract.covers, ["A003", "A006", "A007"]);
        assert_eq!(contract.cis, ["Core Switch", "Edge Router"]);
        let backwards = ContractInput {
            ends_on: "2023-01-01".into(),
            cost: "-1".into(),
            kind: "rental".into(),
            ..input
        };
        let Err(AppError::Validation(e)) = backwards.validate() else {
            panic!("expected field errors");
        };
        assert_eq!(
            e.get("ends_on"),
            Some("A contract must end after it starts.")
        );
        assert_eq!(e.get("cost"), Some("A cost cannot be negative."));
        assert!(e.get("kind").is_some());
    }

    #[test]
    fn suppliers_are_rated_one_to_five() {
        let supplier = |rating: &str| SupplierInput {
            name: "Axians".into(),
            rating: rating.into(),
            ..SupplierInput::default()
        };
        assert_eq!(supplier("4").validate().unwrap().rating, Some(4));
        assert_eq!(supplier("").validate().unwrap().rating, None);
        assert!(supplier("6").validate().is_err());
        assert!(SupplierInput::default().validate().is_err());
    }

    #[test]
    fn the_horizon_is_30_60_or_90_days() {
        assert_eq!(horizon(60), 60);
        assert_eq!(horizon(90), 90);
        assert_eq!(horizon(45), 30);
        assert_eq!(horizon(0), 30);
    }
}
