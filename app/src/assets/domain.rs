//! Assets as the pages show them, the form as submitted, and its validation.

mod form;

pub use form::{parse_date, AssetInput, ValidAsset};

use super::depreciation::Basis;
use super::lifecycle::AssetState;
use serde::{Deserialize, Serialize};

/// Categories offered in the form; any other is accepted too.
pub const CATEGORIES: &[&str] = &[
    "Laptop",
    "Desktop",
    "Monitor",
    "Phone",
    "Server",
    "Router",
    "Switch",
    "Firewall Appliance",
    "Storage Array",
    "PDU",
    "Software Licence",
];

/// One row of the asset list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRow {
    pub id: String,
    pub tag: String,
    pub name: String,
    pub category: String,
    pub state: AssetState,
    pub owner: Option<String>,
    pub assigned_to: Option<String>,
    pub currency: String,
    pub cost: Option<i64>,
    /// Today's book value, where there is a cost to depreciate.
    pub book_value: Option<i64>,
    pub warranty_end: Option<String>,
}

/// One entry of an asset's lifecycle timeline: a move or a check-out or check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetEvent {
    pub at: String,
    pub by: String,
    /// "Deploy", "Checked out", ...
    pub what: String,
    pub from: Option<AssetState>,
    pub to: Option<AssetState>,
    pub person: Option<String>,
    pub note: String,
}

/// The person an asset is checked out to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub id: String,
    pub name: String,
}

/// An asset with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub id: String,
    pub fields: AssetInput,
    pub state: AssetState,
    pub assigned_to: Option<Holder>,
    /// The linked CI's key and status, if it is linked.
    pub ci_key: Option<String>,
    pub ci_status: Option<String>,
    pub version: u64,
    pub events: Vec<AssetEvent>,
    /// The server's date when it answered (UTC), so server and browser agree on "today".
    pub today: String,
    /// The fiscal year this installation keeps.
    pub fiscal_year: super::fiscal::FiscalYear,
    /// The contracts covering it, latest ending first.
    pub contracts: Vec<super::suppliers::Cover>,
}

impl Asset {
    pub fn basis(&self) -> Option<Basis> {
        self.fields.basis()
    }
}
