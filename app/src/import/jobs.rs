//! Server-only: imports running in the background, so a browser can show a progress bar
//! while a large file is written.

use super::plan::Plan;
use super::report::Progress;
use crate::audit::server::Actor;
use crate::cmdb::server::ImpactIndex;
use crate::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Finished jobs kept for their reports; older ones are forgotten.
const KEEP: usize = 50;

#[derive(Clone, Default)]
pub struct ImportJobs {
    jobs: Arc<Mutex<HashMap<String, (u64, Progress)>>>,
    started: Arc<std::sync::atomic::AtomicU64>,
}

impl ImportJobs {
    fn set(&self, id: &str, progress: Progress) {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = jobs.get_mut(id) {
            entry.1 = progress;
        }
    }

    /// Starts writing `plan` and returns the job's id.
    /// Runs the import in the background; the impact index reloads before the job
    /// reports done, so what the import wrote is analysed and counted at once.
    pub fn start(&self, store: Store, index: ImpactIndex, actor: Actor, plan: Plan) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let order = self
            .started
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        {
            let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
            if jobs.len() >= KEEP {
                let finished = jobs
                    .iter()
                    .filter(|(_, (_, p))| p.outcome.is_some())
                    .min_by_key(|(_, (n, _))| *n);
                if let Some(oldest) = finished.map(|(k, _)| k.clone()) {
                    jobs.remove(&oldest);
                }
            }
            let queued = Progress {
                phase: "Queued".into(),
                ..Progress::default()
            };
            jobs.insert(id.clone(), (order, queued));
        }
        let (jobs, job) = (self.clone(), id.clone());
        tokio::spawn(async move {
            let mut result =
                super::server::commit(&store, &actor, plan, |p| jobs.set(&job, p)).await;
            if result.is_ok() {
                if let Err(error) = index.rebuild(&store).await {
                    result = Err(error);
                }
            }
            let mut last = jobs.get(&job).unwrap_or_default();
            last.outcome = Some(result.map_err(|error| error.to_string()));
            jobs.set(&job, last);
        });
        id
    }

    pub fn get(&self, id: &str) -> Option<Progress> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id).map(|(_, p)| p.clone())
    }
}
