//! The inventory's filters and order, answered from memory. SurrealKV scans an index
//! backwards slowly (a descending page at 100k CIs took 800 ms), and a compound index per
//! filter and sort would be dozens; the index holds the few fields a list filters and sorts
//! on, so any page is a linear pass and a partial sort. The rows come from the store.

use crate::cmdb::query::{SortKey, ValidQuery};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use surrealdb::types::Datetime;

/// What the list filters and sorts a CI by.
pub(super) struct Listed {
    pub name_key: String,
    pub class: String,
    pub status: String,
    pub environment: String,
    pub criticality: i64,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub updated_at: Datetime,
}

impl Listed {
    fn matches(&self, query: &ValidQuery) -> bool {
        query.class.as_ref().is_none_or(|c| *c == self.class)
            && query.status.is_none_or(|s| s.label() == self.status)
            && query
                .environment
                .is_none_or(|e| e.label() == self.environment)
            && query
                .owner
                .as_ref()
                .is_none_or(|o| Some(o) == self.owner.as_ref())
            && query.tag.as_ref().is_none_or(|t| self.tags.contains(t))
    }
}

/// The keys of one page of CIs matching `query` (and in `found`, a search's hits, if
/// given), in the list's order, with how many match in all.
pub(super) fn page(
    listed: &HashMap<String, Listed>,
    class_names: &HashMap<String, String>,
    query: &ValidQuery,
    found: Option<&HashSet<String>>,
) -> (Vec<String>, u64) {
    let mut rows: Vec<(&String, &Listed)> = listed
        .iter()
        .filter(|(key, ci)| found.is_none_or(|f| f.contains(*key)) && ci.matches(query))
        .collect();
    let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    let class_name = |ci: &Listed| class_names.get(&ci.class).map_or("", String::as_str);
    let by_key = |a: &Listed, b: &Listed| match query.sort {
        SortKey::Name => Ordering::Equal,
        SortKey::Class => class_name(a).cmp(class_name(b)),
        SortKey::Status => a.status.cmp(&b.status),
        SortKey::Environment => a.environment.cmp(&b.environment),
        SortKey::Criticality => a.criticality.cmp(&b.criticality),
        SortKey::Owner => a.owner.cmp(&b.owner),
        SortKey::Updated => a.updated_at.cmp(&b.updated_at),
    };
    // Names are unique, so the order is total and pages never overlap.
    let order = |a: &(&String, &Listed), b: &(&String, &Listed)| {
        let ascending = by_key(a.1, b.1).then_with(|| a.1.name_key.cmp(&b.1.name_key));
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
    let keys = rows[start..]
        .iter()
        .map(|(key, _)| (*key).clone())
        .collect();
    (keys, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::query::ListQuery;

    fn ci(name: &str, class: &str, criticality: i64, owner: Option<&str>) -> Listed {
        Listed {
            name_key: name.to_lowercase(),
            class: class.into(),
            status: "Active".into(),
            environment: "Production".into(),
            criticality,
            owner: owner.map(Into::into),
            tags: vec!["web".into()],
            updated_at: Datetime::default(),
        }
    }

    fn estate() -> (HashMap<String, Listed>, HashMap<String, String>) {
        let cis = [
            ("a", ci("Alpha", "server", 2, Some("Network"))),
            ("b", ci("bravo", "database", 1, None)),
            ("c", ci("Charlie", "server", 2, Some("Applications"))),
            ("d", ci("Delta", "server", 5, None)),
        ];
        let listed = cis.into_iter().map(|(k, c)| (k.to_owned(), c)).collect();
        let names = [("server", "Server"), ("database", "Database")]
            .into_iter()
            .map(|(k, n)| (k.to_owned(), n.to_owned()))
            .collect();
        (listed, names)
    }

    fn keys(query: ListQuery, found: Option<&HashSet<String>>) -> (Vec<String>, u64) {
        let (listed, names) = estate();
        page(&listed, &names, &query.clean(), found)
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
        let ascending = keys(query("criticality", "", 1, 10), None).0;
        assert_eq!(ascending, ["b", "a", "c", "d"]);
        let descending = keys(query("criticality", "desc", 1, 10), None).0;
        assert_eq!(descending, ["d", "c", "a", "b"]);
        assert_eq!(keys(query("name", "", 1, 10), None).0, ["a", "b", "c", "d"]);
        assert_eq!(
            keys(query("class", "", 1, 10), None).0,
            ["b", "a", "c", "d"]
        );
        // No owner sorts first, as in the database.
        assert_eq!(
            keys(query("owner", "", 1, 10), None).0,
            ["b", "d", "c", "a"]
        );
    }

    #[test]
    fn pages_do_not_overlap_and_count_every_match() {
        let first = keys(query("name", "desc", 1, 3), None);
        let second = keys(query("name", "desc", 2, 3), None);
        assert_eq!(first, (vec!["d".into(), "c".into(), "b".into()], 4));
        assert_eq!(second, (vec!["a".into()], 4));
        assert_eq!(keys(query("name", "", 3, 3), None), (vec![], 4));
    }

    #[test]
    fn filters_and_search_hits_narrow_the_list() {
        let servers = ListQuery {
            class: "server".into(),
            owner: "Network".into(),
            ..query("name", "", 1, 10)
        };
        assert_eq!(keys(servers, None), (vec!["a".into()], 1));
        let hits: HashSet<String> = ["c".to_owned(), "b".to_owned()].into();
        assert_eq!(
            keys(query("name", "", 1, 10), Some(&hits)),
            (vec!["b".into(), "c".into()], 2)
        );
        let tagged = ListQuery {
            tag: "db".into(),
            ..query("name", "", 1, 10)
        };
        assert_eq!(keys(tagged, None), (vec![], 0));
    }
}
