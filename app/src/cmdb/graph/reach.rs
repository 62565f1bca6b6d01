//! The outcome of a walk over the graph, explained on demand.

use super::{Graph, PathStep, Reached, Walk};

/// The outcome of a walk: the CIs reached, nearest first, each explained on demand, so
/// a walk that reaches most of the estate costs only what is asked of it.
pub struct Reach<'g> {
    graph: &'g Graph,
    state: Walk,
    order: Vec<u32>,
}

impl<'g> Reach<'g> {
    /// The walk's starts are the CIs it reached at depth 0; they are not part of the answer.
    pub(super) fn new(graph: &'g Graph, state: Walk) -> Self {
        // Nearest first; within a depth, in the order the CIs were loaded. Sorted as plain
        // integers, depth above index: sorting 80,000 ids as text cost more than the walk.
        let mut keys: Vec<u64> = state
            .visited
            .iter()
            .filter_map(|&n| match state.depth(n) {
                Some(d) if d > 0 => Some(u64::from(d) << 32 | u64::from(n)),
                _ => None,
            })
            .collect();
        keys.sort_unstable();
        let order = keys.into_iter().map(|k| k as u32).collect();
        Reach {
            graph,
            state,
            order,
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The ids reached, nearest first.
    pub fn ids(&self) -> impl Iterator<Item = &'g str> + '_ {
        self.order
            .iter()
            .map(|&n| self.graph.ids[n as usize].as_str())
    }

    /// Whether `id` was reached.
    pub fn contains(&self, id: &str) -> bool {
        self.graph
            .index
            .get(id)
            .is_some_and(|&n| self.state.depth(n).is_some_and(|d| d > 0))
    }

    /// The business services reached, nearest first, with their depth; explain the ones
    /// shown with [`Reach::explain`].
    pub fn services(&self) -> Vec<(&'g str, u32)> {
        self.order
            .iter()
            .filter(|&&n| self.graph.services[n as usize])
            .map(|&n| {
                let depth = self.state.depth(n).unwrap_or(0);
                (self.graph.ids[n as usize].as_str(), depth)
            })
            .collect()
    }

    /// `id` with the path that explains it, if the walk reached it.
    pub fn explain(&self, id: &str) -> Option<Reached> {
        let &n = self.graph.index.get(id)?;
        (self.state.depth(n)? > 0).then(|| self.path(n))
    }

    /// `count` reached CIs from position `skip` on, nearest first, each with its path.
    pub fn page(&self, skip: usize, count: usize) -> Vec<Reached> {
        self.order
            .iter()
            .skip(skip)
            .take(count)
            .map(|&n| self.path(n))
            .collect()
    }

    /// Every reached CI with its path.
    pub fn all(&self) -> Vec<Reached> {
        self.page(0, self.order.len())
    }

    fn path(&self, n: u32) -> Reached {
        let graph = self.graph;
        let step = |at: u32, relation: &str| PathStep {
            id: graph.ids[at as usize].clone(),
            name: graph.names[at as usize].clone(),
            relation: relation.to_owned(),
        };
        let mut path = Vec::new();
        let mut at = n;
        while let Some((previous, label)) = self.state.parent(at) {
            path.push(step(at, &graph.labels[label as usize]));
            at = previous;
        }
        path.reverse();
        Reached {
            id: graph.ids[n as usize].clone(),
            depth: self.state.depth(n).unwrap_or(0),
            from: step(at, ""),
            path,
        }
    }
}

impl Drop for Reach<'_> {
    fn drop(&mut self) {
        self.graph.recycle(std::mem::take(&mut self.state));
    }
}
