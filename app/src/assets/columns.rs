//! The asset register as CSV: the columns the export writes and an import reads back, so
//! an exported file edited in a spreadsheet imports as updates.

use super::depreciation::Method;
use super::domain::AssetInput;

pub const FILE: &str = "assets.csv";

/// Every column an import reads, by its label, with the form field it fills.
pub const COLUMNS: &[(&str, &str)] = &[
    ("Tag", "tag"),
    ("Name", "name"),
    ("Category", "category"),
    ("State", "state"),
    ("Manufacturer", "manufacturer"),
    ("Model", "model"),
    ("Serial number", "serial"),
    ("Owner", "owner"),
    ("Location", "location"),
    ("Supplier", "supplier"),
    ("Purchase order", "purchase_order"),
    ("Purchase date", "purchase_date"),
    ("Cost", "cost"),
    ("Currency", "currency"),
    ("Depreciation", "method"),
    ("Useful life (months)", "life_months"),
    ("Warranty end", "warranty_end"),
    ("End of life", "eol_date"),
    ("CI", "ci"),
    ("Notes", "notes"),
];

/// Columns the export adds for people to read; an import ignores them.
pub const READ_ONLY: &[&str] = &["Checked out to", "Book value"];

/// The column of a form field, for an error about it.
pub fn column_of(field: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(_, f)| *f == field)
        .map_or(field, |(label, _)| label)
}

fn slot<'a>(input: &'a mut AssetInput, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "tag" => &mut input.tag,
        "name" => &mut input.name,
        "category" => &mut input.category,
        "manufacturer" => &mut input.manufacturer,
        "model" => &mut input.model,
        "serial" => &mut input.serial,
        "owner" => &mut input.owner,
        "location" => &mut input.location,
        "supplier" => &mut input.supplier,
        "purchase_order" => &mut input.purchase_order,
        "purchase_date" => &mut input.purchase_date,
        "cost" => &mut input.cost,
        "currency" => &mut input.currency,
        "method" => &mut input.method,
        "life_months" => &mut input.life_months,
        "warranty_end" => &mut input.warranty_end,
        "eol_date" => &mut input.eol_date,
        "ci" => &mut input.ci,
        "notes" => &mut input.notes,
        _ => return None,
    })
}

impl crate::merge::Mergeable for AssetInput {
    fn labels() -> Vec<(&'static str, &'static str)> {
        COLUMNS
            .iter()
            .filter(|(_, field)| *field != "state")
            .map(|(label, field)| (*field, *label))
            .collect()
    }

    fn field(&self, name: &str) -> String {
        slot(&mut self.clone(), name).cloned().unwrap_or_default()
    }

    fn take_from(&mut self, other: &AssetInput, name: &str) {
        if let Some(value) = slot(&mut other.clone(), name).cloned() {
            if let Some(mine) = slot(self, name) {
                *mine = value;
            }
        }
    }
}

/// A row's form fields and its State cell, from a lookup of cells by column label.
pub fn read_row<'a>(cell: impl Fn(&str) -> &'a str) -> (AssetInput, String) {
    let mut input = AssetInput::default();
    let mut state = String::new();
    for (label, field) in COLUMNS {
        let value = cell(label).to_owned();
        match slot(&mut input, field) {
            Some(slot) => *slot = value,
            None => state = value,
        }
    }
    (input, state)
}

/// The cells of [`COLUMNS`] for an asset, depreciation by its label.
pub fn write_row(input: &AssetInput, state: &str) -> Vec<String> {
    let mut input = input.clone();
    if let Some(method) = Method::from_key(&input.method) {
        input.method = method.label().to_owned();
    }
    COLUMNS
        .iter()
        .map(|(_, field)| match slot(&mut input, field) {
            Some(value) => value.clone(),
            None => state.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_row_reads_back_the_same() {
        let input = AssetInput {
            tag: "A010".into(),
            name: "ThinkPad T14".into(),
            category: "Laptop".into(),
            cost: "1299.99".into(),
            method: "declining_balance".into(),
            purchase_date: "2025-03-01".into(),
            ci: "LT-A010".into(),
            ..AssetInput::default()
        };
        let cells = write_row(&input, "In Use");
        assert_eq!(cells.len(), COLUMNS.len());
        assert_eq!(cells[14], "Declining balance (double)");
        let (read, state) = read_row(|label| {
            let at = COLUMNS.iter().position(|(l, _)| *l == label).unwrap();
            cells[at].as_str()
        });
        assert_eq!(state, "In Use");
        let valid = read.validate().unwrap();
        assert_eq!(
            valid.to_input(),
            AssetInput {
                currency: "EUR".into(),
                life_months: "36".into(),
                ..input
            }
        );
        assert_eq!(column_of("eol_date"), "End of life");
    }

    #[test]
    fn an_edit_that_lost_a_race_merges_field_by_field() {
        use crate::merge::{conflicts, merge};
        let base = AssetInput {
            name: "Server".into(),
            location: "DC1".into(),
            ..AssetInput::default()
        };
        let yours = AssetInput {
            location: "DC2".into(),
            notes: "moved".into(),
            ..base.clone()
        };
        let theirs = AssetInput {
            location: "DC3".into(),
            ..base
        };
        let found = conflicts(&yours, &theirs);
        let fields: Vec<&str> = found.iter().map(|c| c.label).collect();
        assert_eq!(fields, ["Location", "Notes"]);
        let merged = merge(&yours, &theirs, &["location"]);
        assert_eq!(
            (merged.location.as_str(), merged.notes.as_str()),
            ("DC3", "moved")
        );
    }
}
