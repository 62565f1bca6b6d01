//! The asset form as submitted, and its validation.

use crate::assets::depreciation::{Basis, Method};
use crate::assets::money::{parse_amount, plain_amount, valid_currency};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The asset form as submitted; every field is text, as a browser sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetInput {
    pub tag: String,
    pub name: String,
    pub category: String,
    pub manufacturer: String,
    pub model: String,
    pub serial: String,
    pub owner: String,
    pub location: String,
    pub supplier: String,
    pub purchase_order: String,
    pub purchase_date: String,
    pub cost: String,
    pub currency: String,
    pub method: String,
    pub life_months: String,
    pub warranty_end: String,
    pub eol_date: String,
    pub ci: String,
    pub notes: String,
}

/// An asset's fields after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAsset {
    /// Empty: the next free tag is given.
    pub tag: String,
    pub name: String,
    pub category: String,
    pub manufacturer: String,
    pub model: String,
    pub serial: String,
    pub owner: Option<String>,
    pub location: String,
    pub supplier: String,
    pub purchase_order: String,
    pub purchase_date: Option<NaiveDate>,
    pub cost: Option<i64>,
    pub currency: String,
    pub method: Method,
    pub life_months: u32,
    pub warranty_end: Option<NaiveDate>,
    pub eol_date: Option<NaiveDate>,
    /// The linked CI by name; the store finds it.
    pub ci: Option<String>,
    pub notes: String,
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl AssetInput {
    pub fn validate(&self) -> Result<ValidAsset, AppError> {
        let mut errors = FieldErrors::default();
        let mut date = |field: &str, text: &str, what: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = parse_date(text);
            if parsed.is_none() {
                errors.add(field, format!("Enter the {what} as a date (YYYY-MM-DD)."));
            }
            parsed
        };
        let purchase_date = date("purchase_date", &self.purchase_date, "purchase date");
        let warranty_end = date("warranty_end", &self.warranty_end, "warranty end");
        let eol_date = date("eol_date", &self.eol_date, "end-of-life date");
        if let (Some(bought), Some(end)) = (purchase_date, warranty_end) {
            if end < bought {
                errors.add(
                    "warranty_end",
                    "The warranty cannot end before the purchase date.",
                );
            }
        }
        if let (Some(bought), Some(end)) = (purchase_date, eol_date) {
            if end < bought {
                errors.add(
                    "eol_date",
                    "The end of life cannot come before the purchase date.",
                );
            }
        }
        let tag = self.tag.trim().to_uppercase();
        let tag_ok =
            tag.chars().count() <= 20 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !tag_ok {
            errors.add(
                "tag",
                "Use up to 20 letters, digits and dashes, or leave it empty for the next free tag.",
            );
        }
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", "Give the asset a name of at most 100 characters.");
        }
        let category = self.category.trim().to_owned();
        if category.is_empty() || category.chars().count() > 60 {
            errors.add("category", "Choose a category, e.g. Laptop or Server.");
        }
        let cost = match self.cost.trim() {
            "" => None,
            text => match parse_amount(text) {
                Ok(minor) => Some(minor),
                Err(e) => {
                    errors.add("cost", e.message());
                    None
                }
            },
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
        let method = match self.method.trim() {
            "" => Method::StraightLine,
            text => Method::parse(text).unwrap_or_else(|| {
                errors.add("method", "Choose straight line or declining balance.");
                Method::StraightLine
            }),
        };
        let life_months = match self.life_months.trim() {
            "" => 36,
            text => match text.parse::<u32>() {
                Ok(months) if (1..=600).contains(&months) => months,
                _ => {
                    errors.add(
                        "life_months",
                        "Enter the useful life in months, from 1 to 600.",
                    );
                    0
                }
            },
        };
        let notes = self.notes.trim().to_owned();
        if notes.chars().count() > 4000 {
            errors.add("notes", "Keep notes under 4,000 characters.");
        }
        errors.into_result()?;
        Ok(ValidAsset {
            tag,
            name,
            category,
            manufacturer: self.manufacturer.trim().to_owned(),
            model: self.model.trim().to_owned(),
            serial: self.serial.trim().to_owned(),
            owner: optional(&self.owner),
            location: self.location.trim().to_owned(),
            supplier: self.supplier.trim().to_owned(),
            purchase_order: self.purchase_order.trim().to_owned(),
            purchase_date,
            cost,
            currency,
            method,
            life_months,
            warranty_end,
            eol_date,
            ci: optional(&self.ci),
            notes,
        })
    }
}

impl ValidAsset {
    /// The fields as canonical text: what the edit form shows and the audit compares.
    pub fn to_input(&self) -> AssetInput {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        AssetInput {
            tag: self.tag.clone(),
            name: self.name.clone(),
            category: self.category.clone(),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
            serial: self.serial.clone(),
            owner: self.owner.clone().unwrap_or_default(),
            location: self.location.clone(),
            supplier: self.supplier.clone(),
            purchase_order: self.purchase_order.clone(),
            purchase_date: date(self.purchase_date),
            cost: self.cost.map(plain_amount).unwrap_or_default(),
            currency: self.currency.clone(),
            method: self.method.key().to_owned(),
            life_months: self.life_months.to_string(),
            warranty_end: date(self.warranty_end),
            eol_date: date(self.eol_date),
            ci: self.ci.clone().unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }
}

impl AssetInput {
    /// What depreciation needs, when the asset has a cost and a purchase date.
    pub fn basis(&self) -> Option<Basis> {
        Some(Basis {
            cost: parse_amount(&self.cost).ok()?,
            purchased: parse_date(&self.purchase_date)?,
            life_months: self.life_months.parse().ok()?,
            method: Method::from_key(&self.method)?,
        })
    }

    /// The audited fields, by the labels the history shows.
    pub fn audit_fields(&self) -> crate::audit::Fields {
        vec![
            ("tag", self.tag.clone()),
            ("name", self.name.clone()),
            ("category", self.category.clone()),
            ("manufacturer", self.manufacturer.clone()),
            ("model", self.model.clone()),
            ("serial number", self.serial.clone()),
            ("owner", self.owner.clone()),
            ("location", self.location.clone()),
            ("supplier", self.supplier.clone()),
            ("purchase order", self.purchase_order.clone()),
            ("purchase date", self.purchase_date.clone()),
            ("cost", self.cost.clone()),
            ("currency", self.currency.clone()),
            ("depreciation", self.method.clone()),
            ("useful life (months)", self.life_months.clone()),
            ("warranty end", self.warranty_end.clone()),
            ("end of life", self.eol_date.clone()),
            ("CI", self.ci.clone()),
            ("notes", self.notes.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laptop() -> AssetInput {
        AssetInput {
            name: "ThinkPad T14".into(),
            category: "Laptop".into(),
            purchase_date: "2025-03-01".into(),
            cost: "1,299.99".into(),
            currency: "eur".into(),
            method: "declining_balance".into(),
            life_months: "36".into(),
            warranty_end: "2028-03-01".into(),
            ..AssetInput::default()
        }
    }

    fn errors(input: AssetInput) -> FieldErrors {
        match input.validate() {
            Err(AppError::Validation(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_asset_is_read_into_typed_fields() {
        let asset = laptop().validate().unwrap();
        assert_eq!(asset.cost, Some(129_999));
        assert_eq!(asset.currency, "EUR");
        assert_eq!(asset.method, Method::DecliningBalance);
        assert_eq!(asset.purchase_date, parse_date("2025-03-01"));
        assert_eq!(asset.tag, "");
    }

    #[test]
    fn bad_input_names_the_field() {
        let e = errors(AssetInput {
            cost: "-10".into(),
            warranty_end: "2024-01-01".into(),
            eol_date: "2020-01-01".into(),
            life_months: "0".into(),
            name: " ".into(),
            ..laptop()
        });
        assert_eq!(e.get("cost"), Some("A cost cannot be negative."));
        assert!(e
            .get("warranty_end")
            .unwrap()
            .contains("before the purchase date"));
        assert!(e.get("eol_date").is_some());
        assert!(e.get("life_months").is_some());
        assert!(e.get("name").is_some());
        let e = errors(AssetInput {
            tag: "A 1".into(),
            ..laptop()
        });
        assert!(e.get("tag").is_some());
        // An ordered asset has its price before its purchase date; it depreciates once bought.
        let ordered = AssetInput {
            purchase_date: String::new(),
            warranty_end: String::new(),
            ..laptop()
        };
        assert_eq!(ordered.validate().unwrap().cost, Some(129_999));
        assert_eq!(ordered.basis(), None);
    }
}
