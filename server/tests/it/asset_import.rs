//! The asset register's CSV export and its import through the shared import mechanism:
//! the export reads back unchanged, spreadsheet edits apply by tag, bad rows are refused
//! row by row with nothing written, and the import asks for the right role.

use crate::helpers::{spawn_app, spawn_as, TestApp};
use crate::import::{import, json_of};
use serde_json::{json, Value};

async fn check(app: &TestApp, files: &Value) -> Value {
    json_of(
        app.call_json(
            "import/check",
            &json!({ "format": "trellis", "files": files }),
        )
        .await,
    )
    .await
}

async fn asset(app: &TestApp, key: &str) -> Value {
    json_of(app.call("assets/get", &[("id", key)]).await).await
}

async fn total(app: &TestApp) -> u64 {
    json_of(app.call("assets/list", &[]).await).await["total"]
        .as_u64()
        .unwrap()
}

/// A row of assets.csv from the cells named; every other column is empty.
fn row(cells: &[(&str, &str)]) -> String {
    header()
        .split(',')
        .map(|label| {
            let found = cells.iter().find(|(l, _)| *l == label);
            found.map_or("", |(_, v)| *v)
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn header() -> String {
    app::assets::columns::COLUMNS
        .iter()
        .map(|(l, _)| *l)
        .chain(app::assets::columns::READ_ONLY.iter().copied())
        .collect::<Vec<_>>()
        .join(",")
}

fn assets_csv(text: &str) -> Value {
    json!([{ "name": "assets.csv", "text": text }])
}

#[tokio::test]
async fn the_asset_export_imports_back_and_edits_apply_by_tag() {
    let app = spawn_app().await;
    let response = app.get("/api/assets/export.csv?category=Server").await;
    assert_eq!(response.status(), 200);
    let servers = response.text().await.unwrap();
    assert!(servers.starts_with("Tag,Name,Category,State,"), "{servers}");
    assert!(
        servers.lines().skip(1).all(|l| l.contains(",Server,")),
        "{servers}"
    );
    let export = app
        .get("/api/assets/export.csv")
        .await
        .text()
        .await
        .unwrap();
    let head = export.lines().next().unwrap().to_owned();
    assert!(
        head.ends_with(",CI,Notes,Checked out to,Book value"),
        "{head}"
    );
    let a002 = export.lines().find(|l| l.starts_with("A002,")).unwrap();
    assert!(a002.contains(",12450.00,EUR,Straight line,60,"), "{a002}");

    let same = check(&app, &assets_csv(&export)).await;
    assert_eq!(same["errors"], json!([]), "{same}");
    assert_eq!(same["assets"]["unchanged"], 9, "{same}");
    assert_eq!(same["assets"]["update"], 0, "{same}");

    let edited = a002.replace("PowerEdge R760", "PowerEdge R760xs");
    let spare = row(&[
        ("Name", "Spare laptop"),
        ("Category", "Laptop"),
        ("State", "Ordered"),
        ("Supplier", "Bechtle"),
        ("Purchase date", "2026-01-10"),
        ("Cost", "1200.00"),
        ("Warranty end", "2029-01-10"),
    ]);
    let host = row(&[
        ("Tag", "A100"),
        ("Name", "Import host"),
        ("Category", "Server"),
        ("State", "In Use"),
        ("Purchase date", "2026-02-01"),
        ("Cost", "8000"),
        ("Depreciation", "Declining balance"),
        ("Useful life (months)", "60"),
        ("CI", "Import Host"),
    ]);
    let text = format!("{head}\n{edited}\n{spare}\n{host}\n");
    let files = json!([
        { "name": "assets.csv", "text": text },
        {
            "name": "cis.csv",
            "text": "Name,Class,Status,Environment,Criticality,Owner,Tags,Description\n\
                     Import Host,Server,Active,Production,2,Infrastructure,,Came with its asset\n",
        },
    ]);
    let dry = check(&app, &files).await;
    assert_eq!(dry["assets"]["create"], 2, "{dry}");
    assert_eq!(dry["assets"]["update"], 1, "{dry}");
    let update = dry["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "Update")
        .unwrap();
    assert_eq!(update["detail"], "model", "{dry}");
    import(&app, "trellis", &files).await;

    assert_eq!(
        asset(&app, "a002").await["fields"]["model"],
        "PowerEdge R760xs"
    );
    // Untagged rows count on from the highest tag, the file's A100 included.
    let spare = asset(&app, "a101").await;
    assert_eq!(spare["fields"]["name"], "Spare laptop");
    assert_eq!(spare["state"], "Ordered");
    assert_eq!(spare["events"][0]["what"], "Imported");
    let host = asset(&app, "a100").await;
    assert_eq!(host["state"], "InUse");
    assert_eq!(host["fields"]["ci"], "Import Host");
    assert_eq!(host["fields"]["method"], "declining_balance");
    let history = json_of(
        app.call("audit/history", &[("table", "asset"), ("id", "a002")])
            .await,
    )
    .await;
    assert!(
        history.to_string().contains("PowerEdge R760xs"),
        "{history}"
    );

    // Tagged rows are matched; a row without a tag has nothing to match and is new again.
    let again = check(&app, &files).await;
    assert_eq!(again["assets"]["unchanged"], 2, "{again}");
    assert_eq!(again["assets"]["create"], 1, "{again}");
}

#[tokio::test]
async fn bad_asset_rows_are_refused_one_by_one_and_nothing_is_written() {
    let app = spawn_app().await;
    let export = app
        .get("/api/assets/export.csv")
        .await
        .text()
        .await
        .unwrap();
    let head = export.lines().next().unwrap().to_owned();
    let a001 = export.lines().find(|l| l.starts_with("A001,")).unwrap();
    let retired = a001.replacen(",In Use,", ",Disposed,", 1);
    let bought = ("Purchase date", "2026-01-10");
    let rows = [
        retired,
        row(&[
            ("Name", "Cheap"),
            ("Category", "Laptop"),
            bought,
            ("Cost", "-5"),
        ]),
        row(&[
            ("Name", "Late"),
            ("Category", "Laptop"),
            bought,
            ("Warranty end", "2025-01-01"),
        ]),
        row(&[
            ("Name", "Linked"),
            ("Category", "Laptop"),
            ("CI", "No Such CI"),
        ]),
        row(&[("Name", "Odd"), ("Category", "Laptop"), ("State", "Lost")]),
    ];
    let text = format!("{head}\n{}\n", rows.join("\n"));
    let before = total(&app).await;
    let dry = check(&app, &assets_csv(&text)).await;
    assert_eq!(dry["assets"]["refused"], 5, "{dry}");
    let details: Vec<(u64, String)> = dry["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["at"]["line"].as_u64().unwrap(),
                r["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let at = |line: u64| details.iter().find(|(l, _)| *l == line).unwrap().1.clone();
    assert!(at(2).contains("lifecycle moves"), "{details:?}");
    assert_eq!(at(3), "Cost: A cost cannot be negative.");
    assert!(at(4).starts_with("Warranty end: "), "{details:?}");
    assert!(at(5).contains("No Such CI"), "{details:?}");
    assert!(
        at(6).contains("\u{201c}Lost\u{201d} is not a state"),
        "{details:?}"
    );

    let refused = app
        .call_json(
            "import/start",
            &json!({ "format": "trellis", "files": assets_csv(&text) }),
        )
        .await;
    assert_eq!(refused.status(), 200, "the job starts, then refuses");
    let job = refused.json::<String>().await.unwrap();
    let outcome = loop {
        let progress = json_of(app.call("import/progress", &[("job", &job)]).await).await;
        if !progress["outcome"].is_null() {
            break progress["outcome"].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        outcome["Err"].as_str().unwrap().contains("refused"),
        "{outcome}"
    );
    assert_eq!(total(&app).await, before);
    assert_eq!(asset(&app, "a001").await["state"], "InUse");
}

#[tokio::test]
async fn importing_assets_takes_the_asset_manager_role() {
    let text = "Tag,Name\nA1,x\n";
    let cis = json!([{ "name": "cis.csv", "text": "Name,Class,Status,Environment,Criticality,Owner,Tags,Description\nX,Server,,,3,,,\n" }]);
    let head = header();
    let spare = row(&[("Name", "Spare"), ("Category", "Laptop")]);
    let assets = assets_csv(&format!("{head}\n{spare}\n"));
    let configuration = spawn_as("conor@demo.trellis").await;
    let refused = configuration
        .call_json(
            "import/check",
            &json!({ "format": "trellis", "files": assets }),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let asset_manager = spawn_as("asha@demo.trellis").await;
    let refused = asset_manager
        .call_json(
            "import/check",
            &json!({ "format": "trellis", "files": cis }),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let allowed = check(&asset_manager, &assets).await;
    assert_eq!(allowed["assets"]["create"], 1, "{allowed}");
    let viewer = spawn_as("vic@demo.trellis").await;
    let refused = viewer
        .call_json(
            "import/check",
            &json!({ "format": "trellis", "files": assets_csv(text) }),
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        viewer.get("/api/assets/export.csv").await.status(),
        200,
        "viewers may read assets"
    );
}
