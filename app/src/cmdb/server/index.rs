//! Server-only: the impact index. The whole CI graph in memory, so impact analysis
//! answers in microseconds instead of walking the database. Changes from this node or
//! any other (through the change stream) patch the CIs and relations they touch; this
//! node's own writes patch it before they answer. Relation types, groups and bursts
//! (imports) reload it whole.

mod explain;
mod listing;
mod snapshot;
mod words;

use super::layout::LayoutCache;
use crate::cmdb::domain::{CiLink, CiStatus};
use crate::cmdb::graph::Graph;
use crate::cmdb::map::{MapEdge, MapNode, ServiceMap};
use crate::cmdb::query::ValidQuery;
use crate::cmdb::relations::{Impact, ImpactPages, ImpactedCi, ServiceSummary};
use crate::error::AppError;
use crate::live::server::Changes;
use crate::live::{Change, ChangeKind};
use crate::store::Store;
use snapshot::{Fresh, Snapshot};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, MutexGuard};

/// Tables whose changes change the index; of these, changes to classes, relation types
/// and groups reload the whole index, CIs and relations are patched in place.
const GRAPH_TABLES: &[&str] = &["ci", "rel", "ci_class", "relation_type", "redundancy_group"];

/// More changed records than this in one burst (an import) reload the whole index.
const PATCH_LIMIT: usize = 500;

#[derive(Clone)]
pub struct ImpactIndex {
    current: Arc<RwLock<Snapshot>>,
    /// One reload or patch at a time.
    writing: Arc<Mutex<()>>,
    /// When the last whole reload started reading.
    loaded: Arc<std::sync::Mutex<Option<Instant>>>,
    layouts: LayoutCache,
}

/// What a burst of changes touched.
#[derive(Default)]
struct Touched {
    /// Each CI with the write heard last (none for a deletion).
    cis: BTreeMap<String, Option<i64>>,
    rels: BTreeSet<String>,
    everything: bool,
}

impl Touched {
    /// Notes `change`, unless it is a CI write the index already has (this node's own
    /// save, patched before it answered).
    fn add(&mut self, change: &Change, index: &ImpactIndex) {
        match change.table.as_str() {
            "ci" => {
                let written = match change.kind {
                    ChangeKind::Delete => None,
                    _ => change.written,
                };
                if !index.holds(&change.key, written) {
                    self.cis.insert(change.key.clone(), written);
                }
            }
            "rel" => {
                self.rels.insert(change.key.clone());
            }
            _ => self.everything = true,
        }
    }

    /// Forgets the CI writes the index came to hold while the burst settled.
    fn drop_held(&mut self, index: &ImpactIndex) {
        self.cis.retain(|key, written| !index.holds(key, *written));
    }

    fn is_empty(&self) -> bool {
        self.cis.is_empty() && self.rels.is_empty() && !self.everything
    }

    fn is_large(&self) -> bool {
        self.everything || self.cis.len() + self.rels.len() > PATCH_LIMIT
    }
}

impl ImpactIndex {
    /// Builds the index and keeps it current with the change stream.
    pub async fn start(store: &Store, changes: &Changes) -> Result<Self, AppError> {
        let index = ImpactIndex {
            current: Arc::default(),
            writing: Arc::default(),
            loaded: Arc::default(),
            layouts: LayoutCache::default(),
        };
        index.rebuild(store).await?;
        let mut stream = changes.subscribe_to(GRAPH_TABLES);
        let (follower, store) = (index.clone(), store.clone());
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::{RecvError, TryRecvError};
            loop {
                let mut touched = Touched::default();
                let received = stream.recv().await;
                // When the burst's last change arrived: a reload that started later has it.
                let mut last = Instant::now();
                match received {
                    Ok(change) => touched.add(&change, &follower),
                    Err(RecvError::Lagged(_)) => touched.everything = true,
                    Err(RecvError::Closed) => return,
                }
                // Let a burst settle: a few changes until 100 ms pass without one, for up
                // to 5 s; an import until 2 s pass without one (its batches commit several
                // times a second), for up to 60 s, rather than reloading after every batch.
                let settle = Instant::now();
                loop {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    loop {
                        match stream.try_recv() {
                            Ok(change) => {
                                last = Instant::now();
                                touched.add(&change, &follower);
                            }
                            Err(TryRecvError::Lagged(_)) => {
                                last = Instant::now();
                                touched.everything = true;
                            }
                            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
                        }
                    }
                    let (quiet, most) = if touched.is_large() {
                        (Duration::from_secs(2), Duration::from_secs(60))
                    } else {
                        (Duration::from_millis(100), Duration::from_secs(5))
                    };
                    if last.elapsed() >= quiet || settle.elapsed() > most {
                        break;
                    }
                }
                touched.drop_held(&follower);
                let done = if touched.is_empty() || follower.loaded_since(last) {
                    // An import reloads the index itself when it ends; once is enough.
                    Ok(())
                } else if touched.is_large() {
                    follower.rebuild(&store).await
                } else {
                    follower
                        .reload(&store, touched.cis.keys(), &touched.rels)
                        .await
                };
                if let Err(error) = done {
                    tracing::warn!(%error, "impact index update failed; keeping the last one");
                }
            }
        });
        Ok(index)
    }

    /// Reloads the whole graph from the store.
    pub async fn rebuild(&self, store: &Store) -> Result<(), AppError> {
        let _one = self.writing.lock().await;
        let started = Instant::now();
        let snapshot = Snapshot::load(store).await?;
        tracing::debug!(cis = snapshot.graph.len(), took = ?started.elapsed(), "impact index rebuilt");
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = snapshot;
        *self.loaded.lock().unwrap_or_else(|e| e.into_inner()) = Some(started);
        Ok(())
    }

    /// Whether a whole reload started after `at`, so that it read every change made before.
    fn loaded_since(&self, at: Instant) -> bool {
        self.loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|loaded| loaded >= at)
    }

    /// Re-reads the CIs `cis`, the ends of the relations `rels`, and the relations of
    /// all of them. A deleted member of a redundancy group reloads everything.
    pub async fn reload<'k>(
        &self,
        store: &Store,
        cis: impl IntoIterator<Item = &'k String>,
        rels: impl IntoIterator<Item = &'k String>,
    ) -> Result<(), AppError> {
        let _one = self.writing.lock().await;
        let mut keys: BTreeSet<String> = cis.into_iter().cloned().collect();
        for rel in rels {
            let known = self.snapshot().ends(rel);
            match known {
                Some(ends) => keys.extend(ends),
                None => keys.extend(super::relations::ends(store, rel).await?),
            }
        }
        let mut fresh = Vec::with_capacity(keys.len());
        for key in &keys {
            fresh.push(Fresh::read(store, key).await?);
        }
        self.apply(store, fresh, _one).await
    }

    /// Reads one CI's own fields again after a change that left its relations alone.
    pub async fn reload_fields(&self, store: &Store, key: &str) -> Result<(), AppError> {
        let _one = self.writing.lock().await;
        let fresh = Fresh::read_fields(store, key).await?;
        self.apply(store, vec![fresh], _one).await
    }

    /// Puts what was read into the snapshot, while `_one` keeps other writers out.
    async fn apply(
        &self,
        store: &Store,
        fresh: Vec<Fresh>,
        _one: MutexGuard<'_, ()>,
    ) -> Result<(), AppError> {
        if fresh
            .iter()
            .any(|f| f.is_gone() && self.snapshot().grouped.contains(f.key()))
        {
            drop(_one);
            return self.rebuild(store).await;
        }
        let mut snapshot = self.current.write().unwrap_or_else(|e| e.into_inner());
        for f in fresh {
            snapshot.apply(f)?;
        }
        Ok(())
    }

    fn snapshot(&self) -> RwLockReadGuard<'_, Snapshot> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    /// What is affected if all of `failed` fail: one page of services, one of CIs.
    pub fn impact(&self, failed: &[String], pages: ImpactPages) -> Result<Impact, AppError> {
        let snapshot = self.snapshot();
        let ids: Vec<&str> = failed.iter().map(String::as_str).collect();
        let reach = snapshot.graph.impact(&ids);
        snapshot.explain(failed, &reach, pages)
    }

    /// The names of every business service affected if all of `failed` fail, most
    /// critical first.
    pub fn services_hit(&self, failed: &[String]) -> Result<Vec<String>, AppError> {
        let snapshot = self.snapshot();
        let ids: Vec<&str> = failed.iter().map(String::as_str).collect();
        let reach = snapshot.graph.impact(&ids);
        let hit = snapshot.services_hit(&reach)?;
        Ok(hit.into_iter().map(|(ci, _)| ci.name.clone()).collect())
    }

    /// The map around `id`: everything it needs and everything that needs it, laid out
    /// in layers, with what the failure of `failed` would affect.
    pub fn map(&self, id: &str, failed: &[String]) -> Result<ServiceMap, AppError> {
        let (nodes, edges, affected, affected_total) = {
            let snapshot = self.snapshot();
            let focus = snapshot.ci(id)?;
            let mut ids = vec![focus.id.clone()];
            ids.extend(snapshot.graph.needs(id).ids().map(str::to_owned));
            ids.extend(snapshot.graph.impact(&[id]).ids().map(str::to_owned));
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
                        class_key: snapshot.class_of(id).unwrap_or_default().to_owned(),
                        class_name: ci.class_name.clone(),
                        status: ci.status,
                        is_service: ci.is_service,
                        x: 0.0,
                        y: 0.0,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            let failed: Vec<&str> = failed.iter().map(String::as_str).collect();
            let reach = snapshot.graph.impact(&failed);
            let affected: Vec<String> = ids.into_iter().filter(|id| reach.contains(id)).collect();
            (nodes, edges, affected, reach.len())
        };
        // Laid out without holding the index, so a big map never blocks updates.
        let (nodes, width, height) = self.layouts.layout(nodes, &edges);
        Ok(ServiceMap {
            focus: id.to_owned(),
            failed: failed.to_vec(),
            affected,
            affected_total,
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
                    .ids()
                    .filter(|id| {
                        snapshot
                            .cis
                            .get(*id)
                            .is_some_and(|n| n.status != CiStatus::Active)
                    })
                    .count();
                ServiceSummary {
                    ci: ci.clone(),
                    owner: snapshot.owner_of(&ci.id).map(str::to_owned),
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

    /// One page of the inventory (CI keys in order), searched, filtered and sorted as
    /// `query` says, and how many CIs match.
    pub fn list(&self, query: &ValidQuery) -> (Vec<String>, u64) {
        self.snapshot().list(query)
    }

    /// The keys of every CI matching `query`, in its order (the export).
    pub fn list_all(&self, query: &ValidQuery) -> Vec<String> {
        let all = ValidQuery {
            page: 1,
            per_page: u32::MAX,
            ..query.clone()
        };
        self.snapshot().list(&all).0
    }

    /// Up to ten CIs whose name contains `text`, for typeahead: those whose name starts
    /// with it first, then by name.
    pub fn suggest(&self, text: &str) -> Vec<CiLink> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Vec::new();
        }
        let snapshot = self.snapshot();
        snapshot
            .listed
            .suggest(&text, 10)
            .iter()
            .filter_map(|key| snapshot.cis.get(key))
            .map(|ci| CiLink {
                id: ci.id.clone(),
                name: ci.name.clone(),
                status: ci.status,
            })
            .collect()
    }

    /// Runs `f` over the graph and the CIs as they are now, for reckonings of its own
    /// (monitoring's service status); `f` should be quick, as it holds the index.
    pub fn read<R>(&self, f: impl FnOnce(&Graph, &HashMap<String, ImpactedCi>) -> R) -> R {
        let snapshot = self.snapshot();
        f(&snapshot.graph, &snapshot.cis)
    }

    /// Whether the index has CI `key` as written at `written` (its `updated_at` in ns).
    fn holds(&self, key: &str, written: Option<i64>) -> bool {
        written.is_some_and(|at| self.snapshot().listed.written(key) == Some(at))
    }

    /// How many CIs each class (by key) has.
    pub fn class_counts(&self) -> HashMap<String, u64> {
        self.snapshot().listed.class_counts()
    }

    /// Everything `id` needs, transitively: one page of services, one of CIs.
    pub fn needs(&self, id: &str, pages: ImpactPages) -> Result<Impact, AppError> {
        let snapshot = self.snapshot();
        let reach = snapshot.graph.needs(id);
        snapshot.explain(&[id.to_owned()], &reach, pages)
    }
}
