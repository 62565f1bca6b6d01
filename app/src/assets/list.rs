//! The asset list's filter, as the address bar carries it, and one page of results.

use super::domain::AssetRow;
use super::lifecycle::AssetState;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 50;

/// The filter as the query string gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetFilter {
    pub q: String,
    pub state: String,
    pub category: String,
    /// Only what is checked out to the signed-in user ("My assets").
    pub mine: bool,
    pub page: u64,
}

/// The filter after cleaning; `holder` is filled in by the server, never by the browser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidFilter {
    pub q: Option<String>,
    pub state: Option<AssetState>,
    pub category: Option<String>,
    pub holder: Option<String>,
    pub page: u64,
}

fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl AssetFilter {
    pub fn clean(&self) -> ValidFilter {
        ValidFilter {
            q: text(&self.q),
            state: AssetState::parse(&self.state),
            category: text(&self.category),
            holder: None,
            page: self.page.max(1),
        }
    }
}

/// One page of the asset list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetPage {
    pub rows: Vec<AssetRow>,
    pub total: u64,
    pub page: u64,
}

impl AssetPage {
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_is_cleaned_and_never_names_a_holder() {
        let filter = AssetFilter {
            q: "  thinkpad ".into(),
            state: "in use".into(),
            category: " ".into(),
            mine: true,
            page: 0,
        }
        .clean();
        assert_eq!(filter.q.as_deref(), Some("thinkpad"));
        assert_eq!(filter.state, Some(AssetState::InUse));
        assert_eq!(filter.category, None);
        assert_eq!(filter.holder, None);
        assert_eq!(filter.page, 1);
    }

    #[test]
    fn pages_are_counted_from_the_total() {
        let page = |total| {
            AssetPage {
                rows: Vec::new(),
                total,
                page: 1,
            }
            .page_count()
        };
        assert_eq!(page(0), 1);
        assert_eq!(page(50), 1);
        assert_eq!(page(51), 2);
    }
}
