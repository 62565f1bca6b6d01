//! Server-only: the impact index. The whole CI graph in memory, so impact analysis
//! answers in microseconds instead of walking the database. It is rebuilt from the
//! store whenever a CI, relation, relation type or redundancy group changes, from this
//! node or any other (through the change stream), and right after this node's own writes.

use super::{criticality_of, status_of};
use crate::cmdb::domain::CiStatus;
use crate::cmdb::graph::{Graph, Propagation, Reached};
use crate::cmdb::map::{MapEdge, MapNode, ServiceMap};
use crate::cmdb::relations::{Affected, Impact, ImpactedCi, PathStep, ServiceSummary};
use crate::error::AppError;
use crate::live::server::Changes;
use crate::store::{checked, key_of, Store};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use surrealdb::types::{RecordId, SurrealValue};
use tokio::sync::Mutex;

/// Tables whose changes change the graph.
const GRAPH_TABLES: &[&str] = &["ci", "rel", "relation_type", "redundancy_group"];

#[derive(Clone)]
pub struct ImpactIndex {
    current: Arc<RwLock<Arc<Snapshot>>>,
    /// One rebuild at a time.
    rebuilding: Arc<Mutex<()>>,
}

#[derive(Default)]
struct Snapshot {
    graph: Graph,
    cis: HashMap<String, ImpactedCi>,
    /// Each CI's class key, for map icons.
    classes: HashMap<String, String>,
    owners: HashMap<String, String>,
}

#[derive(SurrealValue)]
struct NodeRow {
    id: RecordId,
    name: String,
    class: Option<RecordId>,
    class_name: Option<String>,
    status: String,
    criticality: i64,
    owner: Option<String>,
}

#[derive(SurrealValue)]
struct EdgeRow {
    source: RecordId,
    target: RecordId,
    name: String,
    reverse: String,
    propagation: String,
}

#[derive(SurrealValue)]
struct GroupRow {
    members: Vec<RecordId>,
    failures_to_propagate: Option<i64>,
}

impl ImpactIndex {
    /// Builds the index and keeps it current with the change stream.
    pub async fn start(store: &Store, changes: &Changes) -> Result<Self, AppError> {
        let index = ImpactIndex {
            current: Arc::default(),
            rebuilding: Arc::default(),
        };
        index.rebuild(store).await?;
        let mut stream = changes.subscribe();
        let (follower, store) = (index.clone(), store.clone());
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match stream.recv().await {
                    Ok(change) if !GRAPH_TABLES.contains(&change.table.as_str()) => continue,
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return,
                }
                // Let a burst of changes (an import) settle into one rebuild.
                tokio::time::sleep(Duration::from_millis(200)).await;
                while !stream.is_empty() {
                    let _ = stream.try_recv();
                }
                if let Err(error) = follower.rebuild(&store).await {
                    tracing::warn!(%error, "impact index rebuild failed; keeping the last one");
                }
            }
        });
        Ok(index)
    }

    /// Reloads the graph from the store.
    pub async fn rebuild(&self, store: &Store) -> Result<(), AppError> {
        let _one = self.rebuilding.lock().await;
        let started = Instant::now();
        let mut response = checked(
            store
                .db()
                .query("SELECT id, name, class, class.name AS class_name, status, criticality, owner FROM ci")
                .query(
                    "SELECT in AS source, out AS target, kind.name AS name, kind.reverse AS reverse, \
                     kind.propagation AS propagation FROM rel",
                )
                .query("SELECT members, failures_to_propagate FROM redundancy_group")
                .await?,
        )?;
        let nodes: Vec<NodeRow> = response.take(0)?;
        let edges: Vec<EdgeRow> = response.take(1)?;
        let groups: Vec<GroupRow> = response.take(2)?;
        let mut snapshot = Snapshot::default();
        for node in nodes {
            let id = key_of(&node.id);
            snapshot.graph.add_ci(&id);
            let class_key = node.class.as_ref().map(key_of).unwrap_or_default();
            let is_service = class_key == "business_service";
            snapshot.classes.insert(id.clone(), class_key);
            if let Some(owner) = node.owner {
                snapshot.owners.insert(id.clone(), owner);
            }
            snapshot.cis.insert(
                id.clone(),
                ImpactedCi {
                    id,
                    name: node.name,
                    class_name: node.class_name.unwrap_or_default(),
                    status: status_of(&node.status)?,
                    criticality: criticality_of(node.criticality)?,
                    is_service,
                },
            );
        }
        for edge in &edges {
            let how = Propagation::parse(&edge.propagation).unwrap_or(Propagation::None);
            snapshot.graph.relate(
                &key_of(&edge.source),
                &key_of(&edge.target),
                &edge.name,
                &edge.reverse,
                how,
            );
        }
        for group in groups {
            let members: Vec<String> = group.members.iter().map(key_of).collect();
            let members: Vec<&str> = members.iter().map(String::as_str).collect();
            let needed = group
                .failures_to_propagate
                .and_then(|n| u32::try_from(n).ok());
            snapshot.graph.group(&members, needed);
        }
        tracing::debug!(cis = snapshot.graph.len(), relations = edges.len(), took = ?started.elapsed(), "impact index rebuilt");
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        Ok(())
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// What is affected if all of `failed` fail.
    pub fn impact(&self, failed: &[String]) -> Result<Impact, AppError> {
        let snapshot = self.snapshot();
        let ids: Vec<&str> = failed.iter().map(String::as_str).collect();
        let reached = snapshot.graph.impact(&ids);
        snapshot.explain(failed, reached)
    }

    /// The map around `id`: everything it needs and everything that needs it, laid out
    /// in layers.
    pub fn map(&self, id: &str) -> Result<ServiceMap, AppError> {
        let snapshot = self.snapshot();
        let focus = snapshot.ci(id)?;
        let mut ids = vec![focus.id.clone()];
        ids.extend(snapshot.graph.needs(id).into_iter().map(|r| r.id));
        ids.extend(snapshot.graph.impact(&[id]).into_iter().map(|r| r.id));
        ids.sort();
        ids.dedup();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let edges: Vec<MapEdge> = snapshot
            .graph
            .edges_among(&refs)
            .into_iter()
            .map(|(from, to, label)| MapEdge { from, to, label })
            .collect();
        let nodes = ids
            .iter()
            .map(|id| {
                let ci = snapshot.ci(id)?;
                Ok(MapNode {
                    id: ci.id.clone(),
                    name: ci.name.clone(),
                    class_key: snapshot.classes.get(id).cloned().unwrap_or_default(),
                    class_name: ci.class_name.clone(),
                    status: ci.status,
                    is_service: ci.is_service,
                    x: 0.0,
                    y: 0.0,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let (nodes, width, height) = super::layout::layout(nodes, &edges);
        Ok(ServiceMap {
            focus: id.to_owned(),
            nodes,
            edges,
            width,
            height,
        })
    }

    /// The business services, most critical first, each with what it needs.
    pub fn services(&self) -> Vec<ServiceSummary> {
        let snapshot = self.snapshot();
        let mut services: Vec<ServiceSummary> = snapshot
            .cis
            .values()
            .filter(|ci| ci.is_service)
            .map(|ci| {
                let needs = snapshot.graph.needs(&ci.id);
                let attention = needs
                    .iter()
                    .filter(|r| {
                        snapshot
                            .cis
                            .get(&r.id)
                            .is_some_and(|n| n.status != CiStatus::Active)
                    })
                    .count();
                ServiceSummary {
                    ci: ci.clone(),
                    owner: snapshot.owners.get(&ci.id).cloned(),
                    needs: needs.len(),
                    attention,
                }
            })
            .collect();
        services.sort_by(|a, b| {
            (a.ci.criticality, a.ci.name.to_lowercase())
                .cmp(&(b.ci.criticality, b.ci.name.to_lowercase()))
        });
        services
    }

    /// Everything `id` needs, transitively.
    pub fn needs(&self, id: &str) -> Result<Impact, AppError> {
        let snapshot = self.snapshot();
        let reached = snapshot.graph.needs(id);
        snapshot.explain(&[id.to_owned()], reached)
    }
}

impl Snapshot {
    fn ci(&self, id: &str) -> Result<&ImpactedCi, AppError> {
        self.cis
            .get(id)
            .ok_or_else(|| AppError::NotFound("This configuration item".into()))
    }

    fn step(&self, id: &str, relation: &str) -> Result<PathStep, AppError> {
        Ok(PathStep {
            id: id.to_owned(),
            name: self.ci(id)?.name.clone(),
            relation: relation.to_owned(),
        })
    }

    fn explain(&self, starts: &[String], reached: Vec<Reached>) -> Result<Impact, AppError> {
        let starts = starts
            .iter()
            .map(|id| self.ci(id).cloned())
            .collect::<Result<Vec<_>, _>>()?;
        let affected = reached
            .into_iter()
            .map(|r| {
                Ok(Affected {
                    ci: self.ci(&r.id)?.clone(),
                    depth: r.depth,
                    from: self.step(&r.from, "")?,
                    path: r
                        .path
                        .iter()
                        .map(|s| self.step(&s.id, &s.relation))
                        .collect::<Result<_, AppError>>()?,
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(Impact { starts, affected })
    }
}
