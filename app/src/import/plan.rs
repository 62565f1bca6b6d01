//! What an import intends to write, before it touches the store: CIs keyed by a stable
//! reconciliation key, relations between those keys, and assets keyed by their tag. Every
//! source format (CSV in Trellis' own columns, NetBox exports, ...) is turned into this
//! one shape.

use crate::assets::domain::AssetInput;
use crate::assets::tags::TagPattern;
use serde::{Deserialize, Serialize};

/// One input file: its file name (e.g. "devices.csv") and its UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Where a planned record came from: a file and a 1-based line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    pub file: String,
    pub line: usize,
}

/// A problem with one row (or one cell) of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub at: RowRef,
    /// The column, by its header label, when one cell is at fault.
    pub column: Option<String>,
    pub message: String,
}

impl RowError {
    /// A problem at `line` of `file`, in `column` when one cell is at fault.
    pub fn new(file: &str, line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        RowError {
            at: RowRef {
                file: file.to_owned(),
                line,
            },
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// One CI to create or update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedCi {
    /// Stable across re-imports of the same source, e.g. `netbox:device:74` or
    /// `netbox:rack:DM-Akron/Comms closet`. Re-importing updates the CI with this key.
    pub key: String,
    /// Unique among all planned CIs, case-insensitively (CI names are unique in Trellis).
    pub name: String,
    /// A `ci_class` record key: `server`, `rack`, `virtual_machine`, ...
    pub class: String,
    /// A CI status label: Planned, Active, Maintenance, Degraded or Retired.
    pub status: String,
    /// Production, Staging, Test or Development.
    pub environment: String,
    /// 1 (most critical) to 5.
    pub criticality: u8,
    pub owner: Option<String>,
    pub description: String,
    pub tags: Vec<String>,
    /// Class-specific attributes as label and text value, e.g. ("Manufacturer", "Cisco").
    pub attributes: Vec<(String, String)>,
    pub at: RowRef,
}

/// One relation between two planned (or already stored) CIs, by reconciliation key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRelation {
    pub source: String,
    /// A `relation_type` record key: `depends_on`, `located_in`, `hosted_on`, ...
    pub kind: String,
    pub target: String,
    pub at: RowRef,
}

/// One asset to create or update: matched by its tag, or given the next free tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedAsset {
    /// The fields as the asset form takes them; validated by the same rules.
    pub input: AssetInput,
    /// A lifecycle state label; empty for In Stock, or to leave it as it is.
    pub state: String,
    pub at: RowRef,
}

/// The whole import, ready to reconcile against the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub cis: Vec<PlannedCi>,
    pub relations: Vec<PlannedRelation>,
    pub assets: Vec<PlannedAsset>,
    /// How assets without a tag are numbered.
    pub asset_tags: TagPattern,
    /// Rows read per file, by file name, in the order the files were read.
    pub rows: Vec<(String, usize)>,
    /// Rows deliberately not imported, with the reason (e.g. IP addresses are not CIs).
    pub skipped: Vec<(RowRef, String)>,
}

impl Plan {
    /// What a person needs to be allowed to do to import this.
    pub fn needs(&self) -> Vec<crate::auth::Action> {
        let mut needs = Vec::new();
        if !self.cis.is_empty() || !self.relations.is_empty() {
            needs.push(crate::auth::Action::CmdbWrite);
        }
        if !self.assets.is_empty() {
            needs.push(crate::auth::Action::AssetWrite);
        }
        needs
    }
}
