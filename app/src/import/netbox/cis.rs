//! Sites, racks, clusters, devices, virtual machines and circuits as planned CIs.

use super::builder::{attribute, attributes, rows, source, tags, Builder, Draft};
use super::lookup::Lookup;
use super::table::{Row, Table};
use super::vocab;
use crate::import::plan::{PlannedCi, RowError};

const DEVICE_COLUMNS: &[&str] = &[
    "Site",
    "Location",
    "Rack",
    "Position",
    "Role",
    "Manufacturer",
    "Type",
    "Platform",
    "Serial number",
    "Asset tag",
    "Cluster",
    "Primary IPv4",
];
const VM_COLUMNS: &[&str] = &[
    "Cluster",
    "Site",
    "Role",
    "Platform",
    "vCPUs",
    "Memory (MB)",
    "Disk (GB)",
    "Primary IPv4",
];

impl Builder {
    pub fn add_sites(&mut self, table: Option<&Table>) {
        self.sites.source = source(table);
        rows(table).for_each(|row| self.site(row));
    }

    pub fn add_racks(&mut self, table: Option<&Table>) {
        self.racks.source = source(table);
        rows(table).for_each(|row| self.rack(row));
    }

    pub fn add_clusters(&mut self, table: Option<&Table>) {
        self.clusters.source = source(table);
        rows(table).for_each(|row| self.cluster(row));
    }

    pub fn add_devices(&mut self, table: Option<&Table>) {
        self.devices.source = source(table);
        rows(table).for_each(|row| self.device(row));
    }

    pub fn add_vms(&mut self, table: Option<&Table>) {
        rows(table).for_each(|row| self.vm(row));
    }

    pub fn add_circuits(&mut self, table: Option<&Table>) {
        self.circuits.source = source(table);
        rows(table).for_each(|row| self.circuit(row));
    }

    fn site(&mut self, row: &Row) {
        let mut ci = self.base(row, "site", 4);
        let Some(name) = self.need(row, "Name") else {
            return;
        };
        ci.key = format!("netbox:site:{name}");
        ci.name = name.to_string();
        ci.tags = tags(&[name]);
        ci.attributes = attributes(row, &["Facility", "Region", "Time Zone"]);
        let key = ci.key.clone();
        if self.register(draft(ci, row, name, "", "Name")) {
            self.sites.insert("", name, &key);
        }
    }

    fn rack(&mut self, row: &Row) {
        let mut ci = self.base(row, "rack", 4);
        let (Some(name), Some(site)) = (self.need(row, "Name"), self.need(row, "Site")) else {
            return;
        };
        ci.key = format!("netbox:rack:{site}/{name}");
        ci.name = name.to_string();
        ci.tags = tags(&[site, row.get("Role")]);
        ci.attributes = attributes(row, &["Site", "Location", "Role", "Height (U)"]);
        let place = self.sites.resolve(row, "Site", "", site, &mut self.errors);
        let key = ci.key.clone();
        if self.register(draft(ci, row, name, site, "Name")) {
            self.racks.insert(site, name, &key);
            if let Some(site) = place {
                self.relate(&key, "located_in", site, row);
            }
        }
    }

    fn cluster(&mut self, row: &Row) {
        let mut ci = self.base(row, "cluster", 3);
        let Some(name) = self.need(row, "Name") else {
            return;
        };
        let site = row.get("Site");
        ci.key = format!("netbox:cluster:{name}");
        ci.name = name.to_string();
        ci.tags = tags(&[row.get("Type"), site]);
        ci.attributes = attribute(row, "Type", "Cluster type").into_iter().collect();
        ci.attributes.extend(attributes(row, &["Group", "Site"]));
        let place = optional(&self.sites, row, "Site", &mut self.errors);
        let key = ci.key.clone();
        if self.register(draft(ci, row, name, site, "Name")) {
            self.clusters.insert("", name, &key);
            if let Some(site) = place {
                self.relate(&key, "located_in", site, row);
            }
        }
    }

    fn device(&mut self, row: &Row) {
        let role = self.need(row, "Role");
        let mut ci = self.base(row, vocab::device_class(role.unwrap_or_default()), 3);
        let id = self.need(row, "ID");
        let site = self.need(row, "Site");
        let (Some(id), Some(site), Some(role)) = (id, site, role) else {
            return;
        };
        let name = row.get("Name");
        ci.key = format!("netbox:device:{id}");
        ci.name = match name {
            "" => format!("{role} #{id}"),
            name => name.to_string(),
        };
        ci.tags = tags(&[role, site]);
        ci.attributes = attribute(row, "ID", "NetBox ID").into_iter().collect();
        ci.attributes.extend(attributes(row, DEVICE_COLUMNS));
        let place = self.device_place(row, site);
        optional(&self.clusters, row, "Cluster", &mut self.errors);
        let key = ci.key.clone();
        if self.register(draft(ci, row, name, site, "Name")) {
            if !name.is_empty() {
                self.devices.insert(site, name, &key);
            }
            if let Some(place) = place {
                self.relate(&key, "located_in", place, row);
            }
        }
    }

    /// The device's rack (by site and rack name), or its site when it has no rack.
    fn device_place(&mut self, row: &Row, site: &str) -> Option<String> {
        let site_key = self.sites.resolve(row, "Site", "", site, &mut self.errors);
        match row.get("Rack") {
            "" => site_key,
            rack => self
                .racks
                .resolve(row, "Rack", site, rack, &mut self.errors),
        }
    }

    fn vm(&mut self, row: &Row) {
        let mut ci = self.base(row, "virtual_machine", 3);
        let (Some(name), Some(cluster)) = (self.need(row, "Name"), self.need(row, "Cluster"))
        else {
            return;
        };
        ci.key = format!("netbox:vm:{cluster}/{name}");
        ci.name = name.to_string();
        ci.tags = tags(&[row.get("Role"), cluster]);
        ci.attributes = attributes(row, VM_COLUMNS);
        let host = self
            .clusters
            .resolve(row, "Cluster", "", cluster, &mut self.errors);
        optional(&self.sites, row, "Site", &mut self.errors);
        let key = ci.key.clone();
        if self.register(draft(ci, row, name, cluster, "Name")) {
            if let Some(host) = host {
                self.relate(&key, "hosted_on", host, row);
            }
        }
    }

    fn circuit(&mut self, row: &Row) {
        let mut ci = self.base(row, "circuit", 3);
        let cid = self.need(row, "Circuit ID");
        let (Some(cid), Some(provider)) = (cid, self.need(row, "Provider")) else {
            return;
        };
        ci.key = format!("netbox:circuit:{provider}/{cid}");
        ci.name = cid.to_string();
        ci.tags = tags(&[provider, row.get("Type")]);
        let columns = ["Provider", "Type", "Side A", "Side Z", "Commit rate (Kbps)"];
        ci.attributes = attributes(row, &columns);
        let key = ci.key.clone();
        if self.register(draft(ci, row, cid, provider, "Circuit ID")) {
            self.circuits.insert("", cid, &key);
        }
    }
}

fn draft(
    ci: PlannedCi,
    row: &Row,
    netbox_name: &str,
    qualifier: &str,
    column: &'static str,
) -> Draft {
    Draft {
        ci,
        group: row.file,
        netbox_name: netbox_name.to_string(),
        qualifier: qualifier.to_string(),
        name_column: column,
    }
}

/// Resolves the optional reference in `column` (a site or cluster by name) when set.
fn optional(
    lookup: &Lookup,
    row: &Row,
    column: &str,
    errors: &mut Vec<RowError>,
) -> Option<String> {
    match row.get(column) {
        "" => None,
        name => lookup.resolve(row, column, "", name, errors),
    }
}
