//! Cables as `connected_to` relations between the CIs at their two ends.

use super::builder::{rows, Builder};
use super::table::{Row, Table};
use super::vocab;
use std::collections::HashSet;

/// The columns that describe one end of a cable.
struct Side {
    device: &'static str,
    termination: &'static str,
    site: &'static str,
}

const SIDES: [Side; 2] = [
    Side {
        device: "Side A Device",
        termination: "Side A Termination",
        site: "Side A Site",
    },
    Side {
        device: "Side B Device",
        termination: "Side B Termination",
        site: "Side B Site",
    },
];

impl Builder {
    /// One relation per pair of connected CIs, however many cables join them.
    pub fn add_cables(&mut self, table: Option<&Table>) {
        let mut pairs = HashSet::new();
        for row in rows(table) {
            self.cable(row, &mut pairs);
        }
    }

    fn cable(&mut self, row: &Row, pairs: &mut HashSet<(String, String)>) {
        let [a, b] = SIDES.map(|side| self.end(row, &side));
        let connects = self.connects(row);
        let (Some(a), Some(b), Some(connects)) = (a, b, connects) else {
            return;
        };
        if !connects {
            let reason = format!("cable is {}, not connected", row.get("Status"));
            self.skipped.push((row.at(), reason));
        } else if a == b {
            self.skipped
                .push((row.at(), format!("both ends are on {a}")));
        } else {
            // connected_to goes both ways: each pair once, from the lesser key.
            let pair = if a < b { (a, b) } else { (b, a) };
            if pairs.insert(pair.clone()) {
                self.relate(&pair.0, "connected_to", pair.1, row);
            }
        }
    }

    /// Whether the cable connects its ends (planned or decommissioning ones do not).
    fn connects(&mut self, row: &Row) -> Option<bool> {
        let status = self.need(row, "Status")?;
        let connects = vocab::cable_connects(status);
        if connects.is_none() {
            let message = format!("unknown cable status {status}");
            self.errors.push(row.error("Status", message));
        }
        connects
    }

    /// The CI at one end: a circuit by its ID, or a device by site and name.
    fn end(&mut self, row: &Row, side: &Side) -> Option<String> {
        let name = self.need(row, side.device)?;
        if vocab::is_circuit_termination(row.get(side.termination)) {
            return self
                .circuits
                .resolve(row, side.device, "", name, &mut self.errors);
        }
        let site = self.need(row, side.site)?;
        self.devices
            .resolve(row, side.device, site, name, &mut self.errors)
    }
}
