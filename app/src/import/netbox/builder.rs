//! The plan under construction: CI drafts, relations, skipped rows, lookups and errors.

use super::lookup::{Lookup, Source};
use super::table::{Row, Table};
use super::{names, vocab};
use crate::cmdb::Environment;
use crate::import::plan::{Plan, PlannedCi, PlannedRelation, RowError, RowRef};
use std::collections::{HashMap, HashSet};

/// A planned CI whose name (NetBox's, or a label for an unnamed device) may still clash.
pub(super) struct Draft {
    pub ci: PlannedCi,
    /// Repeated names are told apart within a group (the file they come from).
    pub group: &'static str,
    pub netbox_name: String,
    /// What tells repeated names apart: the site, cluster or provider.
    pub qualifier: String,
    pub name_column: &'static str,
}

pub(super) struct Builder {
    pub errors: Vec<RowError>,
    pub drafts: Vec<Draft>,
    pub relations: Vec<PlannedRelation>,
    pub skipped: Vec<(RowRef, String)>,
    pub sites: Lookup,
    pub racks: Lookup,
    pub clusters: Lookup,
    pub devices: Lookup,
    pub circuits: Lookup,
    /// Known tenant names, when tenants.csv was given.
    pub tenants: Option<HashSet<String>>,
    lines: HashMap<String, usize>,
}

impl Builder {
    pub fn new(errors: Vec<RowError>) -> Self {
        Builder {
            errors,
            drafts: Vec::new(),
            relations: Vec::new(),
            skipped: Vec::new(),
            sites: Lookup::new("site", "sites.csv"),
            racks: Lookup::new("rack", "racks.csv"),
            clusters: Lookup::new("cluster", "clusters.csv"),
            devices: Lookup::new("device", "devices.csv"),
            circuits: Lookup::new("circuit", "circuits.csv"),
            tenants: None,
            lines: HashMap::new(),
        }
    }

    /// A CI of `class` with the row's status, tenant and description; key and name unset.
    pub fn base(&mut self, row: &Row, class: &str, criticality: u8) -> PlannedCi {
        PlannedCi {
            key: String::new(),
            name: String::new(),
            class: class.to_string(),
            status: self.status(row),
            environment: Environment::Production.label().to_string(),
            criticality,
            owner: self.owner(row),
            description: row.get("Description").to_string(),
            tags: Vec::new(),
            attributes: Vec::new(),
            at: row.at(),
        }
    }

    fn status(&mut self, row: &Row) -> String {
        let label = self.need(row, "Status").unwrap_or_default();
        match vocab::status(label) {
            Some(status) => status.label().to_string(),
            None if label.is_empty() => String::new(),
            None => {
                let message = format!("unknown status {label}");
                self.errors.push(row.error("Status", message));
                String::new()
            }
        }
    }

    fn owner(&mut self, row: &Row) -> Option<String> {
        let tenant = row.get("Tenant");
        let known = tenant.is_empty()
            || self
                .tenants
                .as_ref()
                .is_none_or(|names| names.contains(tenant));
        if !known {
            let message = format!("unknown tenant {tenant}");
            self.errors.push(row.error("Tenant", message));
        }
        (!tenant.is_empty()).then(|| tenant.to_string())
    }

    /// The cell in `column`, or an error when it is empty.
    pub fn need<'r>(&mut self, row: &'r Row, column: &str) -> Option<&'r str> {
        let value = row.get(column);
        if value.is_empty() {
            self.errors
                .push(row.error(column, format!("{column} is empty")));
            return None;
        }
        Some(value)
    }

    /// Adds a draft unless its key is taken; says whether it was added.
    pub fn register(&mut self, draft: Draft) -> bool {
        let at = &draft.ci.at;
        if let Some(first) = self.lines.get(&draft.ci.key) {
            let message = format!("duplicate of line {first} (both are {})", draft.ci.key);
            let column = Some(draft.name_column);
            self.errors
                .push(RowError::new(&at.file, at.line, column, message));
            return false;
        }
        self.lines.insert(draft.ci.key.clone(), at.line);
        self.drafts.push(draft);
        true
    }

    pub fn relate(&mut self, source: &str, kind: &str, target: String, row: &Row) {
        self.relations.push(PlannedRelation {
            source: source.to_string(),
            kind: kind.to_string(),
            target,
            at: row.at(),
        });
    }

    /// Skips every row of `table`, with the reason `why` gives.
    pub fn skip(&mut self, table: Option<&Table>, why: impl Fn(&Row) -> String) {
        for row in rows(table) {
            self.skipped.push((row.at(), why(row)));
        }
    }

    /// The plan, or every error found on the way.
    pub fn finish(mut self, rows: Vec<(String, usize)>) -> Result<Plan, Vec<RowError>> {
        let cis = names::assign(self.drafts, &mut self.errors);
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(Plan {
            cis,
            relations: self.relations,
            rows,
            skipped: self.skipped,
            ..Plan::default()
        })
    }
}

/// How a lookup should treat misses, given its defining file.
pub(super) fn source(table: Option<&Table>) -> Source {
    match table {
        None => Source::Missing,
        Some(table) if !table.usable => Source::Broken,
        Some(_) => Source::Given,
    }
}

pub(super) fn rows(table: Option<&Table>) -> impl Iterator<Item = &Row> {
    table.into_iter().flat_map(|table| table.rows.iter())
}

/// The non-empty values, each once, in order.
pub(super) fn tags(values: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for value in values.iter().filter(|value| !value.is_empty()) {
        if !tags.iter().any(|tag| tag == value) {
            tags.push(value.to_string());
        }
    }
    tags
}

/// The non-empty cells of `columns`, labelled by column.
pub(super) fn attributes(row: &Row, columns: &[&str]) -> Vec<(String, String)> {
    columns
        .iter()
        .filter_map(|column| attribute(row, column, column))
        .collect()
}

pub(super) fn attribute(row: &Row, column: &str, label: &str) -> Option<(String, String)> {
    let value = row.get(column);
    (!value.is_empty()).then(|| (label.to_string(), value.to_string()))
}
