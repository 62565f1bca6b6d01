use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_ok() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let id = response
        .headers()
        .get("x-request-id")
        .expect("request id header");
    assert!(!id.to_str().unwrap().is_empty());
}

#[tokio::test]
async fn unknown_pages_answer_404_with_a_page() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let response = app
        .client
        .post(format!("{}/api/cmdb/create", app.base))
        .header("origin", &app.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn an_import_may_be_larger_than_a_form_but_not_unbounded() {
    let app = spawn_app().await;
    let post = |path: &str, size: usize| {
        app.client
            .post(format!("{}{path}", app.base))
            .header("origin", &app.base)
            .header("content-type", "application/json")
            .body(format!(
                "{{\"format\":\"netbox\",\"files\":[{{\"name\":\"sites.csv\",\"text\":\"{}\"}}]}}",
                "x".repeat(size)
            ))
            .send()
    };
    let big_import = post("/api/import/check", 3 * 1024 * 1024).await.unwrap();
    assert_eq!(big_import.status(), 200, "3 MiB of files are accepted");
    let huge = post("/api/import/check", 65 * 1024 * 1024).await.unwrap();
    assert_eq!(huge.status(), 413);
}
