use crate::helpers::{ci_form, spawn_as, spawn_with};
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn a_change_reaches_an_open_event_stream_within_a_second() {
    let app = spawn_as("vic@demo.trellis").await;
    let mut stream = app.get("/api/live").await;
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");

    // Someone else, in another browser, on the same server.
    let editor = crate::helpers::TestApp {
        base: app.base.clone(),
        client: crate::helpers::client(),
    };
    editor
        .login("conor@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    let created: Value = editor
        .call("cmdb/create", &ci_form(&[("input[name]", "live-one")]))
        .await
        .json()
        .await
        .unwrap();
    let key = created["id"].as_str().unwrap().to_owned();

    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    while !seen.contains(&key) {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("the change arrives within a second")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(seen.contains("event: change"));
    assert!(seen.contains(r#""table":"ci""#));
    assert!(seen.contains(r#""kind":"create""#));
    assert!(
        !seen.contains("live-one"),
        "only keys travel, not field values"
    );
}

#[tokio::test]
async fn the_event_stream_needs_a_signed_in_user() {
    let app = spawn_with(server::Config::for_tests()).await;
    assert_eq!(app.get("/api/live").await.status(), 401);
}

#[tokio::test]
async fn people_on_a_record_see_who_else_is_viewing_or_editing_it() {
    let vic = spawn_as("vic@demo.trellis").await;
    let conor = crate::helpers::TestApp {
        base: vic.base.clone(),
        client: crate::helpers::client(),
    };
    conor
        .login("conor@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    async fn ping(
        app: &crate::helpers::TestApp,
        token: &str,
        here: &str,
        editing: &str,
    ) -> Vec<Value> {
        let form = [
            ("table", "ci"),
            ("key", "database"),
            ("token", token),
            ("here", here),
            ("editing", editing),
        ];
        let response = app.call("live/presence", &form).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
    assert!(ping(&vic, "vic-page", "true", "false").await.is_empty());
    let seen_by_conor = ping(&conor, "conor-page", "true", "true").await;
    assert_eq!(
        seen_by_conor,
        vec![serde_json::json!({ "name": "Vic Viewer", "editing": false })]
    );
    let seen_by_vic = ping(&vic, "vic-page", "true", "false").await;
    assert_eq!(
        seen_by_vic,
        vec![serde_json::json!({ "name": "Conor Configuration", "editing": true })]
    );
    ping(&conor, "conor-page", "false", "false").await;
    assert!(ping(&vic, "vic-page", "true", "false").await.is_empty());
}
