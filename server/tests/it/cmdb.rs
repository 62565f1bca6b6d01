use crate::helpers::{ci_form, spawn_app};
use serde_json::Value;

const DEMO_CIS: [&str; 4] = ["Web Server", "Database", "Application Server", "Firewall"];

async fn field_error(response: reqwest::Response, field: &str) -> String {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    body["Validation"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no error for {field} in {body}"))
        .to_owned()
}

async fn total(app: &crate::helpers::TestApp) -> u64 {
    let response = app
        .call(
            "cmdb/list",
            &[("query[page]", "1"), ("query[per_page]", "1")],
        )
        .await;
    let page: Value = response.json().await.unwrap();
    page["total"].as_u64().unwrap()
}

#[tokio::test]
async fn the_list_page_is_rendered_on_the_server_with_the_demo_cis() {
    let app = spawn_app().await;
    let html = app.page("/cis").await;
    for name in DEMO_CIS {
        assert!(
            html.contains(&format!(">{name}</a>")),
            "{name} missing from /cis"
        );
    }
}

#[tokio::test]
async fn the_detail_page_shows_relations_both_ways_by_type() {
    let app = spawn_app().await;
    let html = app.page("/cis/database").await;
    assert!(html.contains("<h1>Database</h1>"));
    let section = |label: &str| {
        let start = html
            .find(label)
            .unwrap_or_else(|| panic!("{label} missing"));
        let end = html[start..].find("</ul>").unwrap() + start;
        html[start..end].to_owned()
    };
    assert!(section("Database depends on").contains("Web Server"));
    assert!(section("Database hosted on").contains("SRV-A004"));
    let needed_by = section("Database is needed by");
    assert!(needed_by.contains("Database Service") && needed_by.contains("Application Server"));
}

#[tokio::test]
async fn a_missing_ci_answers_404() {
    let app = spawn_app().await;
    let response = app.get("/cis/nope").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("not found"));
}

#[tokio::test]
async fn paging_splits_the_list_and_counts_everything() {
    let app = spawn_app().await;
    let response = app
        .call(
            "cmdb/list",
            &[("query[page]", "2"), ("query[per_page]", "10")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"], 15);
    assert_eq!(page["page"], 2);
    assert_eq!(page["rows"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_created_ci_is_listed_and_has_its_page() {
    let app = spawn_app().await;
    let response = app
        .call(
            "cmdb/create",
            &ci_form(&[("input[name]", "  billing-api  ")]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["name"], "billing-api", "the name is trimmed");
    let id = created["id"].as_str().unwrap();

    let html = app.page(&format!("/cis/{id}")).await;
    assert!(html.contains("<h1>billing-api</h1>"));
    assert!(app.page("/cis").await.contains(">billing-api</a>"));
    assert_eq!(total(&app).await, 16);
}

#[tokio::test]
async fn markup_in_a_name_is_shown_as_text() {
    let app = spawn_app().await;
    let name = "<script>alert(1)</script>";
    let response = app
        .call("cmdb/create", &ci_form(&[("input[name]", name)]))
        .await;
    let created: Value = response.json().await.unwrap();
    let html = app
        .page(&format!("/cis/{}", created["id"].as_str().unwrap()))
        .await;
    assert!(!html.contains(name));
    assert!(html.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let before = total(&app).await;
    let long = "x".repeat(101);
    let cases = [
        (
            ci_form(&[("input[name]", "   ")]),
            "name",
            "Name is required.",
        ),
        (ci_form(&[("input[name]", &long)]), "name", "at most 100"),
        (
            ci_form(&[("input[class]", "spaceship")]),
            "class",
            "no class",
        ),
        (
            ci_form(&[("input[name]", "web SERVER")]),
            "name",
            "already exists",
        ),
        (
            ci_form(&[("input[criticality]", "0")]),
            "criticality",
            "1 to 5",
        ),
        (
            ci_form(&[("input[status]", "Exploded")]),
            "status",
            "valid status",
        ),
    ];
    for (form, field, expected) in cases {
        let message = field_error(app.call("cmdb/create", &form).await, field).await;
        assert!(message.contains(expected), "{field}: {message}");
    }
    assert_eq!(total(&app).await, before);
}

#[tokio::test]
async fn an_update_from_a_stale_version_is_refused() {
    let app = spawn_app().await;
    let edit = |version: &'static str, status: &'static str| {
        let mut form = ci_form(&[("input[name]", "Database"), ("input[class]", "database")]);
        form.extend([("id", "database"), ("version", version)]);
        form.retain(|(k, _)| *k != "input[status]");
        form.push(("input[status]", status));
        form
    };
    let first = app.call("cmdb/update", &edit("1", "Maintenance")).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.json::<u64>().await.unwrap(), 2);

    let stale = app.call("cmdb/update", &edit("1", "Retired")).await;
    assert_eq!(stale.status(), 409);

    let html = app.page("/cis/database").await;
    assert!(html.contains("Maintenance") && !html.contains("Retired</span>"));
}

#[tokio::test]
async fn renaming_onto_another_name_is_refused() {
    let app = spawn_app().await;
    let mut form = ci_form(&[("input[name]", "firewall"), ("input[class]", "database")]);
    form.extend([("id", "database"), ("version", "1")]);
    let message = field_error(app.call("cmdb/update", &form).await, "name").await;
    assert!(message.contains("already exists"));
}

#[tokio::test]
async fn the_owner_is_a_team_or_a_person_that_exists() {
    let app = spawn_app().await;
    let nobody = app
        .call(
            "cmdb/create",
            &ci_form(&[("input[name]", "orphan"), ("input[owner]", "Nobody Team")]),
        )
        .await;
    assert!(field_error(nobody, "owner").await.contains("Nobody Team"));
    let before = total(&app).await;
    let team = app
        .call(
            "cmdb/create",
            &ci_form(&[("input[name]", "owned"), ("input[owner]", "network")]),
        )
        .await;
    assert_eq!(team.status(), 200);
    let created: Value = team.json().await.unwrap();
    let ci: Value = app
        .call("cmdb/get", &[("id", created["id"].as_str().unwrap())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ci["owner"], "Network", "spelled as the team is");
    assert_eq!(total(&app).await, before + 1);
    let person = app
        .call(
            "cmdb/create",
            &ci_form(&[("input[name]", "laptop"), ("input[owner]", "Vic Viewer")]),
        )
        .await;
    assert_eq!(person.status(), 200);
}
