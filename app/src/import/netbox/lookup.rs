//! Resolving NetBox's by-name references (site, rack in a site, ...) to planned CI keys.

use super::table::Row;
use crate::import::plan::RowError;
use std::collections::HashMap;

/// Whether the file that defines the referenced objects was given, and read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Missing,
    /// Given, but its header was wrong: misses are already explained there.
    Broken,
    Given,
}

/// Planned CI keys by (scope, name); the scope is a site name or "".
pub(super) struct Lookup {
    what: &'static str,
    file: &'static str,
    pub source: Source,
    keys: HashMap<(String, String), Vec<String>>,
}

impl Lookup {
    pub fn new(what: &'static str, file: &'static str) -> Self {
        Lookup {
            what,
            file,
            source: Source::Missing,
            keys: HashMap::new(),
        }
    }

    pub fn insert(&mut self, scope: &str, name: &str, key: &str) {
        self.keys
            .entry((scope.to_string(), name.to_string()))
            .or_default()
            .push(key.to_string());
    }

    /// The key `name` (in `scope`) refers to, or an error on `row`'s `column`.
    pub fn resolve(
        &self,
        row: &Row,
        column: &str,
        scope: &str,
        name: &str,
        errors: &mut Vec<RowError>,
    ) -> Option<String> {
        let found = self.keys.get(&(scope.to_string(), name.to_string()));
        let message = match found.map(Vec::as_slice) {
            Some([key]) => return Some(key.clone()),
            Some(keys) => format!(
                "{} is ambiguous ({} match)",
                self.shown(scope, name),
                keys.len()
            ),
            None if self.source == Source::Broken => return None,
            None if self.source == Source::Missing => {
                format!(
                    "unknown {} ({} was not given)",
                    self.shown(scope, name),
                    self.file
                )
            }
            None => format!("unknown {}", self.shown(scope, name)),
        };
        errors.push(row.error(column, message));
        None
    }

    fn shown(&self, scope: &str, name: &str) -> String {
        match scope {
            "" => format!("{} {name}", self.what),
            site => format!("{} {name} at site {site}", self.what),
        }
    }
}
