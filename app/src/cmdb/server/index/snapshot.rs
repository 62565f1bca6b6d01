//! The graph and the CI facts the impact index answers from, loaded whole from the store
//! or patched one CI at a time.

use super::listing::{Listed, Listing};
use crate::cmdb::graph::{Graph, Propagation};
use crate::cmdb::query::ValidQuery;
use crate::cmdb::relations::ImpactedCi;
use crate::cmdb::server::{criticality_of, environment_of, status_of};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use std::collections::{HashMap, HashSet};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(Default)]
pub(super) struct Snapshot {
    pub graph: Graph,
    pub cis: HashMap<String, ImpactedCi>,
    /// What the inventory filters and sorts each CI by.
    pub listed: Listing,
    class_names: HashMap<String, String>,
    kinds: HashMap<String, Kind>,
    /// Every relation by its key, and the relations of each CI.
    edges: HashMap<String, Edge>,
    incident: HashMap<String, HashSet<String>>,
    /// CIs in a redundancy group: deleting one changes a group, so the whole index reloads.
    pub grouped: HashSet<String>,
}

struct Kind {
    name: String,
    reverse: String,
    how: Propagation,
}

struct Edge {
    source: String,
    target: String,
    kind: String,
}

#[derive(SurrealValue)]
pub(super) struct NodeRow {
    id: RecordId,
    name: String,
    name_key: String,
    class: Option<RecordId>,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    description: String,
    tags: Vec<String>,
    updated_at: Datetime,
}

impl NodeRow {
    /// What a search finds the CI by.
    fn search_text(&self) -> String {
        [
            self.name.as_str(),
            self.owner.as_deref().unwrap_or_default(),
            &self.description,
            &self.tags.join(" "),
        ]
        .join(" ")
    }
}

const NODE: &str = "SELECT id, name, name_key, class, status, environment, criticality, owner, \
     description, tags, updated_at FROM";

#[derive(SurrealValue)]
pub(super) struct EdgeRow {
    id: RecordId,
    source: RecordId,
    target: RecordId,
    kind: RecordId,
}

#[derive(SurrealValue)]
struct KindRow {
    id: RecordId,
    name: String,
    reverse: String,
    propagation: String,
}

#[derive(SurrealValue)]
struct ClassRow {
    id: RecordId,
    name: String,
}

#[derive(SurrealValue)]
struct GroupRow {
    members: Vec<RecordId>,
    failures_to_propagate: Option<i64>,
}

/// A CI as stored now (none if deleted) with every relation it is on, or without them
/// when only its own fields changed.
pub(super) struct Fresh {
    key: String,
    node: Option<NodeRow>,
    edges: Option<Vec<EdgeRow>>,
}

impl Fresh {
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn is_gone(&self) -> bool {
        self.node.is_none()
    }

    pub async fn read(store: &Store, key: &str) -> Result<Self, AppError> {
        let id = crate::cmdb::server::ci_id(key);
        let mut response = checked(
            store
                .db()
                .query([NODE, " ONLY $id"].concat())
                .query("SELECT id, in AS source, out AS target, kind FROM rel WHERE in = $id")
                .query("SELECT id, in AS source, out AS target, kind FROM $id<-rel")
                .bind(("id", id))
                .await?,
        )?;
        let node: Option<NodeRow> = response.take(0)?;
        let mut edges: Vec<EdgeRow> = response.take(1)?;
        edges.extend(response.take::<Vec<EdgeRow>>(2)?);
        Ok(Fresh {
            key: key.to_owned(),
            node,
            edges: Some(edges),
        })
    }

    /// The CI's own fields only: its relations are as the index has them.
    pub async fn read_fields(store: &Store, key: &str) -> Result<Self, AppError> {
        let id = crate::cmdb::server::ci_id(key);
        let node: Option<NodeRow> = checked(
            store
                .db()
                .query([NODE, " ONLY $id"].concat())
                .bind(("id", id))
                .await?,
        )?
        .take(0)?;
        Ok(Fresh {
            key: key.to_owned(),
            node,
            edges: None,
        })
    }
}

impl Snapshot {
    pub async fn load(store: &Store) -> Result<Self, AppError> {
        let mut response = checked(
            store
                .db()
                .query("SELECT id, name FROM ci_class")
                .query("SELECT id, name, reverse, propagation FROM relation_type")
                .query([NODE, " ci"].concat())
                .query("SELECT id, in AS source, out AS target, kind FROM rel")
                .query("SELECT members, failures_to_propagate FROM redundancy_group")
                .await?,
        )?;
        let classes: Vec<ClassRow> = response.take(0)?;
        let kinds: Vec<KindRow> = response.take(1)?;
        let nodes: Vec<NodeRow> = response.take(2)?;
        let edges: Vec<EdgeRow> = response.take(3)?;
        let groups: Vec<GroupRow> = response.take(4)?;
        let mut snapshot = Snapshot {
            class_names: classes
                .into_iter()
                .map(|c| (key_of(&c.id), c.name))
                .collect(),
            kinds: kinds
                .into_iter()
                .map(|k| {
                    let how = Propagation::parse(&k.propagation).unwrap_or(Propagation::None);
                    let kind = Kind {
                        name: k.name,
                        reverse: k.reverse,
                        how,
                    };
                    (key_of(&k.id), kind)
                })
                .collect(),
            ..Snapshot::default()
        };
        for node in nodes {
            snapshot.put_ci(node)?;
        }
        for edge in edges {
            snapshot.put_edge(edge);
        }
        for group in groups {
            let members: Vec<String> = group.members.iter().map(key_of).collect();
            snapshot.grouped.extend(members.iter().cloned());
            let members: Vec<&str> = members.iter().map(String::as_str).collect();
            let needed = group
                .failures_to_propagate
                .and_then(|n| u32::try_from(n).ok());
            snapshot.graph.group(&members, needed);
        }
        Ok(snapshot)
    }

    /// Replaces what the snapshot knows of one CI and its relations.
    pub fn apply(&mut self, fresh: Fresh) -> Result<(), AppError> {
        // A deleted CI takes its relations with it.
        if fresh.edges.is_some() || fresh.node.is_none() {
            for rel in self.incident.remove(&fresh.key).unwrap_or_default() {
                self.drop_edge(&rel);
            }
        }
        match fresh.node {
            Some(node) => {
                self.put_ci(node)?;
                for edge in fresh.edges.into_iter().flatten() {
                    self.put_edge(edge);
                }
            }
            None => {
                self.cis.remove(&fresh.key);
                self.listed.remove(&fresh.key);
            }
        }
        Ok(())
    }

    /// The two CIs of a relation this snapshot knows.
    pub fn ends(&self, rel: &str) -> Option<[String; 2]> {
        self.edges
            .get(rel)
            .map(|e| [e.source.clone(), e.target.clone()])
    }

    fn put_ci(&mut self, node: NodeRow) -> Result<(), AppError> {
        let id = key_of(&node.id);
        let class_key = node.class.as_ref().map(key_of).unwrap_or_default();
        let class_name = self.class_names.get(&class_key).cloned();
        let is_service = class_key == "business_service";
        self.graph.put_ci(&id, &node.name, is_service);
        let class = self.listed.intern(&class_key);
        let status = status_of(&node.status)?;
        let text = node.search_text();
        self.listed.put(
            Listed {
                key: id.clone(),
                name_key: node.name_key,
                class,
                status: status.label(),
                environment: environment_of(&node.environment)?.label(),
                criticality: node.criticality,
                owner: node.owner,
                tags: node.tags,
                updated_at: node.updated_at,
            },
            &text,
        );
        self.cis.insert(
            id.clone(),
            ImpactedCi {
                id,
                name: node.name,
                class_name: class_name.unwrap_or_default(),
                status,
                criticality: criticality_of(node.criticality)?,
                is_service,
            },
        );
        Ok(())
    }

    fn put_edge(&mut self, row: EdgeRow) {
        let key = key_of(&row.id);
        self.drop_edge(&key);
        let edge = Edge {
            source: key_of(&row.source),
            target: key_of(&row.target),
            kind: key_of(&row.kind),
        };
        let Some(kind) = self.kinds.get(&edge.kind) else {
            return;
        };
        self.graph.relate(
            &edge.source,
            &edge.target,
            &kind.name,
            &kind.reverse,
            kind.how,
        );
        for end in [&edge.source, &edge.target] {
            self.incident
                .entry(end.clone())
                .or_default()
                .insert(key.clone());
        }
        self.edges.insert(key, edge);
    }

    fn drop_edge(&mut self, key: &str) {
        let Some(edge) = self.edges.remove(key) else {
            return;
        };
        if let Some(kind) = self.kinds.get(&edge.kind) {
            self.graph.unrelate(
                &edge.source,
                &edge.target,
                &kind.name,
                &kind.reverse,
                kind.how,
            );
        }
        for end in [&edge.source, &edge.target] {
            if let Some(rels) = self.incident.get_mut(end) {
                rels.remove(key);
            }
        }
    }

    /// One page of the inventory (keys) and how many CIs match; see [`Listing::page`].
    pub fn list(&self, query: &ValidQuery) -> (Vec<String>, u64) {
        self.listed.page(&self.class_names, query)
    }

    pub fn class_of(&self, id: &str) -> Option<&str> {
        self.listed.class_of(id)
    }

    pub fn owner_of(&self, id: &str) -> Option<&str> {
        self.listed.owner_of(id)
    }

    pub fn ci(&self, id: &str) -> Result<&ImpactedCi, AppError> {
        self.cis
            .get(id)
            .ok_or_else(|| AppError::NotFound("This configuration item".into()))
    }
}
