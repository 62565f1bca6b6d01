//! What an import intends to write, before it touches the store: CIs keyed by a stable
//! reconciliation key, and relations between those keys. Every source format (CSV in
//! Trellis' own columns, NetBox exports, ...) is turned into this one shape.

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

/// The whole import, ready to reconcile against the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub cis: Vec<PlannedCi>,
    pub relations: Vec<PlannedRelation>,
    /// Rows read per file, by file name, in the order the files were read.
    pub rows: Vec<(String, usize)>,
    /// Rows deliberately not imported, with the reason (e.g. IP addresses are not CIs).
    pub skipped: Vec<(RowRef, String)>,
}
