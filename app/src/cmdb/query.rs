//! The inventory list's query: filters, full-text search, sort and page, as they appear
//! in the page's URL and in the CSV export's.

use super::domain::PAGE_SIZE_MAX;
use super::vocabulary::{CiStatus, Environment};
use serde::{Deserialize, Serialize};

/// What the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    Name,
    Class,
    Status,
    Environment,
    Criticality,
    Owner,
    Updated,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Name,
        SortKey::Class,
        SortKey::Status,
        SortKey::Environment,
        SortKey::Criticality,
        SortKey::Owner,
        SortKey::Updated,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Class => "class",
            SortKey::Status => "status",
            SortKey::Environment => "environment",
            SortKey::Criticality => "criticality",
            SortKey::Owner => "owner",
            SortKey::Updated => "updated",
        }
    }

    pub fn parse(key: &str) -> Option<SortKey> {
        Self::ALL.iter().copied().find(|s| s.key() == key)
    }
}

/// The list's URL query. Every field is optional; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Full-text search over name, owner, description and tags.
    pub q: String,
    /// A class key, e.g. `server`.
    pub class: String,
    pub status: String,
    pub environment: String,
    pub owner: String,
    pub tag: String,
    /// A [`SortKey`] key; name by default.
    pub sort: String,
    /// `desc` for descending.
    pub dir: String,
    pub page: u32,
    pub per_page: u32,
}

/// The query after cleaning: unknown values are dropped rather than refused, so an old
/// bookmark still opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuery {
    pub q: Option<String>,
    pub class: Option<String>,
    pub status: Option<CiStatus>,
    pub environment: Option<Environment>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub page: u32,
    pub per_page: u32,
}

fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The words of a search: letters and digits, at least two of them (one letter would
/// begin a word of nearly every CI).
fn search_words(q: &str) -> Option<String> {
    let words: Vec<&str> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl ListQuery {
    pub fn clean(&self) -> ValidQuery {
        ValidQuery {
            q: search_words(&self.q),
            class: text(&self.class),
            status: CiStatus::parse(&self.status),
            environment: Environment::parse(&self.environment),
            owner: text(&self.owner),
            tag: text(&self.tag).map(|t| t.to_lowercase()),
            sort: SortKey::parse(&self.sort).unwrap_or(SortKey::Name),
            descending: self.dir == "desc",
            page: self.page.max(1),
            per_page: if self.per_page == 0 {
                50
            } else {
                self.per_page.min(PAGE_SIZE_MAX)
            },
        }
    }

    /// Whether anything narrows the list.
    pub fn is_filtered(&self) -> bool {
        let q = self.clean();
        q.q.is_some()
            || q.class.is_some()
            || q.status.is_some()
            || q.environment.is_some()
            || q.owner.is_some()
            || q.tag.is_some()
    }

    /// This query as URL parameters, without empty ones.
    pub fn to_url(&self) -> String {
        let pairs: Vec<(&str, String)> = [
            ("q", self.q.clone()),
            ("class", self.class.clone()),
            ("status", self.status.clone()),
            ("environment", self.environment.clone()),
            ("owner", self.owner.clone()),
            ("tag", self.tag.clone()),
            ("sort", self.sort.clone()),
            ("dir", self.dir.clone()),
            (
                "page",
                if self.page > 1 {
                    self.page.to_string()
                } else {
                    String::new()
                },
            ),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The same query sorted by `key`: ascending first, descending when clicked again.
    pub fn sorted_by(&self, key: SortKey) -> ListQuery {
        let current = self.clean();
        let dir = if current.sort == key && !current.descending {
            "desc"
        } else {
            ""
        };
        ListQuery {
            sort: if key == SortKey::Name {
                String::new()
            } else {
                key.key().to_owned()
            },
            dir: dir.to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    pub fn at_page(&self, page: u32) -> ListQuery {
        ListQuery {
            page,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_dropped_and_defaults_apply() {
        let query = ListQuery {
            status: "Broken".into(),
            environment: "Production".into(),
            sort: "nonsense".into(),
            per_page: 10_000,
            ..ListQuery::default()
        }
        .clean();
        assert_eq!(query.status, None);
        assert_eq!(query.environment, Some(Environment::Production));
        assert_eq!(query.sort, SortKey::Name);
        assert_eq!(query.per_page, PAGE_SIZE_MAX);
        assert_eq!(query.page, 1);
    }

    #[test]
    fn clicking_a_column_sorts_by_it_then_reverses() {
        let query = ListQuery {
            page: 3,
            ..ListQuery::default()
        };
        let once = query.sorted_by(SortKey::Criticality);
        assert_eq!(
            (once.sort.as_str(), once.dir.as_str(), once.page),
            ("criticality", "", 1)
        );
        let twice = once.sorted_by(SortKey::Criticality);
        assert_eq!(twice.dir, "desc");
        assert_eq!(twice.sorted_by(SortKey::Criticality).dir, "");
    }

    #[test]
    fn searches_keep_only_words_the_index_can_match() {
        let search = |q: &str| {
            ListQuery {
                q: q.into(),
                ..ListQuery::default()
            }
            .clean()
            .q
        };
        assert_eq!(
            search("Comms closet (DM-Akron)").as_deref(),
            Some("Comms closet DM Akron")
        );
        assert_eq!(search("srv-a002").as_deref(), Some("srv a002"));
        assert_eq!(search(" a - "), None);
    }

    #[test]
    fn the_url_keeps_only_what_is_set() {
        let query = ListQuery {
            q: "web server".into(),
            status: "Active".into(),
            page: 2,
            ..ListQuery::default()
        };
        assert_eq!(query.to_url(), "q=web+server&status=Active&page=2");
        assert!(query.is_filtered());
        assert!(!ListQuery::default().is_filtered());
    }
}
