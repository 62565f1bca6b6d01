//! Who hears of an incident: the assignee, watchers of changes made by others, and the
//! team or manager it escalates to.

use crate::helpers::{spawn_as, TestApp};
use crate::incidents::{incident, open, step};
use crate::monitoring::json;
use serde_json::Value;

#[tokio::test]
async fn whoever_an_incident_is_assigned_to_is_notified() {
    let sam = spawn_as("sam@demo.trellis").await;
    let number = json(open(&sam, "VPN drops", "2", "2").await).await;
    let number = number.as_str().unwrap();
    let version = incident(&sam, number).await["version"].to_string();
    let assigned = sam
        .call(
            "incidents/assign",
            &[
                ("number", number),
                ("version", &version),
                ("assignee", "alice"),
            ],
        )
        .await;
    assert_eq!(assigned.status(), 200);
    let alice = crate::helpers::TestApp {
        base: sam.base.clone(),
        client: crate::helpers::client(),
    };
    alice
        .login("alice@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    let inbox = json(alice.call("notifications/inbox", &[]).await).await;
    assert!(
        inbox
            .to_string()
            .contains("INC0000001 assigned to you: VPN drops"),
        "{inbox}"
    );
    let own = json(sam.call("notifications/inbox", &[]).await).await;
    assert!(!own.to_string().contains("assigned to you"), "{own}");
}

#[tokio::test]
async fn watchers_hear_of_changes_made_by_others() {
    let sam = spawn_as("sam@demo.trellis").await;
    let number = json(open(&sam, "VPN drops", "2", "2").await).await;
    let number = number.as_str().unwrap();
    let ian = crate::helpers::TestApp {
        base: sam.base.clone(),
        client: crate::helpers::client(),
    };
    ian.login("ian@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    for who in [&ian, &sam] {
        let watched = who
            .call(
                "incidents/watch",
                &[("number", number), ("watching", "true")],
            )
            .await;
        assert_eq!(watched.status(), 200);
    }
    let seen = incident(&ian, number).await;
    assert_eq!(seen["watching"], true);
    assert_eq!(
        seen["watchers"],
        serde_json::json!(["Ian Incident", "Sam Service Desk"])
    );
    assert_eq!(
        seen["version"], 1,
        "watching is not a change to the incident"
    );

    let noted = sam
        .call(
            "incidents/note",
            &[("number", number), ("text", "Asked the caller for logs")],
        )
        .await;
    assert_eq!(noted.status(), 200);
    let titles = |inbox: Value| -> Vec<String> {
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let ians = titles(json(ian.call("notifications/inbox", &[]).await).await);
    assert_eq!(
        ians,
        [format!("{number}: comment added (Sam Service Desk)")]
    );
    let sams = titles(json(sam.call("notifications/inbox", &[]).await).await);
    assert!(
        sams.is_empty(),
        "nobody hears of their own change: {sams:?}"
    );

    // Stopped watching: nothing more.
    ian.call(
        "incidents/watch",
        &[("number", number), ("watching", "false")],
    )
    .await;
    sam.call(
        "incidents/note",
        &[("number", number), ("text", "Logs received")],
    )
    .await;
    let ians = titles(json(ian.call("notifications/inbox", &[]).await).await);
    assert_eq!(ians.len(), 1);
}

async fn escalate(app: &TestApp, number: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let version = incident(app, number).await["version"].to_string();
    let mut form = vec![("number", number), ("version", version.as_str())];
    form.extend_from_slice(fields);
    app.call("incidents/escalate", &form).await
}

async fn inbox(app: &TestApp) -> Vec<String> {
    let inbox = json(app.call("notifications/inbox", &[]).await).await;
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_incident_escalates_to_another_team_or_up_to_a_manager() {
    let sam = spawn_as("sam@demo.trellis").await;
    let number = json(open(&sam, "Partner VPN tunnel down", "2", "2").await).await;
    let number = number.as_str().unwrap();
    let why = escalate(
        &sam,
        number,
        &[("input[to]", "team"), ("input[team]", "network")],
    )
    .await;
    assert_eq!(why.status(), 422, "a reason is required");
    let functional = escalate(
        &sam,
        number,
        &[
            ("input[to]", "team"),
            ("input[team]", "network"),
            ("input[reason]", "Needs the tunnel re-keyed"),
        ],
    )
    .await;
    assert_eq!(functional.status(), 200);
    let now = incident(&sam, number).await;
    assert_eq!(now["team"]["name"], "Network");
    assert_eq!(now["assignee"], Value::Null);
    assert_eq!(now["escalated"], true);
    let last = now["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "escalated");
    assert_eq!(
        last["text"],
        "Functional escalation to Network: Needs the tunnel re-keyed"
    );
    // Cara is in the network team: it reached her.
    let cara = crate::changes::as_user(&sam, "cara@demo.trellis").await;
    assert!(
        inbox(&cara)
            .await
            .iter()
            .any(|t| t.starts_with(&format!("{number} escalated to you"))),
        "{:?}",
        inbox(&cara).await
    );
    let again = escalate(
        &sam,
        number,
        &[
            ("input[to]", "team"),
            ("input[team]", "network"),
            ("input[reason]", "Again"),
        ],
    )
    .await;
    assert_eq!(again.status(), 422, "it is with Network already");

    // Nobody assigned and Sam has no manager: up to the Incident Managers, who follow it.
    let up = escalate(
        &sam,
        number,
        &[
            ("input[to]", "manager"),
            ("input[reason]", "Partner is losing orders"),
        ],
    )
    .await;
    assert_eq!(up.status(), 200);
    let now = incident(&sam, number).await;
    assert!(
        now["watchers"]
            .as_array()
            .unwrap()
            .contains(&"Ian Incident".into()),
        "{now}"
    );
    let last = now["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["text"],
        "Hierarchical escalation to Ian Incident: Partner is losing orders"
    );
    let ian = crate::changes::as_user(&sam, "ian@demo.trellis").await;
    assert!(inbox(&ian)
        .await
        .iter()
        .any(|t| t.starts_with(&format!("{number} escalated to you"))));
    // Once resolved, it is no longer escalated.
    let resolved = step(
        &sam,
        number,
        &[
            ("input[to]", "Resolved"),
            ("input[resolution_code]", "Solved (permanently)"),
            ("input[resolution_notes]", "Re-keyed"),
        ],
    )
    .await;
    assert_eq!(resolved.status(), 200, "{}", resolved.text().await.unwrap());
    let late = escalate(
        &sam,
        number,
        &[("input[to]", "manager"), ("input[reason]", "x")],
    )
    .await;
    assert_eq!(late.status(), 422);
}
