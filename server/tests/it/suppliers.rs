//! Suppliers and contracts are edited like everything else: a save that started from an
//! older version is refused and changes nothing, and a contract covers CIs as well as
//! assets.

use crate::helpers::{spawn_app, TestApp};
use crate::monitoring::json;
use serde_json::Value;

async fn acme(app: &TestApp) -> Value {
    let suppliers = json(app.call("assets/suppliers", &[]).await).await;
    suppliers
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Acme Hardware")
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn a_supplier_edit_from_an_old_version_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let key = json(
        app.call("assets/save-supplier", &[("input[name]", "Acme Hardware")])
            .await,
    )
    .await;
    let key = key.as_str().unwrap();
    let edit = async |version: &str, contacts: &str| {
        app.call(
            "assets/save-supplier",
            &[
                ("id", key),
                ("version", version),
                ("input[name]", "Acme Hardware"),
                ("input[contacts]", contacts),
                ("input[rating]", "5"),
            ],
        )
        .await
    };
    assert_eq!(edit("1", "sales@acme.example").await.status(), 200);
    let stale = edit("1", "someone@else.example").await;
    assert_eq!(stale.status(), 409);
    assert!(stale.text().await.unwrap().contains("nothing was changed"));
    let now = acme(&app).await;
    assert_eq!(now["contacts"], "sales@acme.example");
    assert_eq!(now["rating"], 5);
    assert_eq!(now["version"], 2);
    let history = json(
        app.call("audit/history", &[("table", "supplier"), ("id", key)])
            .await,
    )
    .await;
    assert_eq!(history.as_array().unwrap().len(), 2, "{history}");
}

#[tokio::test]
async fn a_contract_covers_cis_by_name_and_is_edited_by_version() {
    let app = spawn_app().await;
    let supplier = json(
        app.call("assets/save-supplier", &[("input[name]", "Acme Hardware")])
            .await,
    )
    .await;
    let supplier = supplier.as_str().unwrap();
    let save = async |id: &str, version: &str, cis: &str, ends: &str| {
        app.call(
            "assets/save-contract",
            &[
                ("id", id),
                ("version", version),
                ("input[supplier]", supplier),
                ("input[kind]", "Support"),
                ("input[reference]", "ACME-SW"),
                ("input[starts_on]", "2026-01-01"),
                ("input[ends_on]", ends),
                ("input[covers]", "A006"),
                ("input[cis]", cis),
            ],
        )
        .await
    };
    let unknown = save("", "0", "SW-A006, No Such Switch", "2027-01-01").await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("No CI is called No Such Switch."));
    let key = json(save("", "0", "sw-a006", "2027-01-01").await).await;
    let contract = &acme(&app).await["contracts"][0];
    assert_eq!(contract["cis"][0], "SW-A006");
    assert_eq!(contract["covers"][0], "A006");

    let key = key.as_str().unwrap();
    assert_eq!(save(key, "1", "SW-A006", "2027-06-30").await.status(), 200);
    assert_eq!(save(key, "1", "SW-A006", "2028-01-01").await.status(), 409);
    let contract = &acme(&app).await["contracts"][0];
    assert_eq!(contract["ends_on"], "2027-06-30");
    let history = json(
        app.call("audit/history", &[("table", "contract"), ("id", key)])
            .await,
    )
    .await;
    let text = history.to_string();
    assert!(
        text.contains(r#""after":"2027-06-30","before":"2027-01-01","field":"ends on""#),
        "{text}"
    );
}
