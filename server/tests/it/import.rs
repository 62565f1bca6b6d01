//! Importing the NetBox demo export through the same server functions the import page
//! uses, and checking the facts its README lists.

use crate::helpers::{spawn_app, spawn_as, TestApp};
use serde_json::{json, Value};

const NETBOX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/netbox-demo");

fn files() -> Value {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(NETBOX).expect("the NetBox demo export") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push(json!({ "name": name, "text": std::fs::read_to_string(&path).unwrap() }));
        }
    }
    Value::Array(files)
}

pub(crate) async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub(crate) async fn import(app: &TestApp, format: &str, files: &Value) -> Value {
    let job = json_of(
        app.call_json("import/start", &json!({ "format": format, "files": files }))
            .await,
    )
    .await;
    let job = job.as_str().unwrap().to_owned();
    for _ in 0..600 {
        let progress = json_of(app.call("import/progress", &[("job", &job)]).await).await;
        match &progress["outcome"] {
            Value::Null => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
            outcome => {
                assert!(outcome.get("Ok").is_some(), "import failed: {outcome}");
                assert_eq!(progress["done"], progress["total"]);
                return outcome["Ok"].clone();
            }
        }
    }
    panic!("the import did not finish");
}

async fn total(app: &TestApp, class: &str) -> u64 {
    let page = json_of(
        app.call(
            "cmdb/list",
            &[("query[class]", class), ("query[per_page]", "1")],
        )
        .await,
    )
    .await;
    page["total"].as_u64().unwrap()
}

async fn ci_named(app: &TestApp, name: &str) -> Value {
    let found = json_of(
        app.call(
            "cmdb/list",
            &[("query[q]", name), ("query[per_page]", "200")],
        )
        .await,
    )
    .await;
    let id = found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no CI named {name}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    json_of(app.call("cmdb/get", &[("id", &id)]).await).await
}

fn related(ci: &Value, label: &str) -> Vec<String> {
    let mut names: Vec<String> = ci["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["label"] == label)
        .map(|r| r["other"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_netbox_demo_export_imports_with_every_fact_of_its_readme() {
    let app = spawn_app().await;
    let files = files();
    let dry = json_of(
        app.call_json(
            "import/check",
            &json!({ "format": "netbox", "files": files }),
        )
        .await,
    )
    .await;
    assert_eq!(dry["errors"], json!([]));
    assert_eq!(dry["cis"]["create"], 379);
    assert_eq!(total(&app, "site").await, 0, "a dry run writes nothing");

    let report = import(&app, "netbox", &files).await;
    let rows: Vec<(String, u64)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f[0].as_str().unwrap().to_owned(), f[1].as_u64().unwrap()))
        .collect();
    for (file, count) in [
        ("sites.csv", 24),
        ("racks.csv", 42),
        ("devices.csv", 72),
        ("clusters.csv", 32),
        ("virtual-machines.csv", 180),
        ("cables.csv", 108),
        ("circuits.csv", 29),
        ("ip-addresses.csv", 180),
        ("tenants.csv", 11),
    ] {
        assert!(
            rows.contains(&(file.to_owned(), count)),
            "{file} {count} in {rows:?}"
        );
    }
    assert_eq!(total(&app, "site").await, 24);
    assert_eq!(total(&app, "rack").await, 42);
    assert_eq!(total(&app, "cluster").await, 32);
    assert_eq!(total(&app, "virtual_machine").await, 180);
    assert_eq!(total(&app, "circuit").await, 29);
    let mut devices = 0;
    for class in [
        "router",
        "switch",
        "pdu",
        "patch_panel",
        "application_server",
        "server",
    ] {
        devices += total(&app, class).await;
    }
    // The demo estate has six CIs of these classes of its own.
    assert_eq!(devices, 72 + 6);

    // Rack `Comms closet` at DM-Akron holds four devices, one of them unnamed.
    let closet = ci_named(&app, "Comms closet (DM-Akron)").await;
    assert_eq!(
        related(&closet, "contains"),
        vec![
            "Patch Panel #74",
            "dmi01-akron-pdu01",
            "dmi01-akron-rtr01",
            "dmi01-akron-sw01"
        ]
    );
    assert_eq!(related(&closet, "located in"), vec!["DM-Akron"]);
    let plant = ci_named(&app, "Plant 1").await;
    assert_eq!(
        related(&plant, "contains"),
        vec!["PP:B117", "PP:B118", "PP:B128"]
    );

    // Virtual machines per cluster.
    assert_eq!(related(&ci_named(&app, "DO-AMS3").await, "hosts").len(), 20);
    assert_eq!(
        related(&ci_named(&app, "gc-asia-east1").await, "hosts").len(),
        0
    );

    // Example cables become connections between the right CIs.
    let circuit = ci_named(&app, "DEOW4921").await;
    let linked: Vec<String> = [
        related(&circuit, "connected to"),
        related(&circuit, "connected from"),
    ]
    .concat();
    assert!(
        linked.contains(&"dmi01-yonkers-rtr01".to_owned()),
        "{linked:?}"
    );
    let router = ci_named(&app, "dmi01-akron-rtr01").await;
    let linked: Vec<String> = [
        related(&router, "connected to"),
        related(&router, "connected from"),
    ]
    .concat();
    assert!(
        linked.contains(&"dmi01-akron-sw01".to_owned())
            && linked.contains(&"dmi01-akron-pdu01".to_owned())
    );

    // Quirks: names repeated across sites stay apart, the misspelt switch keeps its name.
    ci_named(&app, "dmi01-rochster-sw01").await;
    let mdf = json_of(
        app.call(
            "cmdb/list",
            &[("query[q]", "PP:MDF"), ("query[per_page]", "50")],
        )
        .await,
    )
    .await;
    assert_eq!(
        mdf["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["name"].as_str().unwrap().starts_with("PP:MDF"))
            .count(),
        3
    );

    // A failure travels: the cluster hosts its VMs.
    let cluster = ci_named(&app, "DO-AMS3").await;
    let impact = json_of(
        app.call(
            "cmdb/impact",
            &[
                ("failed", cluster["id"].as_str().unwrap()),
                ("page", "1"),
                ("services_page", "1"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(impact["affected"]["total"], 20);
    assert_eq!(impact["affected"]["rows"].as_array().unwrap().len(), 20);

    // Importing the same files again changes nothing.
    let again = json_of(
        app.call_json(
            "import/check",
            &json!({ "format": "netbox", "files": files }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (
            again["cis"]["create"].as_u64(),
            again["cis"]["update"].as_u64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(again["cis"]["unchanged"], 379);
    assert_eq!(again["relations"]["create"], 0);
}

#[tokio::test]
async fn a_bad_file_gets_row_level_errors_and_nothing_is_written() {
    let app = spawn_app().await;
    let files = json!([
        { "name": "sites.csv", "text": "Name,Status,Facility,Region,Tenant,Time Zone,Description\r\nAlpha,Active,,,,,\r\nBeta,Exploded,,,,,\r\n" },
        { "name": "racks.csv", "text": "Name,Site,Location,Status,Role,Tenant,Height (U),Description,Colour\r\nR1,Alpha,,Active,,,42,,red\r\n" },
    ]);
    let report = json_of(
        app.call_json(
            "import/check",
            &json!({ "format": "netbox", "files": files }),
        )
        .await,
    )
    .await;
    let errors = report["errors"].as_array().unwrap();
    let described: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}",
                e["at"]["file"].as_str().unwrap(),
                e["at"]["line"],
                e["column"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        described.contains(&"sites.csv:3:Status".to_owned()),
        "{described:?}"
    );
    assert!(
        described
            .iter()
            .any(|d| d.starts_with("racks.csv:1:Colour")),
        "{described:?}"
    );

    let refused = app
        .call_json(
            "import/start",
            &json!({ "format": "netbox", "files": files }),
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(total(&app, "site").await, 0);

    let viewer = spawn_as("vic@demo.trellis").await;
    let forbidden = viewer
        .call_json(
            "import/check",
            &json!({ "format": "netbox", "files": files }),
        )
        .await;
    assert_eq!(forbidden.status(), 403);
}

/// The inventory export is Trellis' own import format: it reads back unchanged, and what
/// a spreadsheet adds or edits comes back as creates, updates and relations, by name.
#[tokio::test]
async fn the_inventory_export_imports_back_and_spreadsheet_edits_apply_by_name() {
    let app = spawn_app().await;
    let export = app.get("/api/cmdb/export.csv").await.text().await.unwrap();
    let rows = export.lines().count() - 1;
    let check = |files: Value| {
        let app = &app;
        async move {
            json_of(
                app.call_json(
                    "import/check",
                    &json!({ "format": "trellis", "files": files }),
                )
                .await,
            )
            .await
        }
    };
    let same = check(json!([{ "name": "cis.csv", "text": export }])).await;
    assert_eq!(same["errors"], json!([]), "{same}");
    assert_eq!(same["cis"]["unchanged"], rows, "{same}");
    assert_eq!(same["cis"]["update"], 0, "{same}");

    let files = json!([
        {
            "name": "cis.csv",
            "text": "Name,Class,Status,Environment,Criticality,Owner,Tags,Description\n\
                     Payments API,Application,Active,Production,2,Payments Team,api,Takes payments\n\
                     Database,Database,Maintenance,Production,1,database administration,db,Patching\n",
        },
        { "name": "relations.csv", "text": "Source,Relation,Target\nPayments API,depends on,Database\n" },
    ]);
    let dry = check(files.clone()).await;
    assert_eq!(
        (dry["cis"]["create"].as_u64(), dry["cis"]["update"].as_u64()),
        (Some(1), Some(1)),
        "{dry}"
    );
    assert_eq!(dry["relations"]["create"], 1, "{dry}");
    assert_eq!(
        dry["new_teams"],
        json!(["Payments Team"]),
        "owners that name nobody become teams"
    );
    import(&app, "trellis", &files).await;
    let database = ci_named(&app, "Database").await;
    assert_eq!(database["status"], "Maintenance");
    assert_eq!(database["owner"], "Database Administration");
    let payments = ci_named(&app, "Payments API").await;
    assert!(payments["relations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["other"]["name"] == "Database"));
    let again = check(files).await;
    assert_eq!(again["cis"]["unchanged"], 2, "{again}");
    assert_eq!(again["relations"]["unchanged"], 1, "{again}");
    assert_eq!(again["new_teams"], json!([]));
}
