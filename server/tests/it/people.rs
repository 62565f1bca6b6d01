//! Admins manage users and teams; every change is audited; disabling ends sessions.

use crate::helpers::{client, spawn_app, TestApp, DEMO_PASSWORD};
use serde_json::Value;

const NEW_PASSWORD: &str = "a long enough password";

fn person_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("input[email]", "nina@example.com"),
        ("input[display_name]", "Nina Network"),
        ("input[roles][]", "viewer"),
        ("input[teams][]", "network"),
        ("input[password]", NEW_PASSWORD),
    ];
    for (key, value) in overrides {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn field_error(response: reqwest::Response, field: &str) -> String {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let errors = body["Validation"].as_array().unwrap();
    errors
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no {field} error in {body}"))
        .to_owned()
}

/// Another browser on the same server.
fn browser(app: &TestApp) -> TestApp {
    TestApp {
        base: app.base.clone(),
        client: client(),
    }
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in_with_those_roles() {
    let admin = spawn_app().await;
    let id = json(admin.call("people/create", &person_form(&[])).await).await;
    let id = id.as_str().unwrap();

    let person = json(admin.call("people/get", &[("id", id)]).await).await;
    assert_eq!(person["roles"], serde_json::json!(["Viewer"]));
    assert_eq!(person["teams"][0]["name"], "Network");
    assert!(person.get("password_hash").is_none());

    let nina = browser(&admin);
    assert_eq!(
        nina.login("NINA@example.com", NEW_PASSWORD).await.status(),
        200
    );
    assert_eq!(nina.get("/cis").await.status(), 200);
    let refused = nina
        .call("cmdb/create", &crate::helpers::ci_form(&[]))
        .await;
    assert_eq!(refused.status(), 403, "a viewer cannot create CIs");
}

#[tokio::test]
async fn bad_user_input_is_refused_field_by_field_and_nothing_is_written() {
    let admin = spawn_app().await;
    let response = admin
        .call(
            "people/create",
            &person_form(&[("input[email]", "alice@DEMO.trellis")]),
        )
        .await;
    assert!(field_error(response, "email").await.contains("already"));
    let response = admin
        .call(
            "people/create",
            &person_form(&[("input[password]", "short")]),
        )
        .await;
    assert!(field_error(response, "password").await.contains("12"));
    let response = admin
        .call(
            "people/create",
            &person_form(&[("input[teams][]", "no-such-team")]),
        )
        .await;
    assert!(field_error(response, "teams")
        .await
        .contains("no longer exists"));

    let people = json(admin.call("people/list", &[]).await).await;
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["email"] != "nina@example.com"));
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_stops_sign_in() {
    let admin = spawn_app().await;
    let vic = browser(&admin);
    assert_eq!(
        vic.login("vic@demo.trellis", DEMO_PASSWORD).await.status(),
        200
    );
    assert_eq!(vic.get("/cis").await.status(), 200);

    let person = json(admin.call("people/get", &[("id", "vic")]).await).await;
    let version = person["version"].to_string();
    let form = [
        ("id", "vic"),
        ("version", version.as_str()),
        ("input[email]", "vic@demo.trellis"),
        ("input[display_name]", "Vic Viewer"),
        ("input[roles][]", "viewer"),
        ("input[disabled]", "on"),
    ];
    json(admin.call("people/update", &form).await).await;

    assert_eq!(
        vic.get("/cis").await.status(),
        303,
        "the open session ended"
    );
    assert_eq!(
        vic.login("vic@demo.trellis", DEMO_PASSWORD).await.status(),
        401,
        "a disabled user cannot sign in"
    );

    // The same stale version again is a conflict, not a silent overwrite.
    let stale = admin.call("people/update", &form).await;
    assert_eq!(stale.status(), 409);
}

/// Roles are read per request (a signed-in user is remembered until any user changes),
/// so a role given or taken applies to a session that is already open, at once.
#[tokio::test]
async fn a_role_change_applies_to_an_open_session_at_once() {
    let admin = spawn_app().await;
    let vic = browser(&admin);
    vic.login("vic@demo.trellis", DEMO_PASSWORD).await;
    let form = crate::helpers::ci_form(&[("input[name]", "")]);
    let create = || vic.call("cmdb/create", &form);
    assert_eq!(create().await.status(), 403, "a viewer cannot create CIs");
    let set_roles = |role: &'static str| {
        let admin = &admin;
        async move {
            let person = json(admin.call("people/get", &[("id", "vic")]).await).await;
            let version = person["version"].to_string();
            let form = [
                ("id", "vic"),
                ("version", version.as_str()),
                ("input[email]", "vic@demo.trellis"),
                ("input[display_name]", "Vic Viewer"),
                ("input[roles][]", role),
            ];
            json(admin.call("people/update", &form).await).await;
        }
    };
    set_roles("configuration_manager").await;
    assert_eq!(
        create().await.status(),
        422,
        "now allowed, and told the name is missing"
    );
    set_roles("viewer").await;
    assert_eq!(create().await.status(), 403);
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let admin = spawn_app().await;
    let person = json(admin.call("people/get", &[("id", "alice")]).await).await;
    let version = person["version"].to_string();
    let response = admin
        .call(
            "people/update",
            &[
                ("id", "alice"),
                ("version", version.as_str()),
                ("input[email]", "alice@demo.trellis"),
                ("input[display_name]", "Alice Admin"),
                ("input[roles][]", "viewer"),
                ("input[disabled]", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("own account") && body.contains("own Admin role"),
        "{body}"
    );
}

#[tokio::test]
async fn user_and_team_changes_are_in_the_audit_log_and_filterable() {
    let admin = spawn_app().await;
    let id = json(admin.call("people/create", &person_form(&[])).await).await;
    let id = id.as_str().unwrap().to_owned();
    json(
        admin
            .call(
                "people/create-team",
                &[
                    ("input[name]", "Storage"),
                    ("input[description]", "SAN and backup"),
                ],
            )
            .await,
    )
    .await;
    let duplicate = admin
        .call("people/create-team", &[("input[name]", "storage")])
        .await;
    assert!(field_error(duplicate, "name")
        .await
        .contains("already exists"));

    let history = json(
        admin
            .call("audit/history", &[("table", "user"), ("id", &id)])
            .await,
    )
    .await;
    let entry = &history[0];
    assert_eq!(entry["action"], "create");
    assert_eq!(entry["actor_name"], "Alice Admin");
    let fields: Vec<&str> = entry["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"roles") && fields.contains(&"password"));
    assert!(
        !entry.to_string().contains(NEW_PASSWORD),
        "the password itself is never audited"
    );

    let by_table = json(admin.call("audit/log", &[("filter[table]", "team")]).await).await;
    assert_eq!(by_table["total"], 1);
    assert_eq!(by_table["entries"][0]["label"], "Storage");

    let by_record = json(
        admin
            .call(
                "audit/log",
                &[("filter[table]", "user"), ("filter[record]", &id)],
            )
            .await,
    )
    .await;
    assert_eq!(by_record["total"], 1);
    assert_eq!(by_record["entries"][0]["label"], "Nina Network");

    let nobody = json(
        admin
            .call("audit/log", &[("filter[who]", "someone else")])
            .await,
    )
    .await;
    assert_eq!(nobody["total"], 0);

    let future = json(
        admin
            .call("audit/log", &[("filter[from]", "2999-01-01")])
            .await,
    )
    .await;
    assert_eq!(future["total"], 0);

    let reversed = admin
        .call(
            "audit/log",
            &[("filter[from]", "2026-05-02"), ("filter[to]", "2026-05-01")],
        )
        .await;
    assert!(field_error(reversed, "to").await.contains("before"));
}

#[tokio::test]
async fn owner_suggestions_list_teams_and_active_people_to_anyone_who_reads_the_cmdb() {
    let viewer = crate::helpers::spawn_as("vic@demo.trellis").await;
    let names = json(viewer.call("people/owners", &[]).await).await;
    let names: Vec<&str> = names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names[0], "Applications", "teams first, by name");
    assert!(names.contains(&"Network") && names.contains(&"Conor Configuration"));
    assert!(!names.iter().any(|n| n.contains('@')), "no emails");
}
