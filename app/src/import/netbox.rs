//! NetBox CSV exports (sites, racks, devices, clusters, VMs, cables, circuits, IP addresses,
//! tenants) as an import plan. Keys are stable across re-imports (`netbox:device:<ID>`,
//! `netbox:rack:<site>/<name>`, ...); names are made unique; references must resolve.

mod builder;
mod cables;
mod cis;
mod lookup;
mod names;
mod specs;
mod table;
mod vocab;

use self::builder::Builder;
use self::specs::{CABLES, CIRCUITS, CLUSTERS, DEVICES, IPS, RACKS, SITES, SPECS, TENANTS, VMS};
use self::table::Table;
use crate::import::plan::{Plan, RowError};
use std::collections::{HashMap, HashSet};

pub use crate::import::plan::SourceFile;

/// Plans the import of a NetBox export set. Files may be any subset of the known ones
/// (sites, racks, devices, clusters, virtual-machines, cables, circuits, ip-addresses, tenants);
/// unknown file names are an error. All errors are collected (row-level), never just the first.
pub fn plan(files: &[SourceFile]) -> Result<Plan, Vec<RowError>> {
    let mut errors = check_names(files);
    let tables: Vec<Table> = SPECS
        .iter()
        .filter_map(|spec| {
            let file = files.iter().find(|file| file.name == spec.file)?;
            Some(table::read(spec, &file.text, &mut errors))
        })
        .collect();
    let find = |name: &str| tables.iter().find(|table| table.file == name);
    let mut builder = Builder::new(errors);
    builder.tenants = find(TENANTS).filter(|table| table.usable).map(tenant_names);
    builder.add_sites(find(SITES));
    builder.add_racks(find(RACKS));
    builder.add_clusters(find(CLUSTERS));
    builder.add_devices(find(DEVICES));
    builder.add_vms(find(VMS));
    builder.add_circuits(find(CIRCUITS));
    builder.add_cables(find(CABLES));
    builder.skip(find(IPS), |_| NOT_A_CI.to_string());
    let owned = owned_counts(&builder);
    builder.skip(find(TENANTS), |row| {
        let count = owned.get(row.get("Name")).copied().unwrap_or_default();
        format!("a tenant is not a CI; it owns {count} of the planned CIs")
    });
    let counts = tables
        .iter()
        .map(|table| (table.file.to_string(), table.read));
    builder.finish(counts.collect())
}

const NOT_A_CI: &str = "IP addresses are not CIs in Trellis";

/// Unknown and repeated file names.
fn check_names(files: &[SourceFile]) -> Vec<RowError> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file.name.as_str();
        if !SPECS.iter().any(|spec| spec.file == name) {
            let known: Vec<&str> = SPECS.iter().map(|spec| spec.file).collect();
            let message = format!("unknown file {name}; expected one of {}", known.join(", "));
            errors.push(RowError::new(name, 1, None, message));
        } else if !seen.insert(name) {
            let message = format!("{name} is given twice");
            errors.push(RowError::new(name, 1, None, message));
        }
    }
    errors
}

fn tenant_names(table: &Table) -> HashSet<String> {
    let names = table.rows.iter().map(|row| row.get("Name").to_string());
    names.collect()
}

/// How many planned CIs each tenant owns.
fn owned_counts(builder: &Builder) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let owners = builder
        .drafts
        .iter()
        .filter_map(|draft| draft.ci.owner.clone());
    for owner in owners {
        *counts.entry(owner).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod tests;
