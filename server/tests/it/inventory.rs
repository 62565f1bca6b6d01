//! The inventory list at work: filters, full-text search, sorting, CSV export and bulk
//! changes, through the real server functions and routes.

use crate::helpers::{ci_form, spawn_app, spawn_as, TestApp};
use serde_json::Value;

async fn list(app: &TestApp, query: &[(&str, &str)]) -> Value {
    let form: Vec<(String, &str)> = query
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let response = app.call("cmdb/list", &form).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn names(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_narrow_the_list_and_count_what_matches() {
    let app = spawn_app().await;
    let servers = list(&app, &[("class", "server")]).await;
    assert_eq!(names(&servers), vec!["SRV-A002", "SRV-A004"]);
    assert_eq!(servers["total"], 2);

    let maintenance = list(&app, &[("status", "Maintenance")]).await;
    assert_eq!(names(&maintenance), vec!["Firewall"]);

    let network = list(&app, &[("owner", "Network"), ("tag", "SECURITY")]).await;
    assert_eq!(names(&network), vec!["Firewall", "FW-A007"]);
}

#[tokio::test]
async fn full_text_search_finds_words_and_beginnings_of_words() {
    let app = spawn_app().await;
    let found = names(&list(&app, &[("q", "postgres")]).await);
    assert_eq!(found, vec!["Database"], "a tag");
    let found = names(&list(&app, &[("q", "perim")]).await);
    assert!(
        found.contains(&"Firewall".to_owned()),
        "the start of a word in a description: {found:?}"
    );
    let found = names(&list(&app, &[("q", "web serv")]).await);
    assert!(
        found.contains(&"Web Server".to_owned()) && !found.contains(&"Database".to_owned()),
        "{found:?}"
    );
    let found = names(&list(&app, &[("q", "database"), ("class", "business_service")]).await);
    assert_eq!(
        found,
        vec!["Database Service"],
        "search and filters combine"
    );
}

/// Search answers from memory: a save is searchable by its new words as soon as it is
/// acknowledged, and by its old ones no more; the export searches alike.
#[tokio::test]
async fn a_saved_ci_is_found_by_its_new_words_at_once_and_the_export_searches_alike() {
    let app = spawn_app().await;
    let form = |description| {
        ci_form(&[
            ("input[name]", "Ledger"),
            ("input[description]", description),
        ])
    };
    let created = app
        .call("cmdb/create", &form("Café accounts in Zürich"))
        .await;
    assert_eq!(created.status(), 200);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        names(&list(&app, &[("q", "zurich CAFE")]).await),
        vec!["Ledger"],
        "accents and case do not matter"
    );

    let mut edit = form("Payroll for every office");
    edit.extend([("id", id.as_str()), ("version", "1")]);
    assert_eq!(app.call("cmdb/update", &edit).await.status(), 200);
    assert!(names(&list(&app, &[("q", "zurich")]).await).is_empty());
    assert_eq!(
        names(&list(&app, &[("q", "payr off")]).await),
        vec!["Ledger"]
    );

    let export = app.get("/api/cmdb/export.csv?q=payroll").await;
    let body = export.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 2, "{body}");
    assert!(lines[1].starts_with(&format!("{id},Ledger,")), "{body}");
}

#[tokio::test]
async fn sorting_by_a_column_and_back() {
    let app = spawn_app().await;
    let by_criticality = list(&app, &[("sort", "criticality"), ("dir", "desc")]).await;
    assert_eq!(
        by_criticality["rows"][0]["criticality"], 4,
        "the laptop is the least critical"
    );
    let by_name_desc = names(&list(&app, &[("dir", "desc")]).await);
    assert_eq!(by_name_desc[0], "Website Hosting");
}

#[tokio::test]
async fn the_export_is_the_filtered_view_as_csv() {
    let app = spawn_app().await;
    let response = app
        .get("/api/cmdb/export.csv?class=server&sort=name&dir=desc")
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = response.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert!(lines[0].starts_with("ID,Name,Class,Status"));
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("srv_a004,SRV-A004,Server,Active"));

    let requester = spawn_as("rory@demo.trellis").await;
    assert_eq!(requester.get("/api/cmdb/export.csv").await.status(), 403);
}

#[tokio::test]
async fn bulk_status_changes_every_selected_ci_with_its_own_audit_entry() {
    let app = spawn_app().await;
    let response = app
        .call(
            "cmdb/bulk-status",
            &[
                ("ids", "srv_a002,srv_a004,firewall"),
                ("status", "Maintenance"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        2,
        "the firewall already was"
    );
    let maintenance = names(&list(&app, &[("status", "Maintenance")]).await);
    assert_eq!(maintenance, vec!["Firewall", "SRV-A002", "SRV-A004"]);
    let history: Value = app
        .call("audit/history", &[("table", "ci"), ("id", "srv_a004")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["changes"][0]["after"], "Maintenance");
}

#[tokio::test]
async fn bulk_delete_is_all_or_nothing() {
    let app = spawn_app().await;
    let before = list(&app, &[]).await["total"].as_u64().unwrap();
    let refused = app
        .call("cmdb/bulk-delete", &[("ids", "lt_a001,no_such_ci")])
        .await;
    assert_eq!(refused.status(), 404);
    assert_eq!(
        list(&app, &[]).await["total"].as_u64().unwrap(),
        before,
        "nothing was deleted"
    );

    let response = app
        .call("cmdb/bulk-delete", &[("ids", "lt_a001,rtr_a003")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(list(&app, &[]).await["total"].as_u64().unwrap(), before - 2);
    let internal: Value = app
        .call("cmdb/get", &[("id", "internal_application")])
        .await
        .json()
        .await
        .unwrap();
    assert!(internal["relations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["other"]["name"] != "LT-A001"));
}
