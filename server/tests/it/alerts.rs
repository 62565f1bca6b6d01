//! Alertmanager and webhook deliveries end to end: alerts fire, resolve, wait in triage
//! when they name no CI, and bad deliveries store nothing.

use crate::helpers::{client, spawn_app, TestApp};
use crate::monitoring::{eventually, json, service_status};
use serde_json::{json, Value};

pub(crate) async fn integration(app: &TestApp) -> String {
    json(
        app.call(
            "monitoring/create-integration",
            &[
                ("name", "Prometheus"),
                ("kind", "alertmanager"),
                ("match_label", "instance"),
            ],
        )
        .await,
    )
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

pub(crate) fn delivery(status: &str, alerts: &[(&str, &str, &str)]) -> Value {
    let ends = if status == "firing" {
        "0001-01-01T00:00:00Z"
    } else {
        "2026-11-30T10:05:00Z"
    };
    json!({
        "version": "4", "groupKey": "{}:{alertname=\"HostDown\"}", "status": status,
        "receiver": "trellis", "groupLabels": {"alertname": "HostDown"},
        "commonLabels": {"alertname": "HostDown"}, "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts.iter().map(|(fingerprint, instance, severity)| json!({
            "status": status,
            "labels": {"alertname": "HostDown", "instance": instance, "severity": severity},
            "annotations": {"summary": format!("{instance} is down")},
            "startsAt": "2026-11-30T10:00:00Z", "endsAt": ends,
            "generatorURL": "http://prometheus:9090/graph", "fingerprint": fingerprint
        })).collect::<Vec<_>>()
    })
}

pub(crate) async fn deliver(app: &TestApp, token: &str, body: &str) -> reqwest::Response {
    // A plain HTTP client, as Alertmanager is: no cookie, no Origin header.
    client()
        .post(format!("{}/api/v1/integrations/alertmanager", app.base))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn alertmanager_alerts_fire_resolve_and_wait_in_triage_when_unmatched() {
    let app = spawn_app().await;
    let token = integration(&app).await;
    let firing = delivery(
        "firing",
        &[
            ("a1", "web server", "critical"),
            ("a2", "ghost-01", "warning"),
        ],
    );
    let response = deliver(&app, &token, &firing.to_string()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["stored"], 2);
    eventually("Website Hosting is Down", || async {
        service_status(&app, "Website Hosting").await == "Down"
    })
    .await;
    eventually("the stored status follows", || async {
        event_titles(&app)
            .await
            .contains(&"Website Hosting is Down".to_owned())
    })
    .await;
    let triage = json(app.call("monitoring/triage", &[]).await).await;
    assert_eq!(triage.as_array().unwrap().len(), 1);
    assert_eq!(triage[0]["target"], "ghost-01");

    // The same alert again is one alert, not two.
    assert_eq!(
        deliver(&app, &token, &firing.to_string()).await.status(),
        200
    );
    let events = json(app.call("monitoring/events", &[]).await).await;
    let fired = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["title"] == "HostDown on web server" && e["health"] == "Critical")
        .count();
    assert_eq!(fired, 1);

    // Mapped by hand and remembered, the next alert for ghost-01 lands on its CI.
    let alert = triage[0]["id"].as_str().unwrap();
    let mapped = app
        .call(
            "monitoring/map-alert",
            &[("alert", alert), ("ci", "DATABASE"), ("remember", "true")],
        )
        .await;
    assert!(mapped.status().is_success());
    let unknown = app
        .call(
            "monitoring/map-alert",
            &[("alert", alert), ("ci", "No Such CI")],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let again = delivery("firing", &[("a3", "ghost-01", "warning")]);
    assert_eq!(
        deliver(&app, &token, &again.to_string()).await.status(),
        200
    );
    assert_eq!(
        json(app.call("monitoring/triage", &[]).await).await,
        json!([])
    );

    let resolved = delivery("resolved", &[("a1", "web server", "critical")]);
    assert_eq!(
        deliver(&app, &token, &resolved.to_string()).await.status(),
        200
    );
    eventually("Website Hosting is no longer Down", || async {
        service_status(&app, "Website Hosting").await != "Down"
    })
    .await;
    // Read again alert by alert: the one resolved leaves, the ones mapped stay.
    eventually("the stored status follows again", || async {
        event_titles(&app)
            .await
            .contains(&"Website Hosting is Operational".to_owned())
    })
    .await;
}

async fn event_titles(app: &TestApp) -> Vec<String> {
    let events = json(app.call("monitoring/events", &[]).await).await;
    events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn bad_deliveries_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let token = integration(&app).await;
    let response = deliver(&app, &token, "{\"version\": \"4\", \"alerts\": [").await;
    assert_eq!(response.status(), 400);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("not an Alertmanager webhook body"));

    let mut wrong = delivery("firing", &[("a1", "web server", "critical")]);
    wrong["alerts"][0]["startsAt"] = json!("yesterday");
    let response = deliver(&app, &token, &wrong.to_string()).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text().await.unwrap(),
        "alerts[0].startsAt: \"yesterday\" is not an RFC 3339 time"
    );

    let good = delivery("firing", &[("a1", "web server", "critical")]).to_string();
    assert_eq!(deliver(&app, "trl_wrong", &good).await.status(), 401);
    let anonymous = client()
        .post(format!("{}/api/v1/integrations/alertmanager", app.base))
        .body(good)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    let events = json(app.call("monitoring/events", &[]).await).await;
    assert!(events
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source"] != "alert"));
}

#[tokio::test]
async fn deliveries_arriving_together_are_all_stored_and_answered() {
    let app = spawn_app().await;
    let token = integration(&app).await;
    let senders = (0..12).map(|d| {
        let alerts: Vec<(String, String, String)> = (0..5)
            .map(|i| {
                (
                    format!("d{d}a{i}"),
                    format!("host-{d}-{i}"),
                    "critical".to_owned(),
                )
            })
            .collect();
        let (app, token) = (&app, &token);
        async move {
            let alerts: Vec<(&str, &str, &str)> = alerts
                .iter()
                .map(|(f, h, s)| (f.as_str(), h.as_str(), s.as_str()))
                .collect();
            json(deliver(app, token, &delivery("firing", &alerts).to_string()).await).await
        }
    });
    let answers = futures::future::join_all(senders).await;
    assert!(answers.iter().all(|a| a["stored"] == 5), "{answers:?}");
    let triage = json(app.call("monitoring/triage", &[]).await).await;
    assert_eq!(
        triage.as_array().unwrap().len(),
        60,
        "every alert, none lost"
    );
}
