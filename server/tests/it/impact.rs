//! Relations between CIs and impact analysis through the real server functions.

use crate::helpers::{ci_form, spawn_app, TestApp};
use serde_json::Value;

pub(crate) async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub(crate) async fn impact(app: &TestApp, failed: &str) -> Value {
    impact_at(app, failed, "1").await
}

pub(crate) async fn impact_at(app: &TestApp, failed: &str, services_page: &str) -> Value {
    json(
        app.call(
            "cmdb/impact",
            &[
                ("failed", failed),
                ("page", "1"),
                ("services_page", services_page),
            ],
        )
        .await,
    )
    .await
}

/// The names on one page of affected CIs or services.
pub(crate) fn names(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ci"]["name"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn create(app: &TestApp, name: &str) -> String {
    let created = json(
        app.call("cmdb/create", &ci_form(&[("input[name]", name)]))
            .await,
    )
    .await;
    created["id"].as_str().unwrap().to_owned()
}

pub(crate) async fn relate(
    app: &TestApp,
    ci: &str,
    relation: &str,
    other: &str,
) -> reqwest::Response {
    app.call(
        "cmdb/relate",
        &[
            ("input[ci]", ci),
            ("input[relation]", relation),
            ("input[other]", other),
        ],
    )
    .await
}

#[tokio::test]
async fn when_the_web_server_fails_the_database_and_website_hosting_are_affected() {
    let app = spawn_app().await;
    let result = impact(&app, "web_server").await;
    let affected = names(&result["affected"]);
    for expected in [
        "Database",
        "Website Hosting",
        "Database Service",
        "Application Server",
        "Internal Application",
    ] {
        assert!(
            affected.contains(&expected.to_owned()),
            "{expected} in {affected:?}"
        );
    }
    assert!(
        !affected.contains(&"SRV-A002".to_owned()),
        "what the web server runs on is not affected"
    );
    let database_service = result["affected"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["ci"]["name"] == "Database Service")
        .unwrap();
    assert_eq!(database_service["depth"], 2);
    assert_eq!(database_service["from"]["name"], "Web Server");
    let path: Vec<(&str, &str)> = database_service["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["relation"].as_str().unwrap()))
        .collect();
    assert_eq!(
        path,
        vec![
            ("Database", "depends on"),
            ("Database Service", "depends on")
        ]
    );
}

#[tokio::test]
async fn an_edited_ci_keeps_its_relations_in_impact_analysis() {
    let app = spawn_app().await;
    let mut form = ci_form(&[
        ("input[name]", "Primary Database"),
        ("input[class]", "database"),
    ]);
    form.extend([("id", "database"), ("version", "1")]);
    let saved = app.call("cmdb/update", &form).await;
    assert_eq!(saved.status(), 200);

    let affected = names(&impact(&app, "web_server").await["affected"]);
    assert!(
        affected.contains(&"Primary Database".to_owned()),
        "{affected:?}"
    );
    assert!(!affected.contains(&"Database".to_owned()), "{affected:?}");
    assert!(
        affected.contains(&"Website Hosting".to_owned()),
        "{affected:?}"
    );
    let below = names(&impact(&app, "database").await["affected"]);
    assert!(below.contains(&"Database Service".to_owned()), "{below:?}");
}

#[tokio::test]
async fn a_service_needs_everything_below_it() {
    let app = spawn_app().await;
    let needs = json(
        app.call("cmdb/needs", &[("id", "database_service"), ("page", "1")])
            .await,
    )
    .await;
    let needed = names(&needs["affected"]);
    for expected in ["Database", "SRV-A004", "SAN-A005", "Web Server", "SRV-A002"] {
        assert!(
            needed.contains(&expected.to_owned()),
            "{expected} in {needed:?}"
        );
    }
}

#[tokio::test]
async fn relating_cis_is_checked_audited_and_seen_by_impact_analysis_at_once() {
    let app = spawn_app().await;
    let shop = create(&app, "Shop").await;
    let api = create(&app, "Shop API").await;

    let related = json(relate(&app, &shop, "depends_on:out", "shop api").await).await;
    assert_eq!(related["label"], "depends on");
    assert_eq!(names(&impact(&app, &api).await["affected"]), vec!["Shop"]);

    let duplicate = relate(&app, &shop, "depends_on:out", "Shop API").await;
    assert_eq!(duplicate.status(), 422);
    assert!(duplicate
        .text()
        .await
        .unwrap()
        .contains("already depends on"));
    let itself = relate(&app, &shop, "depends_on:out", "Shop").await;
    assert!(itself
        .text()
        .await
        .unwrap()
        .contains("cannot be related to itself"));
    let unknown = relate(&app, &shop, "depends_on:out", "Nowhere").await;
    assert!(unknown.text().await.unwrap().contains("no CI named"));

    // The other way round reads from the other side.
    let ci = json(app.call("cmdb/get", &[("id", &api)]).await).await;
    assert_eq!(ci["relations"][0]["label"], "is needed by");
    assert_eq!(ci["relations"][0]["other"]["name"], "Shop");

    let history = json(
        app.call("audit/history", &[("table", "ci"), ("id", &api)])
            .await,
    )
    .await;
    assert_eq!(history[0]["action"], "relate");
    assert_eq!(history[0]["changes"][0]["field"], "is needed by");
    assert_eq!(history[0]["changes"][0]["after"], "Shop");

    let edge = related["id"].as_str().unwrap();
    json(
        app.call("cmdb/unrelate", &[("ci", &shop), ("relation", edge)])
            .await,
    )
    .await;
    assert!(names(&impact(&app, &api).await["affected"]).is_empty());
    let history = json(
        app.call("audit/history", &[("table", "ci"), ("id", &shop)])
            .await,
    )
    .await;
    assert_eq!(history[0]["action"], "unrelate");
    assert_eq!(history[0]["changes"][0]["before"], "Shop API");
}

#[tokio::test]
async fn deleting_a_ci_takes_its_relations_and_is_audited() {
    let app = spawn_app().await;
    let stale = app
        .call("cmdb/delete", &[("id", "web_server"), ("version", "7")])
        .await;
    assert_eq!(stale.status(), 409);
    json(
        app.call("cmdb/delete", &[("id", "web_server"), ("version", "1")])
            .await,
    )
    .await;

    assert_eq!(
        app.call("cmdb/get", &[("id", "web_server")]).await.status(),
        404
    );
    let database = json(app.call("cmdb/get", &[("id", "database")]).await).await;
    assert!(database["relations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["other"]["name"] != "Web Server"));
    // Impact analysis no longer knows it.
    assert!(!names(&impact(&app, "srv_a002").await["affected"]).contains(&"Web Server".to_owned()));

    let history = json(
        app.call("audit/history", &[("table", "ci"), ("id", "web_server")])
            .await,
    )
    .await;
    assert_eq!(history[0]["action"], "delete");
    let changes = history[0]["changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["field"] == "name" && c["before"] == "Web Server"));
    assert!(changes
        .iter()
        .any(|c| c["field"] == "runs on" && c["before"] == "SRV-A002"));
    let database_history = json(
        app.call("audit/history", &[("table", "ci"), ("id", "database")])
            .await,
    )
    .await;
    assert_eq!(database_history[0]["action"], "unrelate");
}

#[tokio::test]
async fn suggestions_find_cis_by_part_of_their_name_prefix_first() {
    let app = spawn_app().await;
    let found = json(app.call("cmdb/search", &[("text", "serv")]).await).await;
    let found: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        found[0], "Application Server",
        "names containing the text, sorted"
    );
    assert!(found.contains(&"Web Server") && found.contains(&"Application Server"));
    let found = json(app.call("cmdb/search", &[("text", "web")]).await).await;
    assert_eq!(
        found[0]["name"], "Web Server",
        "a name starting with the text comes first"
    );
}
