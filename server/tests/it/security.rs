use crate::helpers::{ci_form, spawn_app};

#[tokio::test]
async fn a_cross_site_post_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    for origin in [Some("https://evil.example"), None] {
        let mut request = app.client.post(format!("{}/api/cmdb/create", app.base));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request
            .form(&ci_form(&[("input[name]", "csrf-victim")]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "origin {origin:?}");
    }
    assert!(!app.page("/cis").await.contains("csrf-victim"));
}

#[tokio::test]
async fn pages_carry_a_nonce_based_content_security_policy() {
    let app = spawn_app().await;
    let response = app.get("/cis").await;
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[tokio::test]
async fn api_answers_allow_nothing_to_run() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}
