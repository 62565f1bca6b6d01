//! Business services over the CI graph: service maps, the portfolio, redundancy groups,
//! relation types and paging the services a failure reaches.

use crate::helpers::spawn_app;
use crate::impact::{create, impact, impact_at, json, names, relate};
use serde_json::Value;

#[tokio::test]
async fn a_service_map_lays_out_what_the_service_rests_on() {
    let app = spawn_app().await;
    let map = json(
        app.call("cmdb/map", &[("id", "website_hosting"), ("failed", "")])
            .await,
    )
    .await;
    let node = |id: &str| {
        map["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing from {map}"))
            .clone()
    };
    assert_eq!(node("website_hosting")["class_key"], "business_service");
    assert_eq!(node("srv_a002")["class_key"], "server");
    let (top, middle, bottom) = (
        node("website_hosting"),
        node("web_server"),
        node("srv_a002"),
    );
    assert!(
        top["y"].as_f64() < middle["y"].as_f64() && middle["y"].as_f64() < bottom["y"].as_f64()
    );
    assert!(map["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["from"] == "web_server" && e["to"] == "srv_a002" && e["label"] == "runs on"));
}

#[tokio::test]
async fn the_portfolio_lists_services_by_criticality_with_what_they_need() {
    let app = spawn_app().await;
    let services = json(app.call("cmdb/services", &[]).await).await;
    let names: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ci"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "Database Service",
            "Network Security",
            "Website Hosting",
            "Internal Application"
        ]
    );
    let security = &services[1];
    assert_eq!(security["owner"], "Network");
    assert_eq!(security["attention"], 1, "the firewall is in maintenance");
}

#[tokio::test]
async fn a_redundancy_group_holds_a_failure_back_until_enough_members_fail() {
    let app = spawn_app().await;
    let shop = create(&app, "Shop").await;
    let web2 = create(&app, "Web Server 2").await;
    json(relate(&app, &shop, "depends_on:out", "Web Server").await).await;
    json(relate(&app, &shop, "depends_on:out", "Web Server 2").await).await;
    assert!(names(&impact(&app, "web_server").await["affected"]).contains(&"Shop".to_owned()));

    let form = [
        ("input[name]", "Web pool"),
        ("input[members]", "Web Server\nWeb Server 2"),
        ("input[needed]", ""),
    ];
    json(app.call("cmdb/save-group", &form).await).await;
    assert!(
        !names(&impact(&app, "web_server").await["affected"]).contains(&"Shop".to_owned()),
        "one web server down is covered"
    );
    let both = format!("web_server,{web2}");
    assert!(
        names(&impact(&app, &both).await["affected"]).contains(&"Shop".to_owned()),
        "both down breaks the shop"
    );

    let bad = app
        .call(
            "cmdb/save-group",
            &[("input[name]", "Lonely"), ("input[members]", "Web Server")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let groups = json(app.call("cmdb/groups", &[]).await).await;
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_added_relation_type_can_be_used_at_once() {
    let app = spawn_app().await;
    json(
        app.call(
            "cmdb/add-relation-type",
            &[
                ("input[name]", "Replicates to"),
                ("input[reverse]", "replica of"),
                ("input[propagation]", "none"),
            ],
        )
        .await,
    )
    .await;
    let again = app
        .call(
            "cmdb/add-relation-type",
            &[
                ("input[name]", "replicates to"),
                ("input[reverse]", "x"),
                ("input[propagation]", "none"),
            ],
        )
        .await;
    assert_eq!(again.status(), 422);
    let related = json(relate(&app, "database", "replicates_to:out", "SRV-A004").await).await;
    assert_eq!(related["label"], "replicates to");
}

/// A failure under more services than a page lists: they come 100 at a time, most
/// critical first, and a page past the end shows the last.
#[tokio::test]
async fn affected_services_come_a_page_at_a_time_most_critical_first() {
    let app = spawn_app().await;
    let mut cis =
        String::from("Name,Class,Status,Environment,Criticality,Owner,Tags,Description\n");
    let mut relations = String::from("Source,Relation,Target\n");
    for i in 0..130 {
        let criticality = 1 + i % 3;
        cis += &format!("Service {i:03},Business Service,Active,Production,{criticality},,,\n");
        relations += &format!("Service {i:03},depends on,Database\n");
    }
    let files = serde_json::json!([
        { "name": "cis.csv", "text": cis },
        { "name": "relations.csv", "text": relations },
    ]);
    crate::import::import(&app, "trellis", &files).await;

    let first = impact_at(&app, "database", "1").await["services"].clone();
    let total = first["total"].as_u64().unwrap();
    assert!(total > 130, "{total} services");
    assert_eq!(
        (first["page"].as_u64(), names(&first).len()),
        (Some(1), 100)
    );
    let second = impact_at(&app, "database", "2").await["services"].clone();
    assert_eq!(names(&second).len() as u64, total - 100);
    let past = impact_at(&app, "database", "9").await["services"].clone();
    assert_eq!(
        (past["page"].as_u64(), names(&past)),
        (Some(2), names(&second))
    );

    let rows: Vec<Value> = [&first, &second]
        .iter()
        .flat_map(|page| page["rows"].as_array().unwrap().clone())
        .collect();
    let rank: Vec<(u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["ci"]["criticality"].as_u64().unwrap(),
                r["depth"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(rank.windows(2).all(|w| w[0] <= w[1]), "{rank:?}");
    let mut seen: Vec<String> = names(&first).into_iter().chain(names(&second)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len() as u64, total, "no service on two pages");
    let explained = rows
        .iter()
        .find(|r| r["ci"]["name"] == "Service 007")
        .unwrap();
    assert_eq!(explained["from"]["name"], "Database");
}
