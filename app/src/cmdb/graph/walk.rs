//! The bookkeeping of one traversal, packed so that reaching a CI touches one slot.

use std::collections::VecDeque;

/// Depth of a CI not reached yet.
const UNSEEN: u32 = u32::MAX;
/// Parent of a CI the walk started from.
const START: u32 = u32::MAX;

/// What a walk knows of one CI. One slot of 12 bytes instead of three arrays: walks
/// reaching most of a 100k estate spent most of their time waiting on memory.
#[derive(Debug, Clone, Copy)]
struct Visit {
    depth: u32,
    parent: u32,
    label: u16,
    spread: bool,
}

const FRESH: Visit = Visit {
    depth: UNSEEN,
    parent: START,
    label: 0,
    spread: false,
};

#[derive(Debug, Default)]
pub(super) struct Walk {
    visits: Vec<Visit>,
    pub group_failed: Vec<u32>,
    pub queue: VecDeque<u32>,
    /// Every CI reached, in the order reached.
    pub visited: Vec<u32>,
}

impl Walk {
    pub fn new(nodes: usize, groups: usize) -> Self {
        Walk {
            visits: vec![FRESH; nodes],
            group_failed: vec![0; groups],
            queue: VecDeque::new(),
            visited: Vec::new(),
        }
    }

    /// How many CIs the walk has room for.
    pub fn nodes(&self) -> usize {
        self.visits.len()
    }

    pub fn depth(&self, n: u32) -> Option<u32> {
        Some(self.visits[n as usize].depth).filter(|&d| d != UNSEEN)
    }

    /// The CI `n` was reached from, and by which relation label; none for a start.
    pub fn parent(&self, n: u32) -> Option<(u32, u16)> {
        let visit = self.visits[n as usize];
        (visit.depth != UNSEEN && visit.parent != START).then_some((visit.parent, visit.label))
    }

    /// Marks `n` reached, once; the first (nearest) way in is the one explained.
    pub fn reach(&mut self, n: u32, parent: Option<(u32, u16)>, depth: u32) {
        let visit = &mut self.visits[n as usize];
        if visit.depth == UNSEEN {
            let (parent, label) = parent.unwrap_or((START, 0));
            *visit = Visit {
                depth,
                parent,
                label,
                spread: false,
            };
            self.queue.push_back(n);
            self.visited.push(n);
        }
    }

    /// Whether `n` passes its failure on for the first time (and now has).
    pub fn start_spreading(&mut self, n: u32) -> bool {
        !std::mem::replace(&mut self.visits[n as usize].spread, true)
    }

    /// Clears only what the walk touched, so a reused walk costs what it reaches.
    pub fn clear(&mut self) {
        for &n in &self.visited {
            self.visits[n as usize] = FRESH;
        }
        self.visited.clear();
        self.queue.clear();
        self.group_failed.fill(0);
    }
}
