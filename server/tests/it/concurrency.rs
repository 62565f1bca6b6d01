//! Many people saving the same record at once: no save is silently lost.

use crate::helpers::{ci_form, spawn_as};
use serde_json::Value;
use std::sync::Arc;

const WRITERS: usize = 50;

const OWNERS: [&str; 8] = [
    "Network",
    "Infrastructure",
    "Service Desk",
    "Applications",
    "Change Advisory Board",
    "Vic Viewer",
    "Conor Configuration",
    "Olga Service Owner",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_either_win_with_their_own_version_or_conflict() {
    let app = Arc::new(spawn_as("conor@demo.trellis").await);
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let ci: Value = app
                .call("cmdb/get", &[("id", "database")])
                .await
                .json()
                .await
                .unwrap();
            let version = ci["version"].to_string();
            // Each writer gives the CI another owner (the demo teams and people).
            let owner = OWNERS[writer % OWNERS.len()].to_owned();
            let mut form = ci_form(&[
                ("input[name]", "Database"),
                ("input[class]", "database"),
                ("input[owner]", &owner),
            ]);
            form.extend([("id", "database"), ("version", version.as_str())]);
            let response = app.call("cmdb/update", &form).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            (owner, status, body)
        }));
    }
    let mut wins: Vec<(u64, String)> = Vec::new();
    for task in tasks {
        let (owner, status, body) = task.await.unwrap();
        match status {
            200 => wins.push((body.parse().unwrap(), owner)),
            409 => {}
            other => panic!("{owner} got {other}: {body}"),
        }
    }
    assert!(!wins.is_empty(), "at least one save wins");
    let mut versions: Vec<u64> = wins.iter().map(|(v, _)| *v).collect();
    versions.sort_unstable();
    versions.dedup();
    assert_eq!(
        versions.len(),
        wins.len(),
        "every winning save has its own version"
    );

    let (last_version, last_owner) = wins.iter().max().unwrap().clone();
    let ci: Value = app
        .call("cmdb/get", &[("id", "database")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ci["version"], last_version);
    assert_eq!(ci["owner"], last_owner.as_str());

    let history: Vec<Value> = app
        .call("audit/history", &[("table", "ci"), ("id", "database")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history.len(),
        wins.len(),
        "one audit entry per winning save, none for conflicts"
    );
}
