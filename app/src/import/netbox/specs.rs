//! The files of a NetBox export set and their columns, by NetBox label.

use super::table::Spec;

pub(super) const SITES: &str = "sites.csv";
pub(super) const RACKS: &str = "racks.csv";
pub(super) const DEVICES: &str = "devices.csv";
pub(super) const CLUSTERS: &str = "clusters.csv";
pub(super) const VMS: &str = "virtual-machines.csv";
pub(super) const CABLES: &str = "cables.csv";
pub(super) const CIRCUITS: &str = "circuits.csv";
pub(super) const IPS: &str = "ip-addresses.csv";
pub(super) const TENANTS: &str = "tenants.csv";

/// The known files, in the order they are read, with their columns.
pub(super) const SPECS: &[Spec] = &[
    Spec {
        file: SITES,
        required: &["Name", "Status"],
        optional: &["Facility", "Region", "Tenant", "Time Zone", "Description"],
    },
    Spec {
        file: RACKS,
        required: &["Name", "Site", "Status"],
        optional: &["Location", "Role", "Tenant", "Height (U)", "Description"],
    },
    Spec {
        file: DEVICES,
        required: &["ID", "Name", "Status", "Site", "Role"],
        optional: &[
            "Tenant",
            "Location",
            "Rack",
            "Position",
            "Manufacturer",
            "Type",
            "Serial number",
            "Asset tag",
            "Platform",
            "Cluster",
            "Primary IPv4",
            "Description",
        ],
    },
    Spec {
        file: CLUSTERS,
        required: &["Name", "Status"],
        optional: &["Type", "Group", "Site", "Tenant", "Description"],
    },
    Spec {
        file: VMS,
        required: &["Name", "Status", "Cluster"],
        optional: &[
            "Site",
            "Role",
            "Tenant",
            "Platform",
            "vCPUs",
            "Memory (MB)",
            "Disk (GB)",
            "Primary IPv4",
            "Description",
        ],
    },
    Spec {
        file: CABLES,
        required: &[
            "Side A Device",
            "Side A Termination",
            "Side B Device",
            "Side B Termination",
            "Status",
            "Side A Site",
            "Side B Site",
        ],
        optional: &[
            "ID",
            "Label",
            "Type",
            "Tenant",
            "Length",
            "Length unit",
            "Color",
        ],
    },
    Spec {
        file: CIRCUITS,
        required: &["Circuit ID", "Provider", "Status"],
        optional: &[
            "Type",
            "Tenant",
            "Side A",
            "Side Z",
            "Commit rate (Kbps)",
            "Description",
        ],
    },
    Spec {
        file: IPS,
        required: &["IP Address"],
        optional: &[
            "VRF",
            "Status",
            "Role",
            "Tenant",
            "Assigned object",
            "DNS name",
            "Description",
        ],
    },
    Spec {
        file: TENANTS,
        required: &["Name"],
        optional: &["Group", "Description"],
    },
];
