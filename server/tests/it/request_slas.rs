//! SLA clocks on service requests: a catalog item's fulfilment target counts in the
//! hours of its service's SLA, and the watcher warns the fulfilling team, the Service
//! Level Managers and, the first time, the team's managers.

use crate::changes::as_user;
use crate::helpers::{spawn_with_state, TestApp, DEMO_PASSWORD};
use crate::monitoring::json;
use crate::request_approvals::set_manager;
use crate::requests::{error_of, order, request};
use chrono::{Duration, Utc};

fn item<'a>(service: &'a str, fulfilment: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[name]", "Monitor"),
        ("input[category]", "Hardware"),
        ("input[form]", "Desk* : text"),
        ("input[approval]", ""),
        ("input[team]", "network"),
        ("input[tasks]", "Bring the monitor"),
        ("input[service]", service),
        ("input[fulfilment]", fulfilment),
        ("input[active]", "on"),
    ]
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
async fn a_request_clock_counts_its_items_target_and_the_watcher_warns_once_each() {
    let (alice, state) = spawn_with_state(server::Config::for_tests()).await;
    alice.login("alice@demo.trellis", DEMO_PASSWORD).await;
    // A target needs a service, and one whose SLA gives the hours to count in.
    let orphan = alice.call("requests/save-item", &item("", "1h")).await;
    assert_eq!(
        error_of(orphan, "service").await,
        "Choose the service whose SLA hours the fulfilment target counts in."
    );
    let no_sla = alice
        .call("requests/save-item", &item("network_security", "1h"))
        .await;
    assert!(error_of(no_sla, "fulfilment")
        .await
        .starts_with("This service has no SLA"));
    // Website Hosting's SLA counts around the clock.
    let key = json(
        alice
            .call("requests/save-item", &item("website_hosting", "1h"))
            .await,
    )
    .await;
    let key = key.as_str().unwrap();
    let saved = json(alice.call("requests/item", &[("key", key)]).await).await;
    assert_eq!(saved["service"]["name"], "Website Hosting");
    assert_eq!(saved["fulfilment"], "1h");
    // Cara (Network) reports to Olga, so Olga hears when the team first falls behind.
    assert!(set_manager(&alice, "cara", "olga")
        .await
        .status()
        .is_success());

    let rory = as_user(&alice, "rory@demo.trellis").await;
    let number = json(order(&rory, key, &[("desk", "4.12")]).await).await;
    let number = number.as_str().unwrap();
    let sam = as_user(&alice, "sam@demo.trellis").await;
    let clocks = json(sam.call("slas/request-clocks", &[("number", number)]).await).await;
    assert_eq!(clocks["service_name"], "Website Hosting");
    assert_eq!(clocks["clocks"][0]["kind"], "Fulfilment");
    assert_eq!(clocks["clocks"][0]["state"], "Running");
    assert_eq!(clocks["clocks"][0]["target"], "1h");
    // Requesters do not see SLA clocks.
    let denied = rory
        .call("slas/request-clocks", &[("number", number)])
        .await;
    assert_eq!(denied.status(), 403);

    let now = Utc::now();
    let round = |at| app::sla::server::round(&state.store, at);
    assert_eq!(round(now + Duration::minutes(50)).await.unwrap(), 1);
    assert_eq!(round(now + Duration::minutes(55)).await.unwrap(), 0);
    let seen = request(&sam, number).await;
    assert!(
        seen["timeline"]
            .to_string()
            .contains("Fulfilment SLA at risk: 50m of 1h used."),
        "{}",
        seen["timeline"]
    );
    assert!(!request(&rory, number)
        .await
        .to_string()
        .contains("Fulfilment SLA"));
    assert_eq!(round(now + Duration::minutes(70)).await.unwrap(), 1);

    let said = |titles: Vec<String>, what: &str| titles.iter().any(|t| t.contains(what));
    let caras = inbox(&as_user(&alice, "cara@demo.trellis").await).await;
    assert!(said(caras.clone(), "Fulfilment SLA at risk"), "{caras:?}");
    assert!(said(caras.clone(), "Fulfilment SLA breached"), "{caras:?}");
    let lena = as_user(&alice, "lena@demo.trellis").await;
    assert!(said(inbox(&lena).await, "Fulfilment SLA breached"));
    let olgas = inbox(&as_user(&alice, "olga@demo.trellis").await).await;
    assert!(said(olgas.clone(), "Fulfilment SLA at risk"), "{olgas:?}");
    assert!(!said(olgas.clone(), "Fulfilment SLA breached"), "{olgas:?}");
    assert!(!said(inbox(&sam).await, "Fulfilment SLA"));

    // Once closed, the clock stops where it stood.
    let current = request(&sam, number).await;
    let version = current["version"].to_string();
    let done = sam
        .call(
            "requests/finish-task",
            &[
                ("number", number),
                ("version", &version),
                ("task", "1"),
                ("note", ""),
            ],
        )
        .await;
    assert!(done.status().is_success());
    let clocks = json(sam.call("slas/request-clocks", &[("number", number)]).await).await;
    assert_eq!(clocks["clocks"][0]["state"], "Met");
}
