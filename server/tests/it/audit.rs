use crate::helpers::{ci_form, spawn_app, spawn_as};
use serde_json::Value;

async fn history(app: &crate::helpers::TestApp, id: &str) -> Vec<Value> {
    let response = app
        .call("audit/history", &[("table", "ci"), ("id", id)])
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The form that saves the demo Database with `status`, from `version`.
pub(crate) fn edit(
    version: &'static str,
    status: &'static str,
) -> Vec<(&'static str, &'static str)> {
    let mut form = ci_form(&[
        ("input[name]", "Database"),
        ("input[class]", "database"),
        ("input[status]", status),
        ("input[owner]", "Database Administration"),
        (
            "input[description]",
            "Primary PostgreSQL database behind the website and internal apps.",
        ),
        ("input[tags]", "postgres"),
        ("input[criticality]", "1"),
    ]);
    form.extend([("id", "database"), ("version", version)]);
    form
}

#[tokio::test]
async fn an_update_records_who_changed_which_field_from_what_to_what() {
    let app = spawn_as("conor@demo.trellis").await;
    assert_eq!(
        app.call("cmdb/update", &edit("1", "Maintenance"))
            .await
            .status(),
        200
    );

    let entries = history(&app, "database").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry = &entries[0];
    assert_eq!(entry["actor_name"], "Conor Configuration");
    assert_eq!(entry["action"], "update");
    assert!(!entry["request_id"].as_str().unwrap().is_empty());
    assert_eq!(
        entry["changes"],
        serde_json::json!([{ "field": "status", "before": "Active", "after": "Maintenance" }])
    );

    let html = app.page("/cis/database").await;
    let history_html = &html[html.find("History").unwrap()..];
    assert!(history_html.contains("Conor Configuration"));
    assert!(history_html.contains("<del>Active</del>"));
}

#[tokio::test]
async fn a_refused_update_leaves_no_trace() {
    let app = spawn_app().await;
    assert_eq!(
        app.call("cmdb/update", &edit("1", "Maintenance"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call("cmdb/update", &edit("1", "Retired"))
            .await
            .status(),
        409
    );
    assert_eq!(history(&app, "database").await.len(), 1);
}

#[tokio::test]
async fn a_created_ci_starts_its_history_with_every_field() {
    let app = spawn_app().await;
    let created: Value = app
        .call("cmdb/create", &ci_form(&[("input[name]", "audited-app")]))
        .await
        .json()
        .await
        .unwrap();
    let entries = history(&app, created["id"].as_str().unwrap()).await;
    assert_eq!(entries[0]["action"], "create");
    let fields: Vec<&str> = entries[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "class",
            "status",
            "environment",
            "criticality",
            "owner",
            "tags"
        ]
    );
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_deleted() {
    let config = server::Config::for_tests();
    let store = app::store::Store::open(&app::store::DbSettings {
        url: config.db.clone(),
        username: None,
        password: None,
    })
    .await
    .unwrap();
    store
        .db()
        .query("CREATE audit CONTENT { actor_name: 'x', request_id: 'r', table_name: 'ci', record_key: 'k', action: 'update' }")
        .await
        .unwrap()
        .check()
        .unwrap();
    for statement in ["UPDATE audit SET actor_name = 'forged'", "DELETE audit"] {
        let result = store.db().query(statement).await.unwrap().check();
        assert!(result.is_err(), "{statement} went through");
    }
    let mut left = store
        .db()
        .query("SELECT VALUE actor_name FROM audit")
        .await
        .unwrap();
    let names: Vec<String> = left.take(0).unwrap();
    assert_eq!(names, vec!["x".to_owned()]);
}
