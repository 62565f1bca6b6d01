//! KPI reports: measured from incidents and changes, and shown on a wallboard.

use crate::helpers::{client, spawn_as, TestApp, DEMO_PASSWORD};
use crate::maintenance::hours_from_now;
use crate::monitoring::json;
use crate::reports::{assign, incident, open, resolve, step};
use serde_json::Value;

#[tokio::test]
async fn the_kpis_are_measured_from_incidents_and_changes() {
    let sam = spawn_as("sam@demo.trellis").await;
    // Four incidents: two resolved (one at first contact), one escalated, one open.
    let a = open(&sam, "Password expired", "3", "3", "Web Server").await;
    let b = open(&sam, "Report fails", "2", "2", "Web Server").await;
    let c = open(&sam, "Slow pages", "2", "3", "Web Server").await;
    let d = open(&sam, "Typo on the site", "3", "3", "").await;
    for number in [&a, &b] {
        assign(&sam, number).await;
    }
    resolve(&sam, &a, true).await;
    step(&sam, &b, &[("input[to]", "In Progress")]).await;
    resolve(&sam, &b, false).await;
    let version = incident(&sam, &c).await["version"].to_string();
    let escalated = sam
        .call(
            "incidents/escalate",
            &[
                ("number", c.as_str()),
                ("version", &version),
                ("input[to]", "team"),
                ("input[team]", "infrastructure"),
                ("input[reason]", "Needs the web team"),
            ],
        )
        .await;
    assert_eq!(
        escalated.status(),
        200,
        "{}",
        escalated.text().await.unwrap()
    );
    let version = incident(&sam, &d).await["version"].to_string();
    let cancelled = sam
        .call(
            "incidents/move",
            &[
                ("number", d.as_str()),
                ("version", &version),
                ("input[to]", "Cancelled"),
                ("input[note]", "Logged twice."),
            ],
        )
        .await;
    assert_eq!(
        cancelled.status(),
        200,
        "{}",
        cancelled.text().await.unwrap()
    );

    // Three changes: a standard one successful, one failed, and an emergency still open.
    let chris = TestApp {
        base: sam.base.clone(),
        client: client(),
    };
    chris.login("chris@demo.trellis", DEMO_PASSWORD).await;
    let (starts, ends) = (hours_from_now(1), hours_from_now(2));
    let mut finished = Vec::new();
    for (title, outcome) in [
        ("Renew the certificate", "Successful"),
        ("Patch the web server", "Failed"),
    ] {
        let number = json(
            chris
                .call(
                    "changes/open",
                    &[
                        ("input[kind]", "Standard"),
                        ("input[template]", "renew_certificate"),
                        ("input[title]", title),
                        ("input[cis]", "Web Server"),
                        ("input[starts_at]", &starts),
                        ("input[ends_at]", &ends),
                    ],
                )
                .await,
        )
        .await;
        let number = number.as_str().unwrap().to_owned();
        for to in ["Scheduled", "Implementing", "Review", outcome] {
            let version = json(chris.call("changes/get", &[("number", &number)]).await).await
                ["version"]
                .to_string();
            let moved = chris
                .call(
                    "changes/move",
                    &[
                        ("number", number.as_str()),
                        ("version", &version),
                        ("to", to),
                        ("note", "Done as planned."),
                    ],
                )
                .await;
            assert_eq!(moved.status(), 200, "{to}: {}", moved.text().await.unwrap());
        }
        finished.push(number);
    }
    let emergency = chris
        .call(
            "changes/open",
            &[
                ("input[kind]", "Emergency"),
                ("input[title]", "Block the attacker's range"),
                ("input[cis]", "Web Server"),
            ],
        )
        .await;
    assert_eq!(
        emergency.status(),
        200,
        "{}",
        emergency.text().await.unwrap()
    );

    let report = json(sam.call("reports/kpis", &[]).await).await;
    let figure = |key: &str| -> Option<f64> {
        report["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["kpi"].as_str().unwrap().to_lowercase().replace('_', "") == key.replace('_', "")
            })
            .unwrap_or_else(|| panic!("no {key} in {report}"))["value"]
            .as_f64()
    };
    assert_eq!(figure("first_contact"), Some(50.0));
    // One of the four logged (the cancelled one too) was escalated.
    assert_eq!(figure("escalation_rate"), Some(25.0));
    assert_eq!(figure("incident_backlog"), Some(1.0));
    assert_eq!(figure("change_success"), Some(50.0));
    assert!((figure("emergency_rate").unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(figure("change_backlog"), Some(1.0));
    // The one resolved incident with targets (P3; a is P5) met Website Hosting's SLA.
    assert_eq!(figure("sla_compliance"), Some(100.0));
    assert!(figure("resolution_time").unwrap() < 0.1);
    assert_eq!(report["figures"].as_array().unwrap().len(), 12);

    // The drill-down names the records, and the CSVs carry the same.
    let drill = json(
        sam.call("reports/drill", &[("kpi", "change_success")])
            .await,
    )
    .await;
    let rows: Vec<(&str, &str)> = drill["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["label"].as_str().unwrap(), r["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            (finished[0].as_str(), "Successful"),
            (finished[1].as_str(), "Failed")
        ]
    );
    let csv = sam.get("/api/reports/kpis.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("kpis.csv"));
    let text = csv.text().await.unwrap();
    assert!(
        text.starts_with("Area,KPI,Target,Actual,Met,From,To\n"),
        "{text}"
    );
    assert!(
        text.contains("Incidents,First-contact resolution,≥ 70.0 %,50.0 %,No,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 13);
    let drill_csv = sam
        .get("/api/reports/drill.csv?kpi=change_success")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        drill_csv.contains(&format!("{},Renew the certificate,Successful", finished[0])),
        "{drill_csv}"
    );
    let bad = sam.get("/api/reports/kpis.csv?from=June").await;
    assert_eq!(bad.status(), 422);

    // The last sixty days, whatever today's date.
    let day = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (from, to) = (day(-60), day(1));
    let availability = json(
        sam.call(
            "reports/availability",
            &[("period[from]", &from), ("period[to]", &to)],
        )
        .await,
    )
    .await;
    let website = availability["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "website_hosting")
        .unwrap()
        .clone();
    // The demo history has Website Hosting down for two hours twenty days ago.
    assert_eq!(website["figures"]["unplanned_s"], 7200, "{website}");
    assert_eq!(website["figures"]["failures"], 1);
    assert_eq!(website["target"], 99.9);
    // Two hours down in a month is 99.72 % at best: that month missed the monthly 99.9 %.
    assert!(website["missed"].as_u64().unwrap() >= 1, "{website}");
    assert!(website["periods"].as_u64().unwrap() >= 2, "{website}");
    // The Axians contract promises 99.5 % for the network gear it covers, which never failed.
    let axians = availability["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == "AX-NET-2024-17")
        .unwrap()
        .clone();
    assert_eq!(axians["target"], 99.5, "{axians}");
    assert_eq!(axians["cis"].as_array().unwrap().len(), 3, "{axians}");
    assert!(axians["cis"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["availability"] == 1.0));
    let csv = sam
        .get(&format!(
            "/api/reports/availability.csv?from={from}&to={to}"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Service,Website Hosting,"), "{csv}");
    assert!(
        csv.contains("Contract,AX-NET-2024-17 (Axians),100.000,99.5,Yes,"),
        "{csv}"
    );

    // Requesters see no reports.
    let rory = spawn_as("rory@demo.trellis").await;
    assert_eq!(rory.get("/api/reports/kpis.csv").await.status(), 403);
    assert_eq!(rory.call("reports/kpis", &[]).await.status(), 403);
}

#[tokio::test]
async fn a_wallboard_shows_the_service_level_kpis_of_this_month() {
    let alice = spawn_as("alice@demo.trellis").await;
    let form = [
        ("input[name]", "Service desk"),
        ("input[kpis][]", "incident_backlog"),
        ("input[kpis][]", "first_contact"),
        ("input[kpis][]", "services_down"),
    ];
    assert_eq!(
        json(alice.call("monitoring/create-board", &form).await).await,
        "service_desk"
    );
    let shown = |board: &Value, kpi: &Value| -> (String, String) {
        let found = board["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kpi"] == *kpi)
            .unwrap_or_else(|| panic!("no {kpi} in {board}"));
        (
            found["value"].as_str().unwrap().to_owned(),
            found["health"].as_str().unwrap().to_owned(),
        )
    };
    let backlog = serde_json::json!({ "Report": "IncidentBacklog" });
    let first_contact = serde_json::json!({ "Report": "FirstContact" });
    let board = json(
        alice
            .call("monitoring/wallboard", &[("key", "service_desk")])
            .await,
    )
    .await;
    assert_eq!(shown(&board, &backlog), ("0".into(), "Ok".into()));
    assert_eq!(
        shown(&board, &first_contact),
        ("No data".into(), "Unknown".into())
    );
    open(&alice, "Mail is slow", "2", "2", "Web Server").await;
    let board = json(
        alice
            .call("monitoring/wallboard", &[("key", "service_desk")])
            .await,
    )
    .await;
    assert_eq!(shown(&board, &backlog), ("1".into(), "Ok".into()));
    let listed = json(alice.call("monitoring/boards", &[]).await).await;
    assert_eq!(
        listed[0]["kpis"],
        serde_json::json!([{ "Report": "IncidentBacklog" }, { "Report": "FirstContact" }, "ServicesDown"])
    );
}
