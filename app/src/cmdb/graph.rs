//! Impact analysis over the CI graph, in memory: what fails when some CIs fail, and what
//! a CI needs. Plain Rust shared by server and browser; the server keeps one graph per
//! node, current with the change stream.

use super::relations::PathStep;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// How a failure travels along a relation `source -> target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Propagation {
    /// The target failing impacts the source (the source depends on the target).
    ToSource,
    /// Either failing impacts the other.
    Both,
    /// No impact either way (placement, backups).
    None,
}

impl Propagation {
    pub fn key(self) -> &'static str {
        match self {
            Propagation::ToSource => "to_source",
            Propagation::Both => "both",
            Propagation::None => "none",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [Propagation::ToSource, Propagation::Both, Propagation::None]
            .into_iter()
            .find(|p| p.key() == key)
    }
}

/// A CI reached by the analysis, with its distance and the path that explains it,
/// starting at a failed (or needed) CI and ending at this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    pub id: String,
    pub depth: u32,
    /// The failed (or needed) CI, with no relation.
    pub from: PathStep,
    pub path: Vec<PathStep>,
}

#[derive(Debug, Default)]
struct Group {
    members: Vec<u32>,
    needed: u32,
}

/// The graph as adjacency lists of dense indices.
#[derive(Debug, Default)]
pub struct Graph {
    ids: Vec<String>,
    /// Each CI's name, for the paths that explain a walk.
    names: Vec<String>,
    index: HashMap<String, u32>,
    labels: Vec<String>,
    label_index: HashMap<String, u16>,
    /// For each CI: who is impacted when it fails, and how they relate to it.
    impacts: Vec<Vec<(u32, u16)>>,
    /// For each CI: what it needs, and how it relates to that.
    needs: Vec<Vec<(u32, u16)>>,
    /// For each CI: every relation it is the source of, whatever its propagation.
    outgoing: Vec<Vec<(u32, u16)>>,
    groups: Vec<Group>,
    groups_of: Vec<Vec<u32>>,
    /// For each CI: whether it is a business service.
    services: Vec<bool>,
    /// The buffers of finished walks, cleared, so a walk costs what it reaches rather
    /// than a fresh buffer the size of the estate.
    walks: Mutex<Vec<Walk>>,
}

impl Graph {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn node(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.index.get(id) {
            return n;
        }
        let n = u32::try_from(self.ids.len()).expect("fewer than 4 billion CIs");
        self.ids.push(id.to_owned());
        self.names.push(String::new());
        self.index.insert(id.to_owned(), n);
        self.impacts.push(Vec::new());
        self.needs.push(Vec::new());
        self.outgoing.push(Vec::new());
        self.groups_of.push(Vec::new());
        self.services.push(false);
        n
    }

    fn label(&mut self, label: &str) -> u16 {
        if let Some(&l) = self.label_index.get(label) {
            return l;
        }
        let l = u16::try_from(self.labels.len()).expect("fewer than 65536 relation labels");
        self.labels.push(label.to_owned());
        self.label_index.insert(label.to_owned(), l);
        l
    }

    /// Adds a CI, or changes its name and whether it is a business service.
    pub fn put_ci(&mut self, id: &str, name: &str, is_service: bool) {
        let n = self.node(id) as usize;
        name.clone_into(&mut self.names[n]);
        self.services[n] = is_service;
    }

    /// Adds `source -[name]-> target`; `reverse` names it read from the target's side.
    pub fn relate(
        &mut self,
        source: &str,
        target: &str,
        name: &str,
        reverse: &str,
        how: Propagation,
    ) {
        let (s, t) = (self.node(source), self.node(target));
        let (forward, backward) = (self.label(name), self.label(reverse));
        self.outgoing[s as usize].push((t, forward));
        if matches!(how, Propagation::ToSource | Propagation::Both) {
            self.impacts[t as usize].push((s, forward));
            self.needs[s as usize].push((t, forward));
        }
        if how == Propagation::Both {
            self.impacts[s as usize].push((t, backward));
            self.needs[t as usize].push((s, backward));
        }
    }

    /// Removes a relation [`Graph::relate`] added; the CIs stay.
    pub fn unrelate(
        &mut self,
        source: &str,
        target: &str,
        name: &str,
        reverse: &str,
        how: Propagation,
    ) {
        let (Some(&s), Some(&t)) = (self.index.get(source), self.index.get(target)) else {
            return;
        };
        let label = |l: &str| self.label_index.get(l).copied();
        let (Some(forward), Some(backward)) = (label(name), label(reverse)) else {
            return;
        };
        let drop = |list: &mut Vec<(u32, u16)>, entry: (u32, u16)| {
            if let Some(at) = list.iter().position(|e| *e == entry) {
                list.swap_remove(at);
            }
        };
        drop(&mut self.outgoing[s as usize], (t, forward));
        if matches!(how, Propagation::ToSource | Propagation::Both) {
            drop(&mut self.impacts[t as usize], (s, forward));
            drop(&mut self.needs[s as usize], (t, forward));
        }
        if how == Propagation::Both {
            drop(&mut self.impacts[s as usize], (t, backward));
            drop(&mut self.needs[t as usize], (s, backward));
        }
    }

    /// A redundancy group: its members' failures pass on only once `needed` of them
    /// (all, when `None`) have failed.
    pub fn group(&mut self, members: &[&str], needed: Option<u32>) {
        let members: Vec<u32> = members.iter().map(|m| self.node(m)).collect();
        let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
        let needed = needed.unwrap_or(count).clamp(1, count.max(1));
        let g = u32::try_from(self.groups.len()).expect("fewer than 4 billion groups");
        for &m in &members {
            self.groups_of[m as usize].push(g);
        }
        self.groups.push(Group { members, needed });
    }

    /// Everything impacted when all of `failed` fail, without the failed CIs themselves.
    /// Unknown ids are ignored.
    pub fn impact(&self, failed: &[&str]) -> Reach<'_> {
        let starts = self.known(failed);
        let mut state = self.walk();
        for &s in &starts {
            state.reach(s, None, 0);
        }
        while let Some(n) = state.queue.pop_front() {
            for &g in &self.groups_of[n as usize] {
                state.group_failed[g as usize] += 1;
                if state.group_failed[g as usize] == self.groups[g as usize].needed {
                    // The group is down: members held back until now pass it on.
                    for &m in &self.groups[g as usize].members {
                        if state.depth(m).is_some() && self.open(m, &state) {
                            self.spread(m, &mut state);
                        }
                    }
                }
            }
            if self.open(n, &state) {
                self.spread(n, &mut state);
            }
        }
        Reach::new(self, state)
    }

    /// Everything a failure of `failed` could reach if no redundancy held it back: what
    /// is degraded, even where a group keeps it up.
    pub fn touched(&self, failed: &[&str]) -> Reach<'_> {
        let starts = self.known(failed);
        let mut state = self.walk();
        for &s in &starts {
            state.reach(s, None, 0);
        }
        while let Some(n) = state.queue.pop_front() {
            let depth = state.depth(n).unwrap_or(0) + 1;
            for &(d, label) in &self.impacts[n as usize] {
                state.reach(d, Some((n, label)), depth);
            }
        }
        Reach::new(self, state)
    }

    /// A cleared walk sized to the graph as it is now.
    fn walk(&self) -> Walk {
        let reused = self
            .walks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match reused {
            Some(walk)
                if walk.nodes() == self.ids.len()
                    && walk.group_failed.len() == self.groups.len() =>
            {
                walk
            }
            _ => Walk::new(self.ids.len(), self.groups.len()),
        }
    }

    /// Takes back a finished walk's buffers, clearing only what it touched.
    fn recycle(&self, mut walk: Walk) {
        walk.clear();
        let mut walks = self.walks.lock().unwrap_or_else(PoisonError::into_inner);
        if walks.len() < 4 {
            walks.push(walk);
        }
    }

    /// The dense indices of the CIs in `ids` the graph knows.
    fn known(&self, ids: &[&str]) -> Vec<u32> {
        ids.iter()
            .filter_map(|id| self.index.get(*id).copied())
            .collect()
    }

    /// Whether a failed CI passes its failure on: only when each of its groups is down.
    fn open(&self, n: u32, state: &Walk) -> bool {
        self.groups_of[n as usize]
            .iter()
            .all(|&g| state.group_failed[g as usize] >= self.groups[g as usize].needed)
    }

    fn spread(&self, n: u32, state: &mut Walk) {
        if !state.start_spreading(n) {
            return;
        }
        let depth = state.depth(n).unwrap_or(0) + 1;
        for &(d, label) in &self.impacts[n as usize] {
            state.reach(d, Some((n, label)), depth);
        }
    }

    /// Everything `id` needs, transitively.
    pub fn needs(&self, id: &str) -> Reach<'_> {
        let Some(&start) = self.index.get(id) else {
            return Reach::new(self, self.walk());
        };
        let mut state = self.walk();
        state.reach(start, None, 0);
        while let Some(n) = state.queue.pop_front() {
            let depth = state.depth(n).unwrap_or(0) + 1;
            for &(t, label) in &self.needs[n as usize] {
                state.reach(t, Some((n, label)), depth);
            }
        }
        Reach::new(self, state)
    }

    /// For each of `roots`, which of the CIs `marked` holds it needs, transitively, itself
    /// included, in no particular order. One walk per root over only what it needs, all
    /// sharing one visited buffer, so asking for hundreds of services stays cheap.
    pub fn needed_among(&self, roots: &[&str], marked: impl Fn(&str) -> bool) -> Vec<Vec<&str>> {
        let marked: Vec<bool> = self.ids.iter().map(|id| marked(id)).collect();
        let mut seen = vec![0u32; self.ids.len()];
        let mut stack = Vec::new();
        roots
            .iter()
            .zip(1u32..)
            .map(|(root, walk)| {
                let mut found = Vec::new();
                if let Some(&start) = self.index.get(*root) {
                    seen[start as usize] = walk;
                    stack.push(start);
                }
                while let Some(n) = stack.pop() {
                    if marked[n as usize] {
                        found.push(self.ids[n as usize].as_str());
                    }
                    for &(t, _) in &self.needs[n as usize] {
                        if std::mem::replace(&mut seen[t as usize], walk) != walk {
                            stack.push(t);
                        }
                    }
                }
                found
            })
            .collect()
    }

    /// The relations among `ids`, as (source, target, label); of several relations
    /// between the same two CIs, only the first.
    pub fn edges_among(&self, ids: &[&str]) -> Vec<(String, String, String)> {
        let members: std::collections::HashSet<u32> = ids
            .iter()
            .filter_map(|id| self.index.get(*id).copied())
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut edges = Vec::new();
        for &n in &members {
            for &(t, label) in &self.outgoing[n as usize] {
                if members.contains(&t) && seen.insert((n.min(t), n.max(t))) {
                    edges.push((
                        self.ids[n as usize].clone(),
                        self.ids[t as usize].clone(),
                        self.labels[label as usize].clone(),
                    ));
                }
            }
        }
        edges.sort();
        edges
    }
}

mod reach;
#[cfg(test)]
mod tests;
mod walk;

pub use reach::Reach;
use walk::Walk;
