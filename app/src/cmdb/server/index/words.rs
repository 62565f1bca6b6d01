//! Full-text search over the CIs, from memory. Every word of a CI's name, owner,
//! description and tags, folded to lower-case ASCII; a search finds the CIs that have, for
//! each of its words, a word starting with it ("web ser" finds "Web Server").
//!
//! The store's full-text index did this before, but each save queued work for its
//! background compaction, which then took a third of the CPU under a stream of saves.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

/// Words longer than this match on their first this many characters, as before.
const LONGEST: usize = 24;

/// The distinct words of `text` as search knows them, in order: letters and digits folded
/// to lower-case ASCII ("Café-2" gives "2" and "cafe"), each at most [`LONGEST`] long.
pub fn words(text: &str) -> Vec<String> {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    let mut found: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w[..w.len().min(LONGEST)].to_owned())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Which CIs have which words.
#[derive(Default)]
pub(super) struct Words {
    /// Each word, with the numbers of the CIs that have it.
    postings: BTreeMap<String, HashSet<u32>>,
    /// Each CI's number, and each number's CI and words.
    numbers: HashMap<String, u32>,
    docs: Vec<(String, Vec<String>)>,
    /// Numbers of removed CIs, to reuse.
    free: Vec<u32>,
}

impl Words {
    /// Indexes `text` as the words of the CI `key`, replacing what it had.
    pub fn put(&mut self, key: &str, text: &str) {
        let found = words(text);
        let n = match self.numbers.get(key) {
            Some(&n) => {
                self.unlink(n);
                n
            }
            None => {
                let n = self.free.pop().unwrap_or_else(|| {
                    self.docs.push(Default::default());
                    u32::try_from(self.docs.len() - 1).expect("fewer than 4 billion CIs")
                });
                self.numbers.insert(key.to_owned(), n);
                self.docs[n as usize].0 = key.to_owned();
                n
            }
        };
        for word in &found {
            self.postings.entry(word.clone()).or_default().insert(n);
        }
        self.docs[n as usize].1 = found;
    }

    pub fn remove(&mut self, key: &str) {
        if let Some(n) = self.numbers.remove(key) {
            self.unlink(n);
            self.docs[n as usize].0.clear();
            self.free.push(n);
        }
    }

    fn unlink(&mut self, n: u32) {
        for word in std::mem::take(&mut self.docs[n as usize].1) {
            if let Some(docs) = self.postings.get_mut(&word) {
                docs.remove(&n);
                if docs.is_empty() {
                    self.postings.remove(&word);
                }
            }
        }
    }

    /// The keys of the CIs that have, for every word of `q`, a word starting with it.
    /// A query without words finds nothing.
    pub fn search(&self, q: &str) -> HashSet<String> {
        let mut found: Option<HashSet<u32>> = None;
        for word in &words(q) {
            let mut having = HashSet::new();
            for (_, docs) in self
                .postings
                .range::<str, _>((Bound::Included(word.as_str()), Bound::Unbounded))
                .take_while(|(w, _)| w.starts_with(word.as_str()))
            {
                match &found {
                    Some(so_far) => having.extend(docs.iter().filter(|n| so_far.contains(n))),
                    None => having.extend(docs),
                }
            }
            if having.is_empty() {
                return HashSet::new();
            }
            found = Some(having);
        }
        found
            .unwrap_or_default()
            .into_iter()
            .map(|n| self.docs[n as usize].0.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(words: &Words, q: &str) -> Vec<String> {
        let mut keys: Vec<String> = words.search(q).into_iter().collect();
        keys.sort();
        keys
    }

    #[test]
    fn words_are_folded_split_and_cut() {
        assert_eq!(
            words("Café-Server_02 ÉQUIPE a server"),
            vec!["02", "a", "cafe", "equipe", "server"]
        );
        assert_eq!(words(&"x".repeat(30))[0].len(), LONGEST);
    }

    #[test]
    fn every_word_of_a_search_must_start_a_word_of_the_ci() {
        let mut index = Words::default();
        index.put("web", "Web Server  Applications linux prod");
        index.put("db", "Database Server Database Administration");
        index.put("mail", "Mail relay");
        assert_eq!(found(&index, "ser"), vec!["db", "web"]);
        assert_eq!(found(&index, "web ser"), vec!["web"]);
        assert_eq!(found(&index, "SERVER web"), vec!["web"]);
        assert_eq!(found(&index, "erver"), Vec::<String>::new());
        assert_eq!(found(&index, "web mail"), Vec::<String>::new());
        assert_eq!(found(&index, "  "), Vec::<String>::new());
    }

    #[test]
    fn a_changed_or_removed_ci_is_found_by_its_new_words_only() {
        let mut index = Words::default();
        index.put("a", "Old name");
        index.put("b", "Other");
        index.put("a", "New name");
        assert_eq!(found(&index, "old"), Vec::<String>::new());
        assert_eq!(found(&index, "new"), vec!["a"]);
        index.remove("a");
        assert_eq!(found(&index, "name"), Vec::<String>::new());
        // The number is reused without bringing the old words back.
        index.put("c", "Fresh");
        assert_eq!(found(&index, "fresh"), vec!["c"]);
        assert_eq!(found(&index, "new"), Vec::<String>::new());
        assert_eq!(found(&index, "oth"), vec!["b"]);
    }
}
