//! Who is on which record's page, kept in memory on this node. Each open page renews
//! its presence every few seconds; a page that stops renewing is gone after [`TTL`].

use crate::live::Present;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a presence lasts without renewal.
pub const TTL: Duration = Duration::from_secs(30);

type Record = (String, String);

struct Entry {
    user: String,
    name: String,
    editing: bool,
    seen: Instant,
}

/// Open pages by record, each under the token its page drew.
#[derive(Clone, Default)]
pub struct Presence {
    records: Arc<Mutex<HashMap<Record, HashMap<String, Entry>>>>,
}

/// Who is on a page, and whether they are editing.
pub struct Visit<'a> {
    pub token: &'a str,
    pub user: &'a str,
    pub name: &'a str,
    pub editing: bool,
}

impl Presence {
    /// Records a page as open on the record (`here`) or closed. Returns whether anything
    /// others would see changed.
    pub fn update(&self, table: &str, key: &str, visit: Visit<'_>, here: bool) -> bool {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let pages = records
            .entry((table.to_owned(), key.to_owned()))
            .or_default();
        let before = pages.get(visit.token).map(|e| e.editing);
        if here {
            let entry = Entry {
                user: visit.user.to_owned(),
                name: visit.name.to_owned(),
                editing: visit.editing,
                seen: Instant::now(),
            };
            pages.insert(visit.token.to_owned(), entry);
        } else {
            pages.remove(visit.token);
        }
        before != here.then_some(visit.editing)
    }

    /// Everyone but `user` on the record's pages now, once each, editors first.
    pub fn others(&self, table: &str, key: &str, user: &str) -> Vec<Present> {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let Some(pages) = records.get_mut(&(table.to_owned(), key.to_owned())) else {
            return Vec::new();
        };
        pages.retain(|_, entry| entry.seen.elapsed() < TTL);
        let mut people: HashMap<&str, Present> = HashMap::new();
        for entry in pages.values().filter(|e| e.user != user) {
            let person = people.entry(&entry.user).or_insert_with(|| Present {
                name: entry.name.clone(),
                editing: false,
            });
            person.editing |= entry.editing;
        }
        let mut others: Vec<Present> = people.into_values().collect();
        others.sort_by(|a, b| b.editing.cmp(&a.editing).then_with(|| a.name.cmp(&b.name)));
        others
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit<'a>(token: &'a str, user: &'a str, editing: bool) -> Visit<'a> {
        Visit {
            token,
            user,
            name: user,
            editing,
        }
    }

    #[test]
    fn others_see_who_is_viewing_and_who_is_editing() {
        let presence = Presence::default();
        assert!(presence.update("ci", "db", visit("t1", "vic", false), true));
        assert!(presence.update("ci", "db", visit("t2", "conor", true), true));
        assert!(
            !presence.update("ci", "db", visit("t1", "vic", false), true),
            "a renewal changes nothing"
        );
        let seen_by_vic = presence.others("ci", "db", "vic");
        assert_eq!(
            seen_by_vic,
            vec![Present {
                name: "conor".into(),
                editing: true
            }]
        );
        assert_eq!(presence.others("ci", "db", "alice").len(), 2);
        assert!(presence.others("ci", "other", "vic").is_empty());
    }

    #[test]
    fn two_pages_of_one_person_show_once_and_closing_one_keeps_the_other() {
        let presence = Presence::default();
        presence.update("ci", "db", visit("edit", "conor", true), true);
        presence.update("ci", "db", visit("view", "conor", false), true);
        assert_eq!(
            presence.others("ci", "db", "vic"),
            vec![Present {
                name: "conor".into(),
                editing: true
            }]
        );
        assert!(presence.update("ci", "db", visit("edit", "conor", true), false));
        assert_eq!(
            presence.others("ci", "db", "vic"),
            vec![Present {
                name: "conor".into(),
                editing: false
            }]
        );
    }
}
