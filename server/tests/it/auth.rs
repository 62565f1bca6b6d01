use crate::helpers::{ci_form, client, spawn_as, spawn_with, DEMO_PASSWORD};
use server::Config;

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("trellis="))
        .map(str::to_owned)
}

#[tokio::test]
async fn anonymous_pages_redirect_to_sign_in_and_come_back() {
    let app = spawn_with(Config::for_tests()).await;
    let response = app.get("/cis?page=2").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Fcis%3Fpage%3D2"
    );
    assert_eq!(app.get("/login").await.status(), 200);

    let response = app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    assert_eq!(response.headers()["location"], "/cis");
    assert_eq!(app.get("/cis").await.status(), 200);
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = spawn_with(Config::for_tests()).await;
    let wrong = app.login("vic@demo.trellis", "nope").await;
    assert_eq!(wrong.status(), 401);
    assert!(session_cookie(&wrong).is_none());
    let wrong_text = wrong.text().await.unwrap();
    let unknown = app.login("nobody@demo.trellis", "nope").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.text().await.unwrap(), wrong_text);
    assert_eq!(app.get("/cis").await.status(), 303);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_rotates_at_login() {
    let app = spawn_with(Config::for_tests()).await;
    let first = app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    let cookie = session_cookie(&first).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    assert!(cookie.contains("Path=/"));
    let second = app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    let rotated = session_cookie(&second).expect("a new session cookie");
    let value = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(value(&cookie), value(&rotated));
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_as("vic@demo.trellis").await;
    assert_eq!(app.get("/cis").await.status(), 200);
    let out = app.call("auth/logout", &[]).await;
    assert_eq!(out.headers()["location"], "/login");
    assert_eq!(app.get("/cis").await.status(), 303);
}

#[tokio::test]
async fn repeated_wrong_passwords_are_rate_limited() {
    let app = spawn_with(Config::for_tests()).await;
    for _ in 0..5 {
        assert_eq!(app.login("vic@demo.trellis", "guess").await.status(), 401);
    }
    let limited = app.login("vic@demo.trellis", DEMO_PASSWORD).await;
    assert_eq!(limited.status(), 429);
}

#[tokio::test]
async fn roles_decide_what_the_server_allows() {
    let viewer = spawn_as("vic@demo.trellis").await;
    assert_eq!(
        viewer
            .call("cmdb/list", &[("query[page]", "1")])
            .await
            .status(),
        200
    );
    let refused = viewer
        .call("cmdb/create", &ci_form(&[("input[name]", "viewer-made")]))
        .await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("does not allow"));

    let config_manager = spawn_as("conor@demo.trellis").await;
    let made = config_manager
        .call("cmdb/create", &ci_form(&[("input[name]", "conor-made")]))
        .await;
    assert_eq!(made.status(), 200);

    let requester = spawn_as("rory@demo.trellis").await;
    assert_eq!(
        requester
            .call("cmdb/list", &[("query[page]", "1")])
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn the_first_admin_comes_from_the_environment() {
    let mut config = Config::for_tests();
    config.no_demo = true;
    config.admin_email = Some("root@example.com".into());
    config.admin_password = Some("correct horse battery".into());
    let app = spawn_with(config).await;
    let response = app.login("root@example.com", "correct horse battery").await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.get("/cis").await.status(), 200);
    let other = client();
    let page = other.get(format!("{}/cis", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 303, "another browser is not signed in");
}
