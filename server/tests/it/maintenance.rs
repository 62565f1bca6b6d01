//! Maintenance windows: events of a CI in one are kept but suppressed, and the window is
//! in the CI's history.

use crate::alerts::{deliver, delivery, integration};
use crate::audit::edit;
use crate::helpers::spawn_app;
use crate::monitoring::{add_check, check_health, eventually, json};
use serde_json::Value;

/// `YYYY-MM-DDTHH:MM` in UTC, `hours` from now, as a browser's date-time field sends it.
pub(crate) fn hours_from_now(hours: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let at = now + hours * 3600;
    let (days, minutes) = (at.div_euclid(86_400), at.rem_euclid(86_400) / 60);
    // Civil date from days since 1970 (Howard Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

async fn schedule(
    app: &crate::helpers::TestApp,
    ci: &str,
    from: i64,
    to: i64,
    why: &str,
) -> reqwest::Response {
    let (starts, ends) = (hours_from_now(from), hours_from_now(to));
    app.call(
        "monitoring/schedule-window",
        &[
            ("input[ci]", ci),
            ("input[starts_at]", &starts),
            ("input[ends_at]", &ends),
            ("input[reason]", why),
        ],
    )
    .await
}

/// Fires a critical HostDown alert (fingerprint, CI name) on each target through a new
/// Alertmanager integration; answers the event console.
async fn fire(app: &crate::helpers::TestApp, targets: &[(&str, &str)]) -> Value {
    let token = integration(app).await;
    let alerts: Vec<(&str, &str, &str)> = targets
        .iter()
        .map(|&(fingerprint, ci)| (fingerprint, ci, "critical"))
        .collect();
    let firing = delivery("firing", &alerts);
    assert!(deliver(app, &token, &firing.to_string())
        .await
        .status()
        .is_success());
    json(app.call("monitoring/events", &[]).await).await
}

fn event_for<'a>(events: &'a Value, title: &str) -> &'a Value {
    events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no event {title} in {events}"))
}

#[tokio::test]
async fn alerts_on_a_ci_in_an_open_window_are_kept_but_suppressed() {
    let app = spawn_app().await;
    assert!(schedule(&app, "web_server", -1, 2, "Kernel patching")
        .await
        .status()
        .is_success());
    assert!(schedule(&app, "database", 24, 26, "Failover test")
        .await
        .status()
        .is_success());
    let windows = json(
        app.call("monitoring/windows", &[("ci", "web_server")])
            .await,
    )
    .await;
    assert_eq!(windows[0]["reason"], "Kernel patching");
    assert_eq!(windows[0]["active"], true);
    let later = json(app.call("monitoring/windows", &[("ci", "database")]).await).await;
    assert_eq!(later[0]["active"], false, "a window ahead is not open yet");

    let events = fire(&app, &[("w1", "Web Server"), ("d1", "Database")]).await;
    assert_eq!(
        event_for(&events, "HostDown on Web Server")["suppressed"],
        true
    );
    assert_eq!(
        event_for(&events, "HostDown on Database")["suppressed"],
        false
    );

    let history = json(
        app.call("audit/history", &[("table", "ci"), ("id", "web_server")])
            .await,
    )
    .await;
    assert!(history.to_string().contains("Kernel patching"), "{history}");

    let id = windows[0]["id"].as_str().unwrap();
    assert!(app
        .call("monitoring/remove-window", &[("id", id)])
        .await
        .status()
        .is_success());
    let left = json(
        app.call("monitoring/windows", &[("ci", "web_server")])
            .await,
    )
    .await;
    assert_eq!(left, serde_json::json!([]));
}

#[tokio::test]
async fn a_ci_set_to_maintenance_by_hand_has_its_alerts_suppressed_without_a_window() {
    let app = spawn_app().await;
    let saved = app.call("cmdb/update", &edit("1", "Maintenance")).await;
    assert_eq!(saved.status(), 200);
    let events = fire(&app, &[("w1", "Web Server"), ("d1", "Database")]).await;
    assert_eq!(
        event_for(&events, "HostDown on Database")["suppressed"],
        true
    );
    assert_eq!(
        event_for(&events, "HostDown on Web Server")["suppressed"],
        false
    );
}

#[tokio::test]
async fn an_open_window_suppresses_alerts_even_after_its_ci_was_set_back_to_active() {
    let app = spawn_app().await;
    let scheduled = schedule(&app, "database", -1, 2, "Failover test").await;
    assert!(scheduled.status().is_success());
    // The window put the Database into Maintenance (version 2); someone sets it back.
    let saved = app.call("cmdb/update", &edit("2", "Active")).await;
    assert_eq!(saved.status(), 200);
    let events = fire(&app, &[("d1", "Database")]).await;
    assert_eq!(
        event_for(&events, "HostDown on Database")["suppressed"],
        true
    );
}

/// Whether the Critical event titled `title` was suppressed, once there is one.
async fn critical_suppressed(app: &crate::helpers::TestApp, title: &str) -> Option<bool> {
    let events = json(app.call("monitoring/events", &[]).await).await;
    events
        .as_array()?
        .iter()
        .find(|e| e["title"] == title && e["health"] == "Critical")
        .and_then(|e| e["suppressed"].as_bool())
}

#[tokio::test]
async fn a_failing_check_on_a_ci_in_an_open_window_raises_a_suppressed_event() {
    let app = spawn_app().await;
    let scheduled = schedule(&app, "web_server", -1, 2, "Kernel patching").await;
    assert!(scheduled.status().is_success());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let accepting = tokio::spawn(async move {
        loop {
            let _ = listener.accept().await;
        }
    });
    let tcp = [("input[kind]", "tcp"), ("input[target]", addr.as_str())];
    for ci in ["web_server", "database"] {
        add_check(&app, ci, &tcp).await;
    }
    for ci in ["web_server", "database"] {
        eventually("the check is OK", || async {
            check_health(&app, ci).await == "Ok"
        })
        .await;
    }
    accepting.abort();
    eventually("both checks raised a Critical event", || async {
        critical_suppressed(&app, "Web Server: Health")
            .await
            .is_some()
            && critical_suppressed(&app, "Database: Health")
                .await
                .is_some()
    })
    .await;
    assert_eq!(
        critical_suppressed(&app, "Web Server: Health").await,
        Some(true)
    );
    assert_eq!(
        critical_suppressed(&app, "Database: Health").await,
        Some(false)
    );
}

#[tokio::test]
async fn a_bad_window_is_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let response = schedule(&app, "web_server", 2, 1, " ").await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("end after it starts"), "{body}");
    assert!(body.contains("Say why"), "{body}");
    let response = schedule(&app, "no_such_ci", 1, 2, "Patching").await;
    assert_eq!(response.status(), 404);
    let windows = json(
        app.call("monitoring/windows", &[("ci", "web_server")])
            .await,
    )
    .await;
    assert_eq!(windows, serde_json::json!([]));
}
