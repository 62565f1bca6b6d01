//! Wallboards: what a board shows, and the board tokens that open one board read-only.

use crate::alerts::{deliver, delivery, integration};
use crate::helpers::{client, spawn_app, TestApp};
use crate::monitoring::{eventually, json};
use serde_json::{json, Value};

/// Board `key` as a signed-in user sees it.
async fn board(app: &TestApp, key: &str) -> Value {
    json(app.call("monitoring/wallboard", &[("key", key)]).await).await
}

fn figure<'a>(board: &'a Value, kpi: &str) -> &'a Value {
    board["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kpi"] == kpi)
        .unwrap_or_else(|| panic!("no {kpi} in {board}"))
}

#[tokio::test]
async fn a_board_shows_the_key_figures_and_events_it_was_made_with() {
    let app = spawn_app().await;
    let form = [
        ("input[name]", "NOC"),
        ("input[kpis][]", "alerts_firing"),
        ("input[kpis][]", "services_down"),
        ("input[kpis][]", "open_events"),
        ("input[events]", "on"),
        ("input[rotate_s]", "20"),
    ];
    assert_eq!(
        json(app.call("monitoring/create-board", &form).await).await,
        "noc"
    );
    let calm = board(&app, "noc").await;
    assert_eq!(calm["rotate_s"], 20);
    assert_eq!(figure(&calm, "AlertsFiring")["value"], "0");
    assert_eq!(figure(&calm, "AlertsFiring")["health"], "Ok");
    assert_eq!(calm["events"], json!([]));

    let token = integration(&app).await;
    let firing = delivery("firing", &[("f1", "Web Server", "critical")]).to_string();
    assert!(deliver(&app, &token, &firing).await.status().is_success());
    // Once the status is rolled up, each service the alert takes down has an open event
    // of its own beside the alert's.
    eventually(
        "the board counts the services down and their events",
        || async {
            let board = board(&app, "noc").await;
            let down = figure(&board, "ServicesDown")["value"]
                .as_str()
                .unwrap()
                .to_owned();
            let down: u64 = down.parse().unwrap();
            down > 0 && figure(&board, "OpenEvents")["value"] == (down + 1).to_string().as_str()
        },
    )
    .await;
    let busy = board(&app, "noc").await;
    assert_eq!(figure(&busy, "AlertsFiring")["value"], "1");
    assert_eq!(figure(&busy, "AlertsFiring")["health"], "Warning");
    // The Web Server takes Website Hosting and the Database Service down with it.
    assert_eq!(figure(&busy, "ServicesDown")["health"], "Critical");
    let titles: Vec<&str> = busy["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert!(titles.contains(&"HostDown on Web Server"), "{titles:?}");

    let listed = json(app.call("monitoring/boards", &[]).await).await;
    let noc = &listed.as_array().unwrap()[0];
    assert_eq!(
        noc["kpis"],
        json!(["AlertsFiring", "ServicesDown", "OpenEvents"])
    );
    assert_eq!(noc["events"], true);
}

#[tokio::test]
async fn a_bad_board_is_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let form = [
        ("input[name]", "   "),
        ("input[kpis][]", "uptime"),
        ("input[rotate_s]", "2"),
    ];
    let response = app.call("monitoring/create-board", &form).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Name the board"), "{body}");
    assert!(body.contains("uptime"), "{body}");
    assert!(body.contains("5 to 3600"), "{body}");
    let listed = json(app.call("monitoring/boards", &[]).await).await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn a_board_token_opens_one_board_until_revoked() {
    let app = spawn_app().await;
    let key = json(
        app.call(
            "monitoring/create-board",
            &[
                ("input[name]", "Operations"),
                ("input[services][]", "website_hosting"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(key, "operations");
    let link = json(
        app.call("monitoring/board-token", &[("key", "operations")])
            .await,
    )
    .await;
    let token = link
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned();

    let tv = TestApp {
        base: app.base.clone(),
        client: client(),
    };
    let with = |token: &str| {
        vec![
            ("key".to_owned(), "operations".to_owned()),
            ("token".to_owned(), token.to_owned()),
        ]
    };
    let board = |form: Vec<(String, String)>| {
        let tv = &tv;
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            tv.call("monitoring/wallboard", &form).await
        }
    };
    let shown = json(board(with(&token)).await).await;
    assert_eq!(shown["tiles"].as_array().unwrap().len(), 1);
    assert_eq!(shown["tiles"][0]["name"], "Website Hosting");
    assert_eq!(board(with("brd_guess")).await.status(), 401);
    let page = tv
        .get(&format!("/wallboard/operations?token={token}"))
        .await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Website Hosting"));
    let stream = tv
        .get(&format!("/api/wallboard/operations/live?token={token}"))
        .await;
    assert_eq!(stream.status(), 200);
    drop(stream);

    let revoked = app
        .call("monitoring/revoke-board-token", &[("key", "operations")])
        .await;
    assert!(revoked.status().is_success());
    assert_eq!(board(with(&token)).await.status(), 401);
    let stream = tv
        .get(&format!("/api/wallboard/operations/live?token={token}"))
        .await;
    assert_eq!(stream.status(), 401);
}
