//! Incidents raised by monitoring: one per alert group, however often it repeats, with the
//! affected services from the CMDB, priority from their criticality, the owning team and
//! its people told; and a note (or, if configured, resolution) when the alerts end.

use crate::alerts::{deliver, delivery, integration};
use crate::helpers::{client, spawn_app, spawn_with, TestApp, DEMO_PASSWORD};
use crate::monitoring::{eventually, json};
use serde_json::Value;
use server::Config;

async fn raised(app: &TestApp) -> Vec<Value> {
    let all = json(
        app.call("incidents/list", &[("filter[state]", "all")])
            .await,
    )
    .await;
    all.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["caller"] == "Monitoring")
        .cloned()
        .collect()
}

async fn incident(app: &TestApp, number: &str) -> Value {
    json(app.call("incidents/get", &[("number", number)]).await).await
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect()
}

fn notes(incident: &Value) -> Vec<String> {
    incident["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "work_note")
        .map(|e| e["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The only incident monitoring raised, once it is there.
async fn the_one(app: &TestApp) -> String {
    eventually("monitoring raises an incident", || async {
        !raised(app).await.is_empty()
    })
    .await;
    let found = raised(app).await;
    assert_eq!(found.len(), 1, "{found:?}");
    found[0]["number"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_firing_alert_raises_exactly_one_incident_with_its_services_and_priority() {
    let app = spawn_app().await;
    let token = integration(&app).await;
    let firing = delivery("firing", &[("f1", "Database", "critical")]).to_string();
    for _ in 0..3 {
        assert_eq!(deliver(&app, &token, &firing).await.status(), 200);
    }
    let number = the_one(&app).await;
    let opened = incident(&app, &number).await;
    assert_eq!(opened["title"], "HostDown on Database");
    assert_eq!(opened["raised"], true);
    assert_eq!(names(&opened["cis"]), ["Database"]);
    assert_eq!(
        names(&opened["services"]),
        ["Database Service", "Internal Application"],
        "what the Database failing affects, most critical first"
    );
    assert_eq!(opened["priority"], 1, "a criticality-1 service is down: P1");
    assert_eq!(opened["major"], true);
    assert_eq!(
        opened["team"]["name"], "Database Administration",
        "the CI's owners"
    );
    assert_eq!(opened["state"], "New");

    // The same alert again, and again later: still the one incident, unchanged.
    assert_eq!(deliver(&app, &token, &firing).await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(raised(&app).await.len(), 1);
    assert_eq!(incident(&app, &number).await["version"], opened["version"]);

    // A second alert of the same group, on the web server: added to it, with a note.
    let wider = delivery(
        "firing",
        &[
            ("f1", "Database", "critical"),
            ("f2", "Web Server", "critical"),
        ],
    );
    assert_eq!(
        deliver(&app, &token, &wider.to_string()).await.status(),
        200
    );
    eventually("the web server is added", || async {
        names(&incident(&app, &number).await["cis"]).contains(&"Web Server")
    })
    .await;
    let wider = incident(&app, &number).await;
    assert!(names(&wider["services"]).contains(&"Website Hosting"));
    assert_eq!(
        notes(&wider)[0],
        "Now also affected: Web Server, Website Hosting."
    );
    assert_eq!(raised(&app).await.len(), 1);

    // Conor is in Database Administration, which owns the Database: he was told.
    let conor = TestApp {
        base: app.base.clone(),
        client: client(),
    };
    conor.login("conor@demo.trellis", DEMO_PASSWORD).await;
    let inbox = json(conor.call("notifications/inbox", &[]).await).await;
    assert!(
        inbox["items"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{number} raised: HostDown on Database")),
        "{inbox}"
    );

    // Resolved in Alertmanager: a work note, and the incident stays for a person.
    let resolved = delivery(
        "resolved",
        &[
            ("f1", "Database", "critical"),
            ("f2", "Web Server", "critical"),
        ],
    );
    assert_eq!(
        deliver(&app, &token, &resolved.to_string()).await.status(),
        200
    );
    eventually("the end is noted", || async {
        notes(&incident(&app, &number).await)
            .iter()
            .any(|n| n == "Monitoring: the alerts have resolved.")
    })
    .await;
    assert_eq!(incident(&app, &number).await["state"], "New");

    // Firing anew while the incident is still open: noted on it, not a second one.
    assert_eq!(deliver(&app, &token, &firing).await.status(), 200);
    eventually("failing again is noted", || async {
        notes(&incident(&app, &number).await)
            .iter()
            .any(|n| n.starts_with("Failing again"))
    })
    .await;
    assert_eq!(raised(&app).await.len(), 1);
}

#[tokio::test]
async fn a_warning_on_the_laptop_raises_an_incident_that_resolves_itself_when_configured() {
    let mut config = Config::for_tests();
    config.incident_auto_resolve = true;
    let app = spawn_with(config).await;
    app.login("alice@demo.trellis", DEMO_PASSWORD).await;
    let token = integration(&app).await;
    // The seed's "Laptop shows Critical": the internal application depends on it.
    let firing = delivery("firing", &[("l1", "LT-A001", "warning")]).to_string();
    assert_eq!(deliver(&app, &token, &firing).await.status(), 200);
    let number = the_one(&app).await;
    let opened = incident(&app, &number).await;
    assert_eq!(names(&opened["services"]), ["Internal Application"]);
    assert_eq!(
        opened["priority"], 3,
        "criticality 2 (Medium) and a warning (Medium): P3"
    );
    assert_eq!(
        opened["team"],
        Value::Null,
        "Alice owns the laptop herself, not a team"
    );
    let inbox = json(app.call("notifications/inbox", &[]).await).await;
    let told = inbox["items"].as_array().unwrap().iter().any(|n| {
        n["title"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{number} raised"))
    });
    assert!(told, "the owner is told: {inbox}");

    let resolved = delivery("resolved", &[("l1", "LT-A001", "warning")]).to_string();
    assert_eq!(deliver(&app, &token, &resolved).await.status(), 200);
    eventually("monitoring resolves it", || async {
        incident(&app, &number).await["state"] == "Resolved"
    })
    .await;
    let done = incident(&app, &number).await;
    assert_eq!(done["resolution_code"], "Cleared by monitoring");
}

#[tokio::test]
async fn a_failure_that_affects_no_service_raises_nothing() {
    let app = spawn_app().await;
    let token = integration(&app).await;
    let unrelated = json(
        app.call(
            "cmdb/create",
            &crate::helpers::ci_form(&[("input[name]", "Spare Switch")]),
        )
        .await,
    )
    .await;
    assert!(unrelated["id"].is_string(), "{unrelated}");
    let alone = delivery("firing", &[("p2", "Spare Switch", "critical")]);
    assert_eq!(
        deliver(&app, &token, &alone.to_string()).await.status(),
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let found = raised(&app).await;
    assert!(found.is_empty(), "{found:?}");
    // Once a service needs it, the same alert raises one.
    let relate = app
        .call(
            "cmdb/relate",
            &[
                ("input[ci]", "website_hosting"),
                ("input[relation]", "depends_on:out"),
                ("input[other]", "Spare Switch"),
            ],
        )
        .await;
    assert_eq!(relate.status(), 200, "{}", relate.text().await.unwrap());
    let number = the_one(&app).await;
    assert_eq!(
        names(&incident(&app, &number).await["services"]),
        ["Website Hosting"]
    );
}
