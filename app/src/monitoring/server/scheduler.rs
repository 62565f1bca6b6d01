//! Server-only: runs every check on its interval, inside the server. Each run is a task
//! of its own under a concurrency limit, so a slow target delays nobody else; the first
//! run of each check is spread over a few seconds so a restart does not fire them all at
//! once. The confirmed states live in the store, so a restart carries on where it was.

use super::checks::{self, CheckRecord, Outcome};
use crate::monitoring::domain::CheckSettings;
use crate::monitoring::health::{is_flapping, judge, Confirmed, Observation};
use crate::store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Notify, Semaphore};

/// How many checks may run at the same moment.
const CONCURRENCY: usize = 256;
/// How often the schedule is compared with the store, besides on every nudge.
const SYNC_EVERY: Duration = Duration::from_secs(10);
/// State changes within the window that make a check flap.
const FLAP_CHANGES: usize = 5;
const FLAP_WINDOW_S: i64 = 600;
/// Raw results are kept this many days, then rolled up by the hour.
const RAW_DAYS: u64 = 7;
const COMPACT_EVERY: Duration = Duration::from_secs(3600);

/// Tells the scheduler that checks were added, changed or removed.
#[derive(Clone)]
pub struct Scheduler {
    nudge: Arc<Notify>,
}

/// What the scheduler remembers of one check between runs.
struct Memory {
    confirmed: Confirmed,
    /// When its state last changed (Unix seconds), for flapping.
    changes: Vec<i64>,
}

struct Slot {
    settings: CheckSettings,
    next: Instant,
    /// `None` while a run has it.
    memory: Option<Memory>,
}

impl Scheduler {
    pub fn start(store: Store) -> Scheduler {
        let nudge = Arc::new(Notify::new());
        tokio::spawn(run(store, nudge.clone()));
        Scheduler { nudge }
    }

    pub fn nudge(&self) {
        self.nudge.notify_one();
    }
}

async fn run(store: Store, nudge: Arc<Notify>) {
    let client = super::probe::client();
    let limit = Arc::new(Semaphore::new(CONCURRENCY));
    let (done_tx, mut done) = mpsc::unbounded_channel::<(String, Memory)>();
    let mut slots: HashMap<String, Slot> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let mut synced: Option<Instant> = None;
    let mut compacted = Instant::now();
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = nudge.notified() => synced = None,
            Some((key, memory)) = done.recv() => {
                if let Some(slot) = slots.get_mut(&key) {
                    slot.memory = Some(memory);
                }
                continue;
            }
        }
        if synced.is_none_or(|at| at.elapsed() >= SYNC_EVERY) {
            match checks::all(&store).await {
                Ok(records) => sync(&mut slots, records),
                Err(error) => {
                    tracing::warn!(%error, "cannot read the checks; keeping the schedule")
                }
            }
            synced = Some(Instant::now());
        }
        if compacted.elapsed() >= COMPACT_EVERY {
            compacted = Instant::now();
            let store = store.clone();
            tokio::spawn(async move {
                match checks::compact(&store, RAW_DAYS).await {
                    Ok(hours) => tracing::info!(hours, "old check results rolled up by the hour"),
                    Err(error) => tracing::warn!(%error, "cannot roll up old check results"),
                }
            });
        }
        let now = Instant::now();
        for (key, slot) in &mut slots {
            if slot.next > now || slot.memory.is_none() {
                continue;
            }
            slot.next = now + Duration::from_secs(slot.settings.interval_s.into());
            let memory = slot.memory.take();
            let (store, client, limit, done) = (
                store.clone(),
                client.clone(),
                limit.clone(),
                done_tx.clone(),
            );
            let (key, settings) = (key.clone(), slot.settings.clone());
            tokio::spawn(async move {
                let Some(mut memory) = memory else { return };
                if let Ok(_permit) = limit.acquire().await {
                    run_once(&store, &client, &key, &settings, &mut memory).await;
                }
                let _ = done.send((key, memory));
            });
        }
    }
}

/// Brings the schedule in line with the store: new checks start within a few seconds,
/// changed ones keep their state, removed ones go.
fn sync(slots: &mut HashMap<String, Slot>, records: Vec<CheckRecord>) {
    let mut seen = HashMap::with_capacity(records.len());
    for record in records {
        let key = record.key();
        let settings = record.settings();
        match slots.get_mut(&key) {
            Some(slot) => slot.settings = settings,
            None => {
                let first = Duration::from_millis(spread(&key, settings.interval_s));
                slots.insert(
                    key.clone(),
                    Slot {
                        settings,
                        next: Instant::now() + first,
                        memory: Some(Memory {
                            confirmed: Confirmed {
                                health: record.health(),
                                pending: None,
                            },
                            changes: Vec::new(),
                        }),
                    },
                );
            }
        }
        seen.insert(key, ());
    }
    slots.retain(|key, _| seen.contains_key(key));
}

/// A stable delay for a check's first run, up to 2 s or its interval: jitter that
/// spreads a restart's runs without making anyone wait long.
fn spread(key: &str, interval_s: u32) -> u64 {
    let most = u64::from(interval_s.min(2)) * 1000;
    let hash = key
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    hash % most.max(1)
}

async fn run_once(
    store: &Store,
    client: &reqwest::Client,
    key: &str,
    settings: &CheckSettings,
    memory: &mut Memory,
) {
    let observation = super::probe::observe(client, settings).await;
    let latency_ms = match observation {
        Observation::Answered { latency_ms, .. } => Some(latency_ms),
        _ => None,
    };
    let (seen, message) = judge(&observation, settings.expected_status, settings.limits);
    let before = memory.confirmed.clone();
    let changed = memory.confirmed.observe(seen, settings.retries);
    let now = now_s();
    if changed.is_some() {
        memory.changes.retain(|t| now - t <= FLAP_WINDOW_S);
        memory.changes.push(now);
    }
    let flapping = is_flapping(&memory.changes, now, FLAP_WINDOW_S, FLAP_CHANGES);
    let outcome = Outcome {
        seen,
        message,
        latency_ms,
        changed,
        flapping,
        // A flapping check raises one event, not one per change.
        announce: !flapping || memory.changes.len() == FLAP_CHANGES,
    };
    if let Err(error) = checks::record(store, key, &outcome).await {
        // Not stored, so not confirmed either: the next run tries again.
        tracing::warn!(%error, check = key, "cannot store a check result");
        memory.confirmed = before;
    }
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_runs_spread_within_two_seconds_and_stay_put() {
        let delays: Vec<u64> = (0..50).map(|i| spread(&format!("check{i}"), 60)).collect();
        assert!(delays.iter().all(|d| *d < 2000));
        assert!(delays.iter().any(|d| *d != delays[0]));
        assert_eq!(spread("check1", 60), spread("check1", 60));
        assert_eq!(spread("check1", 1), spread("check1", 1) % 1000);
    }
}
