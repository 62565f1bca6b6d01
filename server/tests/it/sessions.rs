use crate::helpers::{client, spawn_with, TestApp, DEMO_PASSWORD};
use serde_json::Value;

/// Two browsers on one server, signed in as the same user.
async fn two_browsers(email: &str) -> (TestApp, TestApp) {
    let first = spawn_with(server::Config::for_tests()).await;
    let second = TestApp {
        base: first.base.clone(),
        client: client(),
    };
    for browser in [&first, &second] {
        assert_eq!(browser.login(email, DEMO_PASSWORD).await.status(), 200);
    }
    (first, second)
}

async fn sessions(app: &TestApp) -> Vec<Value> {
    let response = app.call("auth/sessions", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn users_see_their_sessions_and_can_end_another_browser() {
    let (laptop, phone) = two_browsers("vic@demo.trellis").await;
    let listed = sessions(&laptop).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|s| s["current"] == true).count(), 1);

    let other = listed.iter().find(|s| s["current"] == false).unwrap();
    let handle = other["handle"].as_str().unwrap();
    assert_eq!(
        laptop
            .call("auth/end-session", &[("handle", handle)])
            .await
            .status(),
        200
    );

    assert_eq!(
        phone.get("/cis").await.status(),
        303,
        "the ended browser is signed out"
    );
    assert_eq!(
        laptop.get("/cis").await.status(),
        200,
        "this browser stays signed in"
    );
    assert_eq!(sessions(&laptop).await.len(), 1);
}

#[tokio::test]
async fn nobody_can_end_someone_elses_session_by_handle() {
    let (vic, _) = two_browsers("vic@demo.trellis").await;
    let handle = sessions(&vic).await[0]["handle"]
        .as_str()
        .unwrap()
        .to_owned();
    let conor = TestApp {
        base: vic.base.clone(),
        client: client(),
    };
    conor.login("conor@demo.trellis", DEMO_PASSWORD).await;
    assert_eq!(
        conor
            .call("auth/end-session", &[("handle", &handle)])
            .await
            .status(),
        404
    );
    assert_eq!(vic.get("/cis").await.status(), 200);
}

#[tokio::test]
async fn an_admin_can_end_every_session_of_a_user() {
    let (vic, vic_phone) = two_browsers("vic@demo.trellis").await;
    let admin = TestApp {
        base: vic.base.clone(),
        client: client(),
    };
    admin.login("alice@demo.trellis", DEMO_PASSWORD).await;
    assert_eq!(
        admin
            .call("auth/end-user-sessions", &[("user", "vic")])
            .await
            .status(),
        200
    );
    assert_eq!(vic.get("/cis").await.status(), 303);
    assert_eq!(vic_phone.get("/cis").await.status(), 303);
    assert_eq!(admin.get("/cis").await.status(), 200);
}

#[tokio::test]
async fn the_session_list_never_contains_the_session_id() {
    let app = spawn_with(server::Config::for_tests()).await;
    let login = app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("trellis=")
        .to_owned();
    assert!(id.len() > 10, "{cookie}");
    let body = app.call("auth/sessions", &[]).await.text().await.unwrap();
    assert!(body.contains("handle"));
    assert!(!body.contains(&id), "{body}");
}

/// Sessions are remembered between requests; one ended by another node (here: deleted
/// straight in the database) is forgotten through the change stream, and the browser is
/// signed out.
#[tokio::test]
async fn a_session_ended_on_another_node_signs_the_browser_out() {
    let (app, state) = crate::helpers::spawn_with_state(server::Config::for_tests()).await;
    app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    assert_eq!(app.get("/cis").await.status(), 200);
    assert_eq!(app.get("/cis").await.status(), 200, "remembered");
    state
        .store
        .db()
        .query("DELETE session WHERE user = user:vic")
        .await
        .unwrap()
        .check()
        .unwrap();
    for _ in 0..50 {
        if app.get("/cis").await.status() == 303 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the session ended elsewhere still works after five seconds");
}
