//! Assets: registration, the lifecycle with its timeline and audit history, check-out
//! and check-in, and refusals that change nothing.

use crate::helpers::{spawn_app, spawn_as, TestApp};
use crate::monitoring::json;
use serde_json::Value;

pub(crate) async fn asset(app: &TestApp, key: &str) -> Value {
    json(app.call("assets/get", &[("id", key)]).await).await
}

pub(crate) async fn register(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![
        ("state", "Ordered"),
        ("input[name]", "ThinkPad T14"),
        ("input[category]", "Laptop"),
        ("input[purchase_date]", "2025-03-01"),
        ("input[cost]", "1,299.99"),
        ("input[currency]", "EUR"),
        ("input[method]", "straight_line"),
        ("input[life_months]", "36"),
    ];
    for (key, value) in fields {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    app.call("assets/create", &form).await
}

async fn step(app: &TestApp, key: &str, to: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let version = asset(app, key).await["version"].to_string();
    let mut form = vec![("id", key), ("version", version.as_str()), ("to", to)];
    form.extend_from_slice(extra);
    app.call("assets/move", &form).await
}

pub(crate) async fn message(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

#[tokio::test]
async fn an_asset_goes_from_ordered_to_disposed_with_a_timeline_and_history() {
    let app = spawn_app().await;
    let created = register(&app, &[]).await;
    assert!(created.status().is_success(), "{}", message(created).await);
    // The demo holds A001 to A009, so the next free tag is A010.
    let key = json(register(&app, &[("input[name]", "Second")]).await).await;
    assert_eq!(key, "a011");
    let key = "a010";
    assert_eq!(asset(&app, key).await["fields"]["tag"], "A010");
    for to in [
        "In Stock",
        "In Use",
        "In Maintenance",
        "In Use",
        "Retired",
        "Disposed",
    ] {
        let response = step(&app, key, to, &[("note", "by the book")]).await;
        assert!(
            response.status().is_success(),
            "{to}: {}",
            message(response).await
        );
    }
    let done = asset(&app, key).await;
    assert_eq!(done["state"], "Disposed");
    let timeline: Vec<&str> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        timeline,
        [
            "Registered",
            "Receive into stock",
            "Deploy",
            "Send to maintenance",
            "Back in use",
            "Retire",
            "Dispose"
        ]
    );
    assert_eq!(done["events"][1]["by"], "Alice Admin");
    assert_eq!(done["events"][1]["note"], "by the book");
    let history = json(
        app.call("audit/history", &[("table", "asset"), ("id", key)])
            .await,
    )
    .await;
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 7, "{history}");
    assert_eq!(entries.last().unwrap()["action"], "create");
    let last = entries[0]["changes"][0].clone();
    assert_eq!(last["field"], "state");
    assert_eq!(last["before"], "Retired");
    assert_eq!(last["after"], "Disposed");
}

#[tokio::test]
async fn an_invalid_move_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let before = asset(&app, "a009").await;
    assert_eq!(before["state"], "Ordered");
    let refused = step(&app, "a009", "In Use", &[]).await;
    assert_eq!(refused.status(), 422);
    let text = message(refused).await;
    assert!(text.contains("cannot become In Use"), "{text}");
    assert!(text.contains("Receive into stock"), "{text}");
    let after = asset(&app, "a009").await;
    assert_eq!(after["state"], "Ordered");
    assert_eq!(after["version"], before["version"]);
    assert_eq!(after["events"], before["events"]);
    // A stale version is refused too.
    let stale = app
        .call(
            "assets/move",
            &[("id", "a009"), ("version", "99"), ("to", "In Stock")],
        )
        .await;
    assert_eq!(stale.status(), 409);
}

#[tokio::test]
async fn retiring_what_backs_an_active_ci_needs_confirmation_and_names_the_services() {
    let app = spawn_app().await;
    // A002 is the server SRV-A002, which the web and application tiers run on.
    let services = json(app.call("assets/retire-impact", &[("id", "a002")]).await).await;
    let names: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(names.contains(&"Website Hosting"), "{names:?}");
    // Its page names the support contract that covers it.
    let a002 = asset(&app, "a002").await;
    assert_eq!(a002["contracts"][0]["reference"], "PSP-88341");
    assert_eq!(a002["contracts"][0]["supplier"], "Dell Technologies");
    let unconfirmed = step(&app, "a002", "Retired", &[]).await;
    assert_eq!(unconfirmed.status(), 422);
    assert!(message(unconfirmed).await.contains("Confirm"));
    assert_eq!(asset(&app, "a002").await["state"], "InUse");
    let confirmed = step(&app, "a002", "Retired", &[("confirmed", "true")]).await;
    assert!(confirmed.status().is_success());
    assert_eq!(asset(&app, "a002").await["state"], "Retired");
}

#[tokio::test]
async fn check_out_and_in_with_my_assets() {
    let app = spawn_app().await;
    let version = asset(&app, "a008").await["version"].to_string();
    let out = app
        .call(
            "assets/check-out",
            &[("id", "a008"), ("version", &version), ("person", "alice")],
        )
        .await;
    assert!(out.status().is_success(), "{}", message(out).await);
    let held = asset(&app, "a008").await;
    assert_eq!(held["state"], "InUse");
    assert_eq!(held["assigned_to"]["name"], "Alice Admin");
    let mine = json(app.call("assets/list", &[("filter[mine]", "true")]).await).await;
    let tags: Vec<&str> = mine["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["A008"]);
    // Someone else's "mine" is theirs: Sam holds nothing.
    let sam = spawn_as("sam@demo.trellis").await;
    let theirs = json(sam.call("assets/list", &[("filter[mine]", "true")]).await).await;
    assert_eq!(theirs["total"], 0);
    // Checking out again is refused: it is no longer in stock.
    let version = held["version"].to_string();
    let again = app
        .call(
            "assets/check-out",
            &[("id", "a008"), ("version", &version), ("person", "sam")],
        )
        .await;
    assert_eq!(again.status(), 422);
    let back = app
        .call("assets/check-in", &[("id", "a008"), ("version", &version)])
        .await;
    assert!(back.status().is_success());
    let returned = asset(&app, "a008").await;
    assert_eq!(returned["state"], "InStock");
    assert!(returned["assigned_to"].is_null());
    let events = returned["events"].as_array().unwrap();
    assert_eq!(events[events.len() - 2]["what"], "Checked out");
    assert_eq!(events[events.len() - 1]["what"], "Checked in");
    assert_eq!(events[events.len() - 1]["person"], "Alice Admin");
}

#[tokio::test]
async fn bad_input_gets_field_errors_and_nothing_is_written() {
    let app = spawn_app().await;
    let response = register(
        &app,
        &[("input[cost]", "-5"), ("input[warranty_end]", "2024-01-01")],
    )
    .await;
    assert_eq!(response.status(), 422);
    let text = message(response).await;
    assert!(text.contains("A cost cannot be negative."), "{text}");
    assert!(
        text.contains("The warranty cannot end before the purchase date."),
        "{text}"
    );
    let duplicate = register(&app, &[("input[tag]", "A001")]).await;
    assert_eq!(duplicate.status(), 422);
    assert!(message(duplicate)
        .await
        .contains("The tag A001 is already taken."));
    let all = json(app.call("assets/list", &[]).await).await;
    assert_eq!(all["total"], 9);
}

#[tokio::test]
async fn depreciation_shows_in_the_list_and_edits_are_audited() {
    let app = spawn_app().await;
    let a001 = asset(&app, "a001").await;
    assert_eq!(a001["fields"]["cost"], "1499.00");
    let list = json(
        app.call("assets/list", &[("filter[q]", "thinkpad t14 gen 4")])
            .await,
    )
    .await;
    let row = &list["rows"][0];
    assert_eq!(row["tag"], "A001");
    // Bought 2024-02-01 over 36 months, declining balance: worth less than it cost.
    assert!(row["book_value"].as_i64().unwrap() < 149_900);
    let version = a001["version"].to_string();
    let mut form = vec![("id", "a001"), ("version", version.as_str())];
    let fields = a001["fields"].as_object().unwrap();
    let values: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| {
            let value = if k == "location" {
                "HQ 3rd floor".to_owned()
            } else {
                v.as_str().unwrap().to_owned()
            };
            (format!("input[{k}]"), value)
        })
        .collect();
    form.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let saved = app.call("assets/update", &form).await;
    assert!(saved.status().is_success(), "{}", message(saved).await);
    let again = app.call("assets/update", &form).await;
    assert_eq!(again.status(), 409, "the second save names a stale version");
    let history = json(
        app.call("audit/history", &[("table", "asset"), ("id", "a001")])
            .await,
    )
    .await;
    assert_eq!(history[0]["changes"][0]["field"], "location");
    assert_eq!(history[0]["changes"][0]["after"], "HQ 3rd floor");
}

#[tokio::test]
async fn viewers_read_assets_but_cannot_change_them() {
    let vic = spawn_as("vic@demo.trellis").await;
    assert!(vic
        .call("assets/get", &[("id", "a001")])
        .await
        .status()
        .is_success());
    let refused = step(&vic, "a008", "In Use", &[]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(asset(&vic, "a008").await["state"], "InStock");
    let rory = spawn_as("rory@demo.trellis").await;
    assert_eq!(rory.call("assets/list", &[]).await.status(), 403);
}
