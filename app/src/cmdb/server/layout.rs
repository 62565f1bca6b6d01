//! Server-only: a layered (Sugiyama) layout of a service map, with rust-sugiyama.
//! Needing CIs sit above what they need, so a service is on top of its stack.

use crate::cmdb::map::{MapEdge, MapNode, NODE_HEIGHT, NODE_WIDTH};
use rust_sugiyama::configure::Config;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Space between boxes on a layer, and between layers.
const GAP_X: f64 = 24.0;
const LAYER_HEIGHT: f64 = 96.0;
/// Space between disconnected parts of the map.
const PART_GAP: f64 = 48.0;

/// How many layouts the cache keeps.
const CACHED: usize = 64;

/// Recent layouts by the shape of the map (its node ids and edges), so a big map is laid
/// out once, not on every visit or status change.
#[derive(Clone, Default)]
pub struct LayoutCache(Arc<Mutex<HashMap<u64, Arc<Placement>>>>);

struct Placement {
    at: HashMap<String, (f64, f64)>,
    width: f64,
    height: f64,
}

impl LayoutCache {
    /// As [`layout`], from the cache when this shape was laid out before.
    pub fn layout(&self, mut nodes: Vec<MapNode>, edges: &[MapEdge]) -> (Vec<MapNode>, f64, f64) {
        let mut hasher = DefaultHasher::new();
        for node in &nodes {
            node.id.hash(&mut hasher);
        }
        edges.hash(&mut hasher);
        let key = hasher.finish();
        let cached = self.lock().get(&key).cloned();
        if let Some(placement) = cached {
            for node in &mut nodes {
                (node.x, node.y) = placement.at.get(&node.id).copied().unwrap_or_default();
            }
            return (nodes, placement.width, placement.height);
        }
        let (nodes, width, height) = layout(nodes, edges);
        let at = nodes.iter().map(|n| (n.id.clone(), (n.x, n.y))).collect();
        let mut cache = self.lock();
        if cache.len() >= CACHED {
            cache.clear();
        }
        cache.insert(key, Arc::new(Placement { at, width, height }));
        (nodes, width, height)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Placement>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Places `nodes` (positions ignored) and returns them with the map's width and height.
pub fn layout(mut nodes: Vec<MapNode>, edges: &[MapEdge]) -> (Vec<MapNode>, f64, f64) {
    let index: HashMap<&str, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let vertices: Vec<(u32, (f64, f64))> = (0..nodes.len())
        .map(|i| {
            (
                u32::try_from(i).unwrap_or(u32::MAX),
                (NODE_WIDTH + GAP_X, NODE_HEIGHT),
            )
        })
        .collect();
    let pairs: Vec<(u32, u32)> = edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();
    let config = Config {
        vertex_spacing: 1.0,
        // Swapping neighbours to save crossings is quadratic; big maps skip it.
        transpose: nodes.len() <= 300,
        ..Config::default()
    };
    let parts = rust_sugiyama::from_vertices_and_edges(&vertices, &pairs, &config);
    let (mut left, mut height) = (0.0_f64, 0.0_f64);
    for (positions, _, _) in parts {
        // Layers come as distinct y values; rank them top to bottom.
        let mut ys: Vec<f64> = positions.iter().map(|(_, (_, y))| *y).collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup();
        let min_x = positions
            .iter()
            .map(|(_, (x, _))| *x)
            .fold(f64::INFINITY, f64::min);
        let mut right = left;
        for (v, (x, y)) in positions {
            let layer = ys.iter().position(|l| *l == y).unwrap_or(0) as f64;
            let node = &mut nodes[v];
            node.x = left + (x - min_x);
            node.y = layer * LAYER_HEIGHT;
            right = right.max(node.x + NODE_WIDTH);
            height = height.max(node.y + NODE_HEIGHT);
        }
        left = right + PART_GAP;
    }
    (
        nodes,
        (left - PART_GAP).max(NODE_WIDTH),
        height.max(NODE_HEIGHT),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::domain::CiStatus;

    fn node(id: &str) -> MapNode {
        MapNode {
            id: id.into(),
            name: id.into(),
            class_key: String::new(),
            class_name: String::new(),
            status: CiStatus::Active,
            is_service: false,
            x: 0.0,
            y: 0.0,
        }
    }

    fn edge(from: &str, to: &str) -> MapEdge {
        MapEdge {
            from: from.into(),
            to: to.into(),
            label: "depends on".into(),
        }
    }

    #[test]
    fn a_shape_laid_out_before_comes_from_the_cache() {
        let cache = LayoutCache::default();
        let edges = [edge("shop", "db")];
        let first = cache.layout(vec![node("shop"), node("db")], &edges);
        let mut renamed = vec![node("shop"), node("db")];
        renamed[0].name = "Shop (renamed)".into();
        let again = cache.layout(renamed, &edges);
        assert_eq!(cache.lock().len(), 1);
        assert_eq!((first.1, first.2), (again.1, again.2));
        assert_eq!((again.0[0].x, again.0[0].y), (first.0[0].x, first.0[0].y));
        assert_eq!(again.0[0].name, "Shop (renamed)");
        cache.layout(vec![node("shop"), node("web")], &[edge("shop", "web")]);
        assert_eq!(cache.lock().len(), 2);
    }

    #[test]
    fn what_is_needed_sits_below_and_boxes_never_overlap() {
        let nodes = ["shop", "web1", "web2", "db", "san", "printer"]
            .map(node)
            .to_vec();
        let edges = [
            edge("shop", "web1"),
            edge("shop", "web2"),
            edge("web1", "db"),
            edge("web2", "db"),
            edge("db", "san"),
        ];
        let (placed, width, height) = layout(nodes, &edges);
        let at = |id: &str| {
            placed
                .iter()
                .find(|n| n.id == id)
                .map(|n| (n.x, n.y))
                .unwrap()
        };
        assert!(
            at("shop").1 < at("web1").1 && at("web1").1 < at("db").1 && at("db").1 < at("san").1
        );
        for a in &placed {
            for b in &placed {
                let apart = (a.x - b.x).abs() >= NODE_WIDTH || (a.y - b.y).abs() >= NODE_HEIGHT;
                assert!(a.id == b.id || apart, "{} and {} overlap", a.id, b.id);
            }
            assert!(
                a.x >= 0.0
                    && a.y >= 0.0
                    && a.x + NODE_WIDTH <= width
                    && a.y + NODE_HEIGHT <= height
            );
        }
    }
}
