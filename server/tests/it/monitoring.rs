//! Monitoring end to end: checks against real servers on loopback, Alertmanager
//! deliveries and service status rollup.

use crate::helpers::{spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

const OK: u8 = 0;
const FAILING: u8 = 1;
const SLOW: u8 = 2;

/// An HTTP server that answers 200 "healthy", 500, or after 3 s, as told.
async fn target() -> (String, Arc<AtomicU8>) {
    let mode = Arc::new(AtomicU8::new(OK));
    let state = mode.clone();
    let router = axum::Router::new().route(
        "/health",
        axum::routing::get(move || {
            let mode = state.clone();
            async move {
                match mode.load(Ordering::SeqCst) {
                    FAILING => (StatusCode::INTERNAL_SERVER_ERROR, "broken"),
                    SLOW => {
                        tokio::time::sleep(Duration::from_secs(3)).await;
                        (StatusCode::OK, "healthy")
                    }
                    _ => (StatusCode::OK, "healthy"),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/health"), mode)
}

pub(crate) async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

pub(crate) async fn add_check(app: &TestApp, ci: &str, fields: &[(&str, &str)]) -> String {
    let mut form = vec![
        ("ci", ci),
        ("input[name]", "Health"),
        ("input[interval_s]", "1"),
        ("input[timeout_ms]", "500"),
        ("input[retries]", "0"),
        ("input[warning_ms]", "400"),
        ("input[critical_ms]", "450"),
    ];
    for (key, value) in fields {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    json(app.call("monitoring/add-check", &form).await)
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

async fn monitoring_of(app: &TestApp, ci: &str) -> Value {
    json(app.call("monitoring/ci", &[("ci", ci)]).await).await
}

/// Polls `probe` until it is true, for up to 15 s.
pub(crate) async fn eventually<F, Fut>(what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..150 {
        if probe().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

pub(crate) async fn check_health(app: &TestApp, ci: &str) -> String {
    monitoring_of(app, ci).await["checks"][0]["health"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub(crate) async fn service_status(app: &TestApp, name: &str) -> String {
    let overview = json(app.call("monitoring/overview", &[]).await).await;
    overview["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_http_check_goes_critical_and_back_and_takes_its_service_with_it() {
    let app = spawn_app().await;
    let (url, mode) = target().await;
    add_check(
        &app,
        "web_server",
        &[("input[kind]", "http"), ("input[target]", &url)],
    )
    .await;
    eventually("the check is OK", || async {
        check_health(&app, "web_server").await == "Ok"
    })
    .await;
    assert_eq!(service_status(&app, "Website Hosting").await, "Operational");

    mode.store(FAILING, Ordering::SeqCst);
    eventually("the check is Critical", || async {
        check_health(&app, "web_server").await == "Critical"
    })
    .await;
    let ci = monitoring_of(&app, "web_server").await;
    assert_eq!(ci["checks"][0]["message"], "HTTP 500");
    // The Database depends on the Web Server, and Website Hosting on both.
    eventually("Website Hosting is Down", || async {
        service_status(&app, "Website Hosting").await == "Down"
    })
    .await;
    // The stored status and its event follow the change stream a moment later.
    eventually("the service's change is an event", || async {
        let events = json(app.call("monitoring/events", &[]).await).await;
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == "Website Hosting is Down")
    })
    .await;

    mode.store(OK, Ordering::SeqCst);
    eventually("the check is OK again", || async {
        check_health(&app, "web_server").await == "Ok"
    })
    .await;
    eventually("Website Hosting is Operational again", || async {
        service_status(&app, "Website Hosting").await == "Operational"
    })
    .await;
}

#[tokio::test]
async fn a_slow_target_times_out_as_critical() {
    let app = spawn_app().await;
    let (url, mode) = target().await;
    mode.store(SLOW, Ordering::SeqCst);
    add_check(
        &app,
        "database",
        &[("input[kind]", "http"), ("input[target]", &url)],
    )
    .await;
    eventually("the check times out", || async {
        check_health(&app, "database").await == "Critical"
    })
    .await;
    let ci = monitoring_of(&app, "database").await;
    assert_eq!(ci["checks"][0]["message"], "no answer within 500 ms");
}

#[tokio::test]
async fn retries_hold_a_state_change_back_until_it_repeats() {
    let app = spawn_app().await;
    let (url, mode) = target().await;
    add_check(
        &app,
        "web_server",
        &[
            ("input[kind]", "http"),
            ("input[target]", &url),
            ("input[retries]", "3"),
        ],
    )
    .await;
    eventually("the check is OK", || async {
        check_health(&app, "web_server").await == "Ok"
    })
    .await;
    mode.store(FAILING, Ordering::SeqCst);
    // Two failed runs are recorded, but with 3 retries the check stays OK.
    eventually("two failures are recorded", || async {
        let ci = monitoring_of(&app, "web_server").await;
        let failures = ci["results"][0]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["health"] == "Critical")
            .count();
        (2..4).contains(&failures)
    })
    .await;
    assert_eq!(check_health(&app, "web_server").await, "Ok");
    eventually("the fourth failure confirms it", || async {
        check_health(&app, "web_server").await == "Critical"
    })
    .await;
}

#[tokio::test]
async fn a_tcp_check_sees_its_listener_close() {
    let app = spawn_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let accepting = tokio::spawn(async move {
        loop {
            let _ = listener.accept().await;
        }
    });
    add_check(
        &app,
        "database",
        &[("input[kind]", "tcp"), ("input[target]", &addr)],
    )
    .await;
    eventually("the check is OK", || async {
        check_health(&app, "database").await == "Ok"
    })
    .await;
    accepting.abort();
    eventually("the check is Critical", || async {
        check_health(&app, "database").await == "Critical"
    })
    .await;
}

#[tokio::test]
async fn a_bad_check_is_refused_field_by_field() {
    let app = spawn_app().await;
    let response = app
        .call(
            "monitoring/add-check",
            &[
                ("ci", "web_server"),
                ("input[name]", ""),
                ("input[kind]", "http"),
                ("input[target]", "web_server"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Name the check"), "{body}");
    assert!(body.contains("http:// or https://"), "{body}");
    assert_eq!(monitoring_of(&app, "web_server").await["checks"], json!([]));
}

#[tokio::test]
async fn results_older_than_a_week_are_rolled_up_by_the_hour() {
    let (_router, state) = server::start(&server::Config::for_tests()).await.unwrap();
    let db = state.store.db();
    db.query(
        "CREATE health_check:old CONTENT { ci: ci:web_server, name: 'Old', kind: 'tcp', \
         target: '127.0.0.1:9', warning_ms: 100, critical_ms: 200, interval_s: 3600, \
         timeout_ms: 100, retries: 0 }; \
         FOR $m IN [0, 10, 20] { CREATE check_result CONTENT { health_check: health_check:old, \
           at: time::floor(time::now() - 9d, 1h) + <duration> string::concat($m, 'm'), \
           health: IF $m = 10 { 'Critical' } ELSE { 'OK' }, \
           latency_ms: IF $m = 10 { NONE } ELSE { $m + 10 }, message: '' } }; \
         CREATE check_result CONTENT { health_check: health_check:old, at: time::now(), \
           health: 'OK', latency_ms: 5, message: '' };",
    )
    .await
    .unwrap()
    .take_errors()
    .is_empty()
    .then_some(())
    .expect("old results stored");
    let hours = app::monitoring::server::checks::compact(&state.store, 7)
        .await
        .unwrap();
    assert_eq!(hours, 1);
    let mut left = db
        .query("SELECT VALUE latency_ms FROM check_result")
        .query("SELECT VALUE [runs, ok, mean_latency_ms, max_latency_ms] FROM check_hour")
        .query("SELECT VALUE worst FROM check_hour")
        .await
        .unwrap();
    let recent: Vec<Option<i64>> = left.take(0).unwrap();
    assert_eq!(recent, vec![Some(5)], "only the recent result stays raw");
    let rolled: Vec<Vec<i64>> = left.take(1).unwrap();
    assert_eq!(rolled, vec![vec![3, 2, 20, 30]]);
    let worst: Vec<String> = left.take(2).unwrap();
    assert_eq!(worst, vec!["Critical"]);
}
