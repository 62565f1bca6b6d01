//! The inventory's filters and order, answered from memory. SurrealKV scans an index
//! backwards slowly (a descending page at 100k CIs took 800 ms), and a compound index per
//! filter and sort would be dozens; the index holds the few fields a list filters and sorts
//! on, so any page is a linear pass and a partial sort. The rows come from the store.

use super::words::Words;
use crate::cmdb::query::{SortKey, ValidQuery};
use std::cmp::Ordering;
use std::collections::HashMap;
use surrealdb::types::Datetime;

/// What the list filters and sorts a CI by. Status and environment are the labels the
/// store holds, class an interned number: filtering compares without chasing pointers.
pub(super) struct Listed {
    pub key: String,
    pub name_key: String,
    pub class: u32,
    pub status: &'static str,
    pub environment: &'static str,
    pub criticality: i64,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub updated_at: Datetime,
}

/// Every CI as the list sees it, in one contiguous vector for fast passes.
#[derive(Default)]
pub(super) struct Listing {
    rows: Vec<Listed>,
    at: HashMap<String, usize>,
    classes: Vec<String>,
    /// What a search finds each CI by.
    words: Words,
}

/// A query's filters, resolved once per page.
struct Filter<'q> {
    class: Option<Option<u32>>,
    status: Option<&'static str>,
    environment: Option<&'static str>,
    owner: Option<&'q String>,
    tag: Option<&'q String>,
}

impl Filter<'_> {
    fn admits(&self, ci: &Listed) -> bool {
        self.class.is_none_or(|c| c == Some(ci.class))
            && self.status.is_none_or(|s| s == ci.status)
            && self.environment.is_none_or(|e| e == ci.environment)
            && self.owner.is_none_or(|o| Some(o) == ci.owner.as_ref())
            && self.tag.is_none_or(|t| ci.tags.contains(t))
    }
}

impl Listing {
    /// The number standing for a class key.
    pub fn intern(&mut self, class: &str) -> u32 {
        let found = self.classes.iter().position(|c| c == class);
        let index = found.unwrap_or_else(|| {
            self.classes.push(class.to_owned());
            self.classes.len() - 1
        });
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    fn class_key(&self, class: u32) -> &str {
        self.classes.get(class as usize).map_or("", String::as_str)
    }

    /// Adds or replaces a CI; `text` is what a search finds it by.
    pub fn put(&mut self, row: Listed, text: &str) {
        self.words.put(&row.key, text);
        match self.at.get(&row.key) {
            Some(&i) => self.rows[i] = row,
            None => {
                self.at.insert(row.key.clone(), self.rows.len());
                self.rows.push(row);
            }
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.words.remove(key);
        let Some(i) = self.at.remove(key) else {
            return;
        };
        self.rows.swap_remove(i);
        if let Some(moved) = self.rows.get(i) {
            self.at.insert(moved.key.clone(), i);
        }
    }

    fn get(&self, key: &str) -> Option<&Listed> {
        self.at.get(key).map(|&i| &self.rows[i])
    }

    /// When CI `key` was last written, in nanoseconds.
    pub fn written(&self, key: &str) -> Option<i64> {
        self.get(key)
            .and_then(|ci| ci.updated_at.timestamp_nanos_opt())
    }

    pub fn class_of(&self, key: &str) -> Option<&str> {
        self.get(key).map(|ci| self.class_key(ci.class))
    }

    pub fn owner_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|ci| ci.owner.as_deref())
    }

    /// How many CIs each class (by key) has.
    pub fn class_counts(&self) -> HashMap<String, u64> {
        let mut counts = vec![0u64; self.classes.len()];
        for ci in &self.rows {
            if let Some(n) = counts.get_mut(ci.class as usize) {
                *n += 1;
            }
        }
        self.classes.iter().cloned().zip(counts).collect()
    }

    /// The keys of at most `limit` CIs whose name contains `text` (lower case): those
    /// whose name starts with it first, then by name.
    pub fn suggest(&self, text: &str, limit: usize) -> Vec<String> {
        let mut found: Vec<(bool, &str, &str)> = self
            .rows
            .iter()
            .filter(|ci| ci.name_key.contains(text))
            .map(|ci| {
                (
                    !ci.name_key.starts_with(text),
                    ci.name_key.as_str(),
                    ci.key.as_str(),
                )
            })
            .collect();
        if found.len() > limit {
            found.select_nth_unstable(limit);
            found.truncate(limit);
        }
        found.sort_unstable();
        found
            .into_iter()
            .map(|(_, _, key)| key.to_owned())
            .collect()
    }

    /// The keys of one page of CIs matching `query`, in the list's order, with how many
    /// match in all.
    pub fn page(
        &self,
        class_names: &HashMap<String, String>,
        query: &ValidQuery,
    ) -> (Vec<String>, u64) {
        let found = query.q.as_deref().map(|q| self.words.search(q));
        let filter = Filter {
            class: query.class.as_ref().map(|c| {
                self.classes
                    .iter()
                    .position(|k| k == c)
                    .and_then(|i| u32::try_from(i).ok())
            }),
            status: query.status.map(|s| s.label()),
            environment: query.environment.map(|e| e.label()),
            owner: query.owner.as_ref(),
            tag: query.tag.as_ref(),
        };
        let mut rows: Vec<&Listed> = match &found {
            // A search's hits are usually few: look them up rather than pass over all.
            Some(found) => found
                .iter()
                .filter_map(|key| self.get(key))
                .filter(|ci| filter.admits(ci))
                .collect(),
            None => self.rows.iter().filter(|ci| filter.admits(ci)).collect(),
        };
        let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        let names: Vec<&str> = self
            .classes
            .iter()
            .map(|key| class_names.get(key).map_or("", String::as_str))
            .collect();
        let class_name = |ci: &Listed| names.get(ci.class as usize).copied().unwrap_or("");
        let by_key = |a: &Listed, b: &Listed| match query.sort {
            SortKey::Name => Ordering::Equal,
            SortKey::Class => class_name(a).cmp(class_name(b)),
            SortKey::Status => a.status.cmp(b.status),
            SortKey::Environment => a.environment.cmp(b.environment),
            SortKey::Criticality => a.criticality.cmp(&b.criticality),
            SortKey::Owner => a.owner.cmp(&b.owner),
            SortKey::Updated => a.updated_at.cmp(&b.updated_at),
        };
        // Names are unique, so the order is total and pages never overlap.
        let order = |a: &&Listed, b: &&Listed| {
            let ascending = by_key(a, b).then_with(|| a.name_key.cmp(&b.name_key));
            if query.descending {
                ascending.reverse()
            } else {
                ascending
            }
        };
        let per_page = usize::try_from(query.per_page).unwrap_or(usize::MAX);
        let start = usize::try_from(query.page.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .saturating_mul(per_page);
        let end = start.saturating_add(per_page).min(rows.len());
        if start >= end {
            return (Vec::new(), total);
        }
        // Only the rows up to this page need sorting.
        if end < rows.len() {
            rows.select_nth_unstable_by(end, order);
            rows.truncate(end);
        }
        rows.sort_unstable_by(order);
        let keys = rows[start..].iter().map(|ci| ci.key.clone()).collect();
        (keys, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::query::ListQuery;

    fn estate() -> (Listing, HashMap<String, String>) {
        let mut listing = Listing::default();
        for (key, name, class, criticality, owner) in [
            ("a", "Alpha", "server", 2, Some("Network")),
            ("b", "bravo", "database", 1, None),
            ("c", "Charlie", "server", 2, Some("Applications")),
            ("d", "Delta", "server", 5, None),
        ] {
            let class = listing.intern(class);
            let text = format!("{name} {}", owner.unwrap_or_default());
            listing.put(
                Listed {
                    key: key.into(),
                    name_key: name.to_lowercase(),
                    class,
                    status: "Active",
                    environment: "Production",
                    criticality,
                    owner: owner.map(Into::into),
                    tags: vec!["web".into()],
                    updated_at: Datetime::default(),
                },
                &text,
            );
        }
        let names = [("server", "Server"), ("database", "Database")]
            .into_iter()
            .map(|(k, n)| (k.to_owned(), n.to_owned()))
            .collect();
        (listing, names)
    }

    fn keys(query: ListQuery) -> (Vec<String>, u64) {
        let (listing, names) = estate();
        listing.page(&names, &query.clean())
    }

    fn query(sort: &str, dir: &str, page: u32, per_page: u32) -> ListQuery {
        ListQuery {
            sort: sort.into(),
            dir: dir.into(),
            page,
            per_page,
            ..ListQuery::default()
        }
    }

    #[test]
    fn sorts_either_way_with_names_breaking_ties_the_same_way() {
        let ascending = keys(query("criticality", "", 1, 10)).0;
        assert_eq!(ascending, ["b", "a", "c", "d"]);
        let descending = keys(query("criticality", "desc", 1, 10)).0;
        assert_eq!(descending, ["d", "c", "a", "b"]);
        assert_eq!(keys(query("name", "", 1, 10)).0, ["a", "b", "c", "d"]);
        assert_eq!(keys(query("class", "", 1, 10)).0, ["b", "a", "c", "d"]);
        // No owner sorts first, as in the database.
        assert_eq!(keys(query("owner", "", 1, 10)).0, ["b", "d", "c", "a"]);
    }

    #[test]
    fn pages_do_not_overlap_and_count_every_match() {
        let first = keys(query("name", "desc", 1, 3));
        let second = keys(query("name", "desc", 2, 3));
        assert_eq!(first, (vec!["d".into(), "c".into(), "b".into()], 4));
        assert_eq!(second, (vec!["a".into()], 4));
        assert_eq!(keys(query("name", "", 3, 3)), (vec![], 4));
    }

    #[test]
    fn filters_and_search_hits_narrow_the_list() {
        let servers = ListQuery {
            class: "server".into(),
            owner: "Network".into(),
            ..query("name", "", 1, 10)
        };
        assert_eq!(keys(servers), (vec!["a".into()], 1));
        let search = |q: &str| ListQuery {
            q: q.into(),
            ..query("name", "desc", 1, 10)
        };
        assert_eq!(keys(search("net")), (vec!["a".into()], 1));
        assert_eq!(keys(search("al de")), (vec![], 0), "every word must match");
        let servers = ListQuery {
            class: "server".into(),
            ..search("a")
        };
        assert_eq!(
            keys(servers.clone()),
            (vec!["d".into(), "c".into(), "a".into()], 3),
            "one letter is too short to search by"
        );
        assert_eq!(
            keys(ListQuery {
                q: "de".into(),
                ..servers
            }),
            (vec!["d".into()], 1)
        );
        let tagged = ListQuery {
            tag: "db".into(),
            ..query("name", "", 1, 10)
        };
        assert_eq!(keys(tagged), (vec![], 0));
    }

    #[test]
    fn removing_keeps_every_other_row_findable() {
        let (mut listing, names) = estate();
        listing.remove("a");
        listing.remove("nobody");
        assert_eq!(listing.class_of("d"), Some("server"));
        assert_eq!(listing.owner_of("c"), Some("Applications"));
        let (keys, total) = listing.page(&names, &query("name", "", 1, 10).clean());
        assert_eq!((keys, total), (vec!["b".into(), "c".into(), "d".into()], 3));
        assert_eq!(listing.class_counts()["server"], 2);
    }

    #[test]
    fn suggestions_put_names_that_start_with_the_text_first() {
        let (listing, _) = estate();
        assert_eq!(listing.suggest("a", 10), ["a", "b", "c", "d"]);
        assert_eq!(listing.suggest("ar", 10), ["c"]);
        assert_eq!(listing.suggest("a", 2), ["a", "b"]);
        assert!(listing.suggest("zulu", 10).is_empty());
    }
}
