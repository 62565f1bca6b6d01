//! A service map as the browser draws it: positioned nodes and the edges between them.
//! The layout is computed on the server.

use super::vocabulary::CiStatus;
use serde::{Deserialize, Serialize};

/// Node box size in map units.
pub const NODE_WIDTH: f64 = 168.0;
pub const NODE_HEIGHT: f64 = 44.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapNode {
    pub id: String,
    pub name: String,
    pub class_key: String,
    pub class_name: String,
    pub status: CiStatus,
    pub is_service: bool,
    /// Top-left corner.
    pub x: f64,
    pub y: f64,
}

/// `from` relates to `to` as `label` says ("depends on"); drawn from `from` down to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceMap {
    /// The CI the map is centred on.
    pub focus: String,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f64,
    pub height: f64,
    /// The CIs failed in a simulation, and of the map's nodes those it affects.
    pub failed: Vec<String>,
    pub affected: Vec<String>,
    /// How many CIs the simulated failure affects in all, on the map or not.
    pub affected_total: usize,
}

impl ServiceMap {
    pub fn node(&self, id: &str) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// A one-character glyph per class icon name, so nodes read without colour.
pub fn glyph(class_key: &str) -> &'static str {
    match class_key {
        "business_service" => "★",
        "server" | "application_server" => "▤",
        "virtual_machine" => "▢",
        "cluster" => "⧉",
        "database" => "⛁",
        "application" => "◆",
        "router" | "switch" | "firewall" => "⇄",
        "storage_array" => "▥",
        "laptop" => "▭",
        "pdu" => "ϟ",
        "rack" | "patch_panel" => "▦",
        "site" => "⌂",
        "circuit" => "∿",
        _ => "●",
    }
}
