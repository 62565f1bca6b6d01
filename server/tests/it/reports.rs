//! Service levels: SLAs agreed per service, SLA clocks on incidents with warnings and
//! escalation when they run out, and the KPI figures over seeded incidents and changes.

use crate::helpers::{client, spawn_as, spawn_with_state, TestApp, DEMO_PASSWORD};
use crate::monitoring::json;
use serde_json::Value;

pub(crate) async fn open(
    app: &TestApp,
    title: &str,
    impact: &str,
    urgency: &str,
    cis: &str,
) -> String {
    let number = json(
        app.call(
            "incidents/open",
            &[
                ("input[title]", title),
                ("input[caller]", "Rory Requester"),
                ("input[category]", "Software"),
                ("input[impact]", impact),
                ("input[urgency]", urgency),
                ("input[cis]", cis),
            ],
        )
        .await,
    )
    .await;
    number.as_str().unwrap().to_owned()
}

pub(crate) async fn incident(app: &TestApp, number: &str) -> Value {
    json(app.call("incidents/get", &[("number", number)]).await).await
}

pub(crate) async fn assign(app: &TestApp, number: &str) {
    let version = incident(app, number).await["version"].to_string();
    let response = app
        .call(
            "incidents/assign",
            &[
                ("number", number),
                ("version", &version),
                ("team", "service_desk"),
                ("assignee", "sam"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

pub(crate) async fn step(app: &TestApp, number: &str, fields: &[(&str, &str)]) {
    let version = incident(app, number).await["version"].to_string();
    let mut form = vec![("number", number), ("version", version.as_str())];
    form.extend_from_slice(fields);
    let response = app.call("incidents/move", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

pub(crate) async fn resolve(app: &TestApp, number: &str, first_contact: bool) {
    let mut fields = vec![
        ("input[to]", "Resolved"),
        ("input[resolution_code]", "Solved (permanently)"),
        ("input[resolution_notes]", "Fixed."),
    ];
    if first_contact {
        fields.push(("input[first_contact]", "true"));
    }
    step(app, number, &fields).await;
}

async fn clocks(app: &TestApp, number: &str) -> Value {
    json(
        app.call("slas/incident-clocks", &[("number", number)])
            .await,
    )
    .await
}

#[tokio::test]
async fn an_sla_is_agreed_for_a_service_and_bad_terms_are_refused_by_field() {
    let lena = spawn_as("lena@demo.trellis").await;
    let list = json(lena.call("slas/list", &[]).await).await;
    let covered: Vec<&str> = list["slas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        covered,
        [
            "Database Service",
            "Internal Application",
            "Website Hosting"
        ]
    );
    assert_eq!(list["uncovered"][0]["key"], "network_security");

    let mut form = vec![
        ("version", "0"),
        ("input[service]", "network_security"),
        ("input[availability]", "99.99"),
        ("input[period]", "quarterly"),
        ("input[response][0]", "10m"),
        ("input[resolution][0]", "2h"),
        ("input[hours]", "Mon-Fri 07:00-19:00, Sat 09:00-13:00"),
        ("input[time_zone]", "Mars/Olympus"),
        ("input[holidays]", "2026-12-25"),
        ("input[risk_percent]", "80"),
    ];
    let refused = lena.call("slas/save", &form).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert!(body.to_string().contains("time_zone"), "{body}");
    form[7] = ("input[time_zone]", "Europe/Berlin");
    let saved = lena.call("slas/save", &form).await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    // A second "new" SLA for the same service is someone else's edit, not a new one.
    assert_eq!(lena.call("slas/save", &form).await.status(), 409);

    let list = json(lena.call("slas/list", &[]).await).await;
    let sla = list["slas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["terms"]["service"] == "network_security")
        .unwrap()
        .clone();
    assert_eq!(sla["terms"]["resolution"][0], 120);
    assert_eq!(
        sla["terms"]["hours"],
        "Mon-Fri 07:00-19:00, Sat 09:00-13:00"
    );
    assert_eq!(sla["terms"]["period"], "Quarterly");
    assert!(list["uncovered"].as_array().unwrap().is_empty());

    let audit = json(
        lena.call(
            "audit/history",
            &[("table", "sla"), ("id", "network_security")],
        )
        .await,
    )
    .await;
    assert_eq!(audit[0]["action"], "create", "{audit}");

    // Viewers read the SLAs but agree none.
    let vic = spawn_as("vic@demo.trellis").await;
    assert_eq!(vic.call("slas/list", &[]).await.status(), 200);
    assert_eq!(vic.call("slas/save", &form).await.status(), 403);
}

#[tokio::test]
async fn clocks_run_and_the_watcher_warns_and_escalates_before_the_breach() {
    let (sam, state) = spawn_with_state(server::Config::for_tests()).await;
    sam.login("sam@demo.trellis", DEMO_PASSWORD).await;
    // Impact High × urgency High: P1 on Website Hosting, 24x7: respond in 15m, resolve in 4h.
    let number = open(&sam, "Website down", "1", "1", "Web Server").await;
    let found = clocks(&sam, &number).await;
    // Web Server carries Website Hosting and Database Service, whose SLAs have the
    // same targets; the one with the higher availability target is the stricter.
    assert_eq!(found["service_name"], "Database Service");
    let states: Vec<(&str, &str)> = found["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [("Response", "Running"), ("Resolution", "Running")]);
    assert_eq!(found["clocks"][1]["target"], "4h");
    assert!(found["clocks"][1]["due"]
        .as_str()
        .unwrap()
        .ends_with("(UTC)"));
    assign(&sam, &number).await;
    assert_eq!(clocks(&sam, &number).await["clocks"][0]["state"], "Met");

    // Three and a half hours on, the resolution clock is at risk (87%): Lena and Sam
    // are told, and the incident goes up to a manager.
    let now = chrono::Utc::now();
    let given = app::sla::server::round(&state.store, now + chrono::Duration::minutes(210))
        .await
        .unwrap();
    assert_eq!(given, 1);
    let seen = incident(&sam, &number).await;
    assert_eq!(seen["escalated"], true);
    let entries = seen["entries"].to_string();
    assert!(
        entries.contains("Resolution SLA at risk: 3h30m of 4h used."),
        "{entries}"
    );
    // The same round again says nothing new.
    let again = app::sla::server::round(&state.store, now + chrono::Duration::minutes(215))
        .await
        .unwrap();
    assert_eq!(again, 0);
    // Past the target it is breached: told again, noted, not escalated twice.
    let given = app::sla::server::round(&state.store, now + chrono::Duration::hours(5))
        .await
        .unwrap();
    assert_eq!(given, 1);
    let seen = incident(&sam, &number).await;
    assert!(seen["entries"]
        .to_string()
        .contains("Resolution SLA breached"));

    let lena = TestApp {
        base: sam.base.clone(),
        client: client(),
    };
    lena.login("lena@demo.trellis", DEMO_PASSWORD).await;
    let inbox = json(lena.call("notifications/inbox", &[]).await).await;
    let titles: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("Resolution SLA at risk")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("Resolution SLA breached")),
        "{titles:?}"
    );
}
