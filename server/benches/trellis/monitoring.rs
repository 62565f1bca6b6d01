//! Monitoring at scale: Alertmanager deliveries through the webhook, and thousands of
//! checks on the scheduler inside the server.

use app::audit::server::Actor;
use app::monitoring::domain::CheckInput;
use app::monitoring::server::{alerts, checks};
use app::store::Store;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Alerts per delivery, as Alertmanager groups them, and deliveries in flight at once.
const PER_DELIVERY: usize = 10;
const SENDERS: usize = 16;

pub struct Ingestion {
    pub alerts: usize,
    pub firing: Duration,
    pub resolving: Duration,
    /// Each delivery, from sending to the 2xx that says it is stored.
    pub deliveries: Vec<Duration>,
    pub stored: usize,
    pub still_firing: usize,
}

fn delivery(group: usize, status: &str, vms: usize) -> String {
    let alerts: Vec<_> = (0..PER_DELIVERY)
        .map(|i| {
            let n = group * PER_DELIVERY + i;
            json!({
                "status": status,
                "labels": { "alertname": "HighLatency", "instance": format!("vm-{:06}", n % vms),
                            "severity": if n.is_multiple_of(3) { "critical" } else { "warning" } },
                "annotations": { "summary": format!("p99 latency above 2 s on vm-{:06}", n % vms) },
                "startsAt": "2026-11-30T10:00:00Z",
                "endsAt": if status == "firing" { "0001-01-01T00:00:00Z" } else { "2026-11-30T10:05:00Z" },
                "generatorURL": "http://prometheus.local/graph",
                "fingerprint": format!("{n:016x}"),
            })
        })
        .collect();
    json!({
        "version": "4", "groupKey": format!("{{}}:{{group=\"{group}\"}}"), "status": status,
        "receiver": "trellis", "groupLabels": { "group": group.to_string() },
        "commonLabels": { "alertname": "HighLatency" }, "commonAnnotations": {},
        "externalURL": "http://alertmanager.local", "alerts": alerts,
    })
    .to_string()
}

/// Sends every group with [`SENDERS`] deliveries in flight; each must be acknowledged.
async fn deliver(
    base: &str,
    token: &str,
    groups: usize,
    status: &str,
    vms: usize,
) -> Vec<Duration> {
    let client = reqwest::Client::new();
    let url = format!("{base}/api/v1/integrations/alertmanager");
    let mut senders = Vec::new();
    for sender in 0..SENDERS {
        let (client, url, token, status) = (
            client.clone(),
            url.clone(),
            token.to_owned(),
            status.to_owned(),
        );
        senders.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for group in (sender..groups).step_by(SENDERS) {
                let body = delivery(group, &status, vms);
                let started = Instant::now();
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("delivery");
                assert!(
                    response.status().is_success(),
                    "delivery: {}",
                    response.status()
                );
                times.push(started.elapsed());
            }
            times
        }));
    }
    let mut times = Vec::new();
    for sender in senders {
        times.extend(sender.await.expect("sender"));
    }
    times
}

async fn number(store: &Store, query: &str) -> usize {
    let mut response = store.db().query(query).await.expect("count");
    let n: Option<i64> = response.take(0).expect("count");
    usize::try_from(n.unwrap_or(0)).unwrap_or(0)
}

/// `alerts` alerts fire, then resolve, through the webhook as Alertmanager sends them.
pub async fn ingestion(base: &str, store: &Store, alerts: usize, vms: usize) -> Ingestion {
    let actor = Actor::system("Benchmark");
    let token = alerts::create(
        store,
        &actor,
        "Benchmark Alertmanager",
        "alertmanager",
        "instance",
    )
    .await
    .expect("integration");
    let groups = alerts / PER_DELIVERY;
    let started = Instant::now();
    let mut deliveries = deliver(base, &token, groups, "firing", vms).await;
    let firing = started.elapsed();
    let started = Instant::now();
    deliveries.extend(deliver(base, &token, groups, "resolved", vms).await);
    let resolving = started.elapsed();
    Ingestion {
        alerts: groups * PER_DELIVERY,
        firing,
        resolving,
        deliveries,
        stored: number(store, "(SELECT count() AS n FROM alert GROUP ALL)[0].n").await,
        still_firing: number(
            store,
            "(SELECT count() AS n FROM alert WHERE firing GROUP ALL)[0].n",
        )
        .await,
    }
}

pub struct Scheduling {
    pub checks: usize,
    pub window: Duration,
    pub runs: usize,
    /// Time between two runs of the same check.
    pub gaps: Vec<Duration>,
    /// Checks that ran fewer times than their interval allows in the window.
    pub behind: usize,
}

/// `n` TCP checks every `interval_s` against a listener on loopback, one per CI, run by
/// the server's scheduler for `window`; then every run is read back from the store.
pub async fn scheduling(
    store: &Store,
    cis: &[String],
    interval_s: u32,
    window: Duration,
) -> Scheduling {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let target = listener.local_addr().expect("addr").to_string();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let actor = Actor::system("Benchmark");
    for ci in cis {
        let settings = CheckInput {
            name: "Port".into(),
            kind: "tcp".into(),
            target: target.clone(),
            interval_s: interval_s.to_string(),
            timeout_ms: "2000".into(),
            retries: "0".into(),
            ..CheckInput::default()
        }
        .validate()
        .expect("check");
        checks::create(store, &actor, ci, settings)
            .await
            .expect("create check");
    }
    let since = number(store, "RETURN time::nano(time::now())").await;
    tokio::time::sleep(window).await;
    let mut response = store
        .db()
        .query(
            "SELECT VALUE string::concat(record::id(health_check), ' ', <string> time::nano(at)) \
             FROM check_result WHERE time::nano(at) > $since ORDER BY at",
        )
        .bind(("since", since as i64))
        .await
        .expect("runs");
    // "<check> <nanoseconds since the epoch>", one per run.
    let runs: Vec<String> = response.take(0).expect("runs");
    let mut last: HashMap<&str, i64> = HashMap::new();
    let mut per_check: HashMap<&str, usize> = HashMap::new();
    let mut gaps = Vec::new();
    for run in &runs {
        let (check, at) = run.split_once(' ').expect("check and time");
        let at: i64 = at.parse().expect("nanoseconds");
        if let Some(before) = last.insert(check, at) {
            gaps.push(Duration::from_nanos(
                u64::try_from(at - before).unwrap_or(0),
            ));
        }
        *per_check.entry(check).or_default() += 1;
    }
    let expected = (window.as_secs() / u64::from(interval_s)) as usize;
    let behind = cis.len() - per_check.values().filter(|n| **n >= expected).count();
    Scheduling {
        checks: cis.len(),
        window,
        runs: runs.len(),
        gaps,
        behind,
    }
}
