//! Assets' money and dates: costs shown back through the graph, supplier contracts that
//! cover assets by tag, and warranty, contract and end-of-life expiry with its reminders.

use crate::assets::{asset, message, register};
use crate::helpers::{spawn_app, spawn_as, TestApp};
use crate::monitoring::json;

#[tokio::test]
async fn costs_show_back_through_the_graph_and_add_up() {
    let app = spawn_app().await;
    let report = json(
        app.call(
            "assets/costs",
            &[("period[from]", "2026-01-01"), ("period[to]", "2027-01-01")],
        )
        .await,
    )
    .await;
    let line = |group: &str, name: &str| {
        report[group]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {group}: {report}"))
    };
    // The Database Service rests on SRV-A004 (A004, 12,450.00) and SAN-A005 (A005,
    // 38,500.00), which the Internal Application needs too (its application server
    // depends on the Database), and, through the Database's dependency on the Web Server,
    // on SRV-A002 (A002, 12,450.00), which all three of them share.
    let database = line("by_service", "Database Service");
    assert_eq!(database["assets"], 3);
    assert_eq!(
        database["cost"],
        1_245_000 / 2 + 3_850_000 / 2 + 1_245_000 / 3
    );
    // SRV-A002 (A002) serves Website Hosting and the Internal Application: shared evenly.
    let web = line("by_service", "Website Hosting");
    let internal = line("by_service", "Internal Application");
    assert!(web["assets"].as_u64().unwrap() >= 3, "{web}");
    assert!(
        internal["cost"].as_i64().unwrap() >= 1_245_000 / 2,
        "{internal}"
    );
    let servers = line("by_category", "Server");
    assert_eq!(
        (servers["assets"].clone(), servers["cost"].clone()),
        (2.into(), 2_490_000.into())
    );
    // Straight line over 60 months from 2023-06-15 (1,827 days): 931 days in at the start
    // of 2026 and 1,296 at its end, each worth
    // 6,105.75 then 3,618.47 (rounded to the cent): 2,487.28 of depreciation.
    assert_eq!(servers["expense"], 2 * 248_728);
    // Every service line is a share of an asset line: the shares never exceed the whole.
    let total = |group: &str, field: &str| -> i64 {
        report[group]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l[field].as_i64().unwrap())
            .sum()
    };
    assert!(total("by_service", "cost") <= total("by_category", "cost"));
    assert_eq!(
        total("by_owner", "expense"),
        total("by_category", "expense")
    );
    let backwards = app
        .call(
            "assets/costs",
            &[("period[from]", "2026-06-01"), ("period[to]", "2026-01-01")],
        )
        .await;
    assert_eq!(backwards.status(), 422);
}

/// The date `days` from today, as a date field sends it.
fn in_days(days: i64) -> String {
    crate::maintenance::hours_from_now(days * 24)[..10].to_owned()
}

#[tokio::test]
async fn contracts_cover_assets_by_tag_and_expiry_looks_30_60_or_90_days_ahead() {
    let app = spawn_app().await;
    let supplier = |name: &'static str| {
        let app = &app;
        async move {
            app.call(
                "assets/save-supplier",
                &[("input[name]", name), ("input[rating]", "4")],
            )
            .await
        }
    };
    let acme = json(supplier("Acme Hardware").await).await;
    let again = supplier("acme hardware").await;
    assert_eq!(again.status(), 422);
    assert!(message(again).await.contains("already a supplier called"));
    let acme = acme.as_str().unwrap().to_owned();
    let (start, soon) = (in_days(-300), in_days(20));
    let contract = |covers: &'static str| {
        let (app, acme, start, soon) = (&app, acme.clone(), start.clone(), soon.clone());
        async move {
            app.call(
                "assets/save-contract",
                &[
                    ("input[supplier]", acme.as_str()),
                    ("input[kind]", "Support"),
                    ("input[reference]", "ACME-7"),
                    ("input[starts_on]", start.as_str()),
                    ("input[ends_on]", soon.as_str()),
                    ("input[covers]", covers),
                ],
            )
            .await
        }
    };
    let unknown = contract("A008, A999").await;
    assert_eq!(unknown.status(), 422);
    assert!(message(unknown).await.contains("No asset is tagged A999."));
    assert!(contract("a008").await.status().is_success());
    let suppliers = json(app.call("assets/suppliers", &[]).await).await;
    let listed = suppliers
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Acme Hardware")
        .unwrap();
    assert_eq!(
        listed["contracts"].as_array().unwrap().len(),
        1,
        "the refused one left nothing"
    );
    assert_eq!(listed["contracts"][0]["covers"][0], "A008");

    let (warranty, eol) = (in_days(45), in_days(80));
    let bought = in_days(-10);
    let created = register(
        &app,
        &[
            ("input[name]", "Expiring laptop"),
            ("input[purchase_date]", bought.as_str()),
            ("input[warranty_end]", warranty.as_str()),
            ("input[eol_date]", eol.as_str()),
        ],
    )
    .await;
    assert!(created.status().is_success());
    let due = |days: &'static str| {
        let app = &app;
        async move {
            let list = json(app.call("assets/expiring", &[("days", days)]).await).await;
            list.as_array()
                .unwrap()
                .iter()
                .filter(|e| {
                    let name = e["name"].as_str().unwrap();
                    name.contains("Expiring laptop") || name.contains("ACME-7")
                })
                .map(|e| format!("{} {}", e["what"].as_str().unwrap(), e["days_left"]))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(due("30").await, ["Support contract 20"]);
    assert_eq!(due("60").await, ["Support contract 20", "Warranty 45"]);
    assert_eq!(
        due("90").await,
        ["Support contract 20", "Warranty 45", "End of life 80"]
    );
}

async fn inbox_titles(app: &TestApp) -> (u64, Vec<String>) {
    let inbox = json(app.call("notifications/inbox", &[]).await).await;
    let titles = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect();
    (inbox["unread"].as_u64().unwrap(), titles)
}

#[tokio::test]
async fn the_owner_and_asset_managers_are_reminded_once_ahead_of_an_expiry() {
    let asha = spawn_as("asha@demo.trellis").await;
    let (bought, warranty) = (in_days(-100), in_days(10));
    let created = register(
        &asha,
        &[
            ("input[name]", "Reminder laptop"),
            ("input[owner]", "Alice Admin"),
            ("input[purchase_date]", bought.as_str()),
            ("input[warranty_end]", warranty.as_str()),
        ],
    )
    .await;
    assert!(created.status().is_success());
    let expected = format!("Warranty of A010 Reminder laptop ends in 10 days ({warranty})");
    let mut found = Vec::new();
    for _ in 0..50 {
        found = inbox_titles(&asha).await.1;
        if found.contains(&expected) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found.contains(&expected), "{found:?}");
    // The owner gets it in their own bell, from the same server; Sam neither owns it nor
    // manages assets.
    let alice = crate::helpers::TestApp {
        base: asha.base.clone(),
        client: crate::helpers::client(),
    };
    alice
        .login("alice@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    assert!(inbox_titles(&alice).await.1.contains(&expected));
    let sam = crate::helpers::TestApp {
        base: asha.base.clone(),
        client: crate::helpers::client(),
    };
    sam.login("sam@demo.trellis", crate::helpers::DEMO_PASSWORD)
        .await;
    assert!(!inbox_titles(&sam).await.1.contains(&expected));
    // Another change to the asset sends another round, but nobody gets it twice.
    let version = asset(&asha, "a010").await["version"].to_string();
    let moved = asha
        .call(
            "assets/move",
            &[("id", "a010"), ("version", &version), ("to", "In Stock")],
        )
        .await;
    assert!(moved.status().is_success());
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let (unread, titles) = inbox_titles(&asha).await;
    assert_eq!(titles.iter().filter(|t| **t == expected).count(), 1);
    assert!(unread >= 1);
    assert!(asha
        .call("notifications/read", &[("id", "all")])
        .await
        .status()
        .is_success());
    assert_eq!(inbox_titles(&asha).await.0, 0);
    assert!(inbox_titles(&alice).await.0 >= 1, "Alice's stay unread");
}
