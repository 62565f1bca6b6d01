//! Maintenance windows on assets: the asset's CI is in Maintenance while one is open and
//! gets its status back when it ends; Asset Managers plan them and hear about them ahead.

use crate::helpers::{client, spawn_as, TestApp, DEMO_PASSWORD};
use crate::maintenance::hours_from_now;
use crate::monitoring::json;
use app::audit::server::Actor;
use app::monitoring::maintenance::WindowInput;
use app::monitoring::server::maintenance::{apply, schedule};
use serde_json::Value;

async fn plan(app: &TestApp, on: (&str, &str), from: i64, to: i64, why: &str) -> reqwest::Response {
    let (starts, ends) = (hours_from_now(from), hours_from_now(to));
    app.call(
        "monitoring/schedule-window",
        &[
            (on.0, on.1),
            ("input[starts_at]", &starts),
            ("input[ends_at]", &ends),
            ("input[reason]", why),
        ],
    )
    .await
}

async fn ci_status(app: &TestApp, key: &str) -> Value {
    json(app.call("cmdb/get", &[("id", key)]).await).await["status"].clone()
}

/// A second person signed in to the same server.
async fn also(app: &TestApp, email: &str) -> TestApp {
    let other = TestApp {
        base: app.base.clone(),
        client: client(),
    };
    other.login(email, DEMO_PASSWORD).await;
    other
}

#[tokio::test]
async fn a_window_on_an_asset_puts_its_ci_in_maintenance_until_removed() {
    let asha = spawn_as("asha@demo.trellis").await;
    let response = plan(&asha, ("input[asset]", "a002"), -1, 2, "Firmware update").await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(ci_status(&asha, "srv_a002").await, "Maintenance");

    let windows = json(asha.call("monitoring/windows", &[("asset", "a002")]).await).await;
    assert_eq!(windows[0]["reason"], "Firmware update");
    assert_eq!(windows[0]["active"], true);
    let alice = also(&asha, "alice@demo.trellis").await;
    let on_ci = json(
        alice
            .call("monitoring/windows", &[("ci", "srv_a002")])
            .await,
    )
    .await;
    assert_eq!(
        on_ci[0]["asset"], "A002",
        "the CI page says which asset it is for"
    );

    let refused = plan(&asha, ("input[ci]", "srv_a004"), -1, 2, "Not mine").await;
    assert_eq!(
        refused.status(),
        403,
        "windows on CIs are for monitoring managers"
    );
    let viewer = also(&asha, "vic@demo.trellis").await;
    let refused = plan(&viewer, ("input[asset]", "a004"), -1, 2, "Nope").await;
    assert_eq!(refused.status(), 403);

    let id = windows[0]["id"].as_str().unwrap().to_owned();
    let removed = asha.call("monitoring/remove-window", &[("id", &id)]).await;
    assert_eq!(removed.status(), 200);
    assert_eq!(ci_status(&asha, "srv_a002").await, "Active");
    let history = json(
        alice
            .call("audit/history", &[("table", "ci"), ("id", "srv_a002")])
            .await,
    )
    .await;
    let text = history.to_string();
    assert!(
        text.contains("Maintenance window") && text.contains("Firmware update"),
        "{text}"
    );
    assert!(
        text.contains(r#""after":"Active","before":"Maintenance","field":"status""#),
        "status put back, audited: {text}"
    );
}

#[tokio::test]
async fn owners_and_asset_managers_are_reminded_of_a_window_ahead() {
    let asha = spawn_as("asha@demo.trellis").await;
    let response = plan(&asha, ("input[asset]", "a008"), 24, 26, "Battery swap").await;
    assert_eq!(response.status(), 200);
    for _ in 0..50 {
        let inbox = json(asha.call("notifications/inbox", &[]).await).await;
        if inbox
            .to_string()
            .contains("Maintenance of A008 Spare laptop starts")
        {
            assert!(inbox.to_string().contains("Battery swap"), "{inbox}");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no reminder of the window reached the Asset Manager");
}

#[tokio::test]
async fn a_window_ending_gives_the_ci_its_status_back_unless_someone_changed_it() {
    let (_router, state) = server::start(&server::Config::for_tests()).await.unwrap();
    let store = &state.store;
    let actor = Actor::system("test");
    for asset in ["a003", "a004"] {
        let window = WindowInput {
            asset: asset.into(),
            starts_at: hours_from_now(-2),
            ends_at: hours_from_now(3),
            reason: "Rack move".into(),
            ..WindowInput::default()
        };
        schedule(store, &actor, &window.validate().unwrap())
            .await
            .unwrap();
    }
    let status = |ci: &'static str| async move {
        let mut response = store
            .db()
            .query("SELECT VALUE status FROM ONLY type::record('ci', $ci)")
            .bind(("ci", ci))
            .await
            .unwrap();
        response.take::<Option<String>>(0).unwrap().unwrap()
    };
    assert_eq!(status("rtr_a003").await, "Maintenance");
    assert_eq!(status("srv_a004").await, "Maintenance");
    // Someone retires the database host by hand while its window is open.
    store
        .db()
        .query("UPDATE ci:srv_a004 SET status = 'Retired'")
        .query("UPDATE maintenance_window SET ends_at = time::now() - 1m")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(apply(store).await.unwrap(), 2);
    assert_eq!(status("rtr_a003").await, "Active");
    assert_eq!(
        status("srv_a004").await,
        "Retired",
        "a hand-made change stays"
    );
    assert_eq!(apply(store).await.unwrap(), 0, "nothing left to do");
}
