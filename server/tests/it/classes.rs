//! Classes are data: a Configuration Manager adds a class and its attributes, and CIs are
//! checked against them at once, with no restart.

use crate::helpers::{ci_form, spawn_as, TestApp};
use serde_json::Value;

async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn errors(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 422);
    response.json::<Value>().await.unwrap()["Validation"].clone()
}

fn has_error(errors: &Value, field: &str) -> bool {
    errors
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == field)
}

async fn create(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    app.call("cmdb/create", &ci_form(fields)).await
}

#[tokio::test]
async fn a_new_class_with_attributes_checks_cis_at_once() {
    let app = spawn_as("conor@demo.trellis").await;
    let key = ok(app
        .call(
            "cmdb/save-class",
            &[
                ("input[name]", "Load Balancer"),
                ("input[parent]", "server"),
            ],
        )
        .await)
    .await;
    assert_eq!(key, "load_balancer");
    ok(app
        .call(
            "cmdb/add-attribute",
            &[
                ("class", "load_balancer"),
                ("input[label]", "VIP"),
                ("input[kind]", "text"),
                ("input[flags][]", "required"),
            ],
        )
        .await)
    .await;
    ok(app
        .call(
            "cmdb/add-attribute",
            &[
                ("class", "load_balancer"),
                ("input[label]", "Mode"),
                ("input[kind]", "choice"),
                ("input[choices]", "active-active, active-passive"),
            ],
        )
        .await)
    .await;

    let refused = errors(
        create(
            &app,
            &[
                ("input[name]", "lb-01"),
                ("input[class]", "load_balancer"),
                ("input[attributes][Mode]", "round-robin"),
                ("input[attributes][CPU cores]", "many"),
            ],
        )
        .await,
    )
    .await;
    for field in ["attributes.VIP", "attributes.Mode", "attributes.CPU cores"] {
        assert!(has_error(&refused, field), "{field} in {refused}");
    }

    let created = ok(create(
        &app,
        &[
            ("input[name]", "lb-01"),
            ("input[class]", "load_balancer"),
            ("input[attributes][VIP]", "10.0.0.10"),
            ("input[attributes][Mode]", "active-passive"),
            ("input[attributes][Serial number]", "LB-1"),
        ],
    )
    .await)
    .await;
    let ci = ok(app
        .call("cmdb/get", &[("id", created["id"].as_str().unwrap())])
        .await)
    .await;
    assert_eq!(ci["attributes"]["VIP"], "10.0.0.10");
    assert_eq!(
        ci["attributes"]["Serial number"], "LB-1",
        "inherited from Server"
    );

    // The inherited serial number is unique within the class.
    let twin = errors(
        create(
            &app,
            &[
                ("input[name]", "lb-02"),
                ("input[class]", "load_balancer"),
                ("input[attributes][VIP]", "10.0.0.11"),
                ("input[attributes][Serial number]", "LB-1"),
            ],
        )
        .await,
    )
    .await;
    assert!(has_error(&twin, "attributes.Serial number"), "{twin}");

    let defs = ok(app.call("cmdb/class-defs", &[("counted", "true")]).await).await;
    let lb = defs
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "load_balancer")
        .unwrap();
    assert_eq!(lb["cis"], 1);
    let history = ok(app
        .call(
            "audit/history",
            &[("table", "ci_class"), ("id", "load_balancer")],
        )
        .await)
    .await;
    assert_eq!(
        history.as_array().unwrap().len(),
        3,
        "created, then two attributes added"
    );
}

#[tokio::test]
async fn a_reference_attribute_must_name_an_existing_ci() {
    let app = spawn_as("conor@demo.trellis").await;
    let refused = errors(
        create(
            &app,
            &[
                ("input[name]", "db-9"),
                ("input[class]", "database"),
                ("input[attributes][Hosted by]", "Nowhere"),
            ],
        )
        .await,
    )
    .await;
    assert!(has_error(&refused, "attributes.Hosted by"));
    ok(create(
        &app,
        &[
            ("input[name]", "db-9"),
            ("input[class]", "database"),
            ("input[attributes][Hosted by]", "srv-a004"),
        ],
    )
    .await)
    .await;
}

#[tokio::test]
async fn a_class_cannot_become_its_own_ancestor() {
    let app = spawn_as("conor@demo.trellis").await;
    ok(app
        .call(
            "cmdb/save-class",
            &[("input[name]", "Blade"), ("input[parent]", "server")],
        )
        .await)
    .await;
    let refused = errors(
        app.call(
            "cmdb/save-class",
            &[
                ("key", "server"),
                ("input[name]", "Server"),
                ("input[parent]", "blade"),
            ],
        )
        .await,
    )
    .await;
    assert!(has_error(&refused, "parent"));
}
