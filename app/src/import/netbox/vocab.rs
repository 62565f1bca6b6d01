//! NetBox's choice labels in Trellis terms: statuses, device roles, class labels.

use crate::cmdb::CiStatus;

/// A NetBox status label of a site, rack, device, cluster, VM or circuit.
pub(super) fn status(label: &str) -> Option<CiStatus> {
    let status = match label.to_ascii_lowercase().as_str() {
        "active" | "available" => CiStatus::Active,
        "planned" | "staging" | "staged" | "provisioning" | "reserved" => CiStatus::Planned,
        "offline" | "failed" => CiStatus::Degraded,
        "decommissioning" | "decommissioned" | "deprovisioning" | "retired" | "inventory"
        | "deprecated" => CiStatus::Retired,
        _ => return None,
    };
    Some(status)
}

/// Whether a cable with this status connects its ends.
pub(super) fn cable_connects(label: &str) -> Option<bool> {
    match label.to_ascii_lowercase().as_str() {
        "connected" => Some(true),
        "planned" | "decommissioning" => Some(false),
        _ => None,
    }
}

/// The CI class of a device, by its NetBox role.
pub(super) fn device_class(role: &str) -> &'static str {
    match role.to_ascii_lowercase().as_str() {
        "router" => "router",
        "pdu" => "pdu",
        "patch panel" => "patch_panel",
        "firewall" => "firewall",
        "application server" => "application_server",
        "storage" => "storage_array",
        role if role.contains("switch") => "switch",
        _ => "server",
    }
}

/// The label of a class this importer plans (as the seed names it).
pub(super) fn class_label(class: &str) -> &str {
    match class {
        "site" => "Site",
        "rack" => "Rack",
        "router" => "Router",
        "switch" => "Switch",
        "pdu" => "PDU",
        "patch_panel" => "Patch Panel",
        "firewall" => "Firewall",
        "application_server" => "Application Server",
        "storage_array" => "Storage Array",
        "server" => "Server",
        "cluster" => "Cluster",
        "virtual_machine" => "Virtual Machine",
        "circuit" => "Circuit",
        other => other,
    }
}

/// Whether a cable end's termination names a circuit termination.
pub(super) fn is_circuit_termination(termination: &str) -> bool {
    matches!(
        termination,
        "Circuit termination A" | "Circuit termination Z"
    )
}
