//! Incidents raised by monitoring: after alerts or checks change, what fails now is read,
//! each failure's affected services found in the impact index, and the plan of
//! [`crate::tickets::raise`] carried out, each step in one transaction.

use crate::audit::server::Actor;
use crate::cmdb::server::ImpactIndex;
use crate::error::AppError;
use crate::live::server::Changes;
use crate::monitoring::server::FiringAlerts;
use crate::store::Store;
use crate::tickets::priority::Matrix;
use crate::tickets::raise::{plan, Step, CALLER};
use std::time::Duration;

mod failing;
mod steps;
use failing::{signals, sources};
use steps::{cleared, raised, update};

/// How raising behaves: the priority matrix, and whether an incident whose alerts all
/// ended is resolved without a person.
#[derive(Debug, Clone, Copy, Default)]
pub struct RaiseSettings {
    pub matrix: Matrix,
    pub auto_resolve: bool,
}

/// Changes to these tables can start or end a failure. Check results are not broadcast:
/// a check changing state raises a `monitor_event`, and adding or removing one is audited.
const INPUTS: &[&str] = &[
    "alert",
    "monitor_event",
    "audit",
    "ci",
    "rel",
    "redundancy_group",
];

/// The least time between two rounds. A round goes through every firing alert (tens of
/// thousands in an alert storm), so during a storm it runs at this pace, not after each
/// delivery.
const MIN_GAP: Duration = Duration::from_secs(2);

/// Raises incidents soon after alerts or checks change (once a burst settles), and every
/// minute regardless.
pub fn keep(
    store: Store,
    index: ImpactIndex,
    firing: FiringAlerts,
    changes: &Changes,
    settings: RaiseSettings,
) {
    let mut stream = changes.subscribe();
    tokio::spawn(async move {
        loop {
            let last = tokio::time::Instant::now();
            if let Err(error) = round(&store, &index, &firing, settings).await {
                tracing::warn!(%error, "raising incidents from monitoring failed");
            }
            let woke = tokio::time::timeout(Duration::from_secs(60), async {
                loop {
                    match stream.recv().await {
                        Ok(change) if !INPUTS.contains(&change.table.as_str()) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
                        _ => return true,
                    }
                }
            })
            .await;
            if woke == Ok(false) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            tokio::time::sleep_until(last + MIN_GAP).await;
            while stream.try_recv().is_ok() {}
        }
    });
}

/// One round: reads what fails, and opens, adds to or notes incidents as planned.
/// Answers how many steps it took.
pub async fn round(
    store: &Store,
    index: &ImpactIndex,
    firing: &FiringAlerts,
    settings: RaiseSettings,
) -> Result<usize, AppError> {
    let signals = signals(store, index, firing).await?;
    let groups = signals.iter().map(|s| s.group.clone()).collect();
    let sources = sources(store, groups).await?;
    let steps = plan(&signals, &sources, settings.auto_resolve);
    tracing::debug!(signals = ?signals.iter().map(|s| &s.group).collect::<Vec<_>>(), ?sources, ?steps, "raising round");
    let actor = Actor::system(CALLER);
    for step in &steps {
        let done = match step {
            Step::Open(i) => raised(store, index, &actor, &settings.matrix, &signals[*i]).await,
            Step::Update {
                incident,
                group,
                cis,
                services,
                note,
            } => update(store, &actor, incident, group, cis, services, note).await,
            Step::Cleared {
                incident,
                group,
                resolve,
            } => cleared(store, &actor, incident, group, *resolve).await,
        };
        // A step another server took first is not a failure of this round.
        if let Err(error) = done {
            tracing::warn!(%error, ?step, "raising an incident: step not taken");
        }
    }
    Ok(steps.len())
}
