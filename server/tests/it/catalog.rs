//! The service catalog: items and their order forms are data an admin edits.

use crate::changes::as_user;
use crate::helpers::spawn_as;
use crate::monitoring::json;
use crate::requests::{error_of, order, request, version};

#[tokio::test]
async fn catalog_items_and_their_forms_are_data() {
    let alice = spawn_as("alice@demo.trellis").await;
    let item = |form: &'static str, active: &'static str| {
        vec![
            ("input[name]", "Desk phone"),
            ("input[category]", "Hardware"),
            ("input[form]", form),
            ("input[approval]", ""),
            ("input[team]", "service_desk"),
            ("input[tasks]", "Order the phone\nPlug it in"),
            ("input[active]", active),
        ]
    };
    let bad = alice
        .call(
            "requests/save-item",
            &item("Extension* : text\nColour : colour", "on"),
        )
        .await;
    assert!(error_of(bad, "form")
        .await
        .starts_with("Line 2: \u{201c}colour\u{201d} is not a kind"));
    let key = json(
        alice
            .call(
                "requests/save-item",
                &item("Extension* : number\nHeadset : yes/no", "on"),
            )
            .await,
    )
    .await;
    let key = key.as_str().unwrap().to_owned();
    let duplicate = alice
        .call("requests/save-item", &item("Extension : number", "on"))
        .await;
    assert_eq!(
        error_of(duplicate, "name").await,
        "The catalog already has an item called \u{201c}Desk phone\u{201d}."
    );

    let rory = as_user(&alice, "rory@demo.trellis").await;
    let catalog = json(rory.call("requests/catalog", &[]).await).await;
    let phone = catalog
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key.as_str())
        .expect("listed");
    assert_eq!(phone["fields"][0]["key"], "extension");
    assert_eq!(phone["fields"][0]["kind"], "Number");
    let refused = order(&rory, &key, &[("extension", "four")]).await;
    assert_eq!(
        error_of(refused, "extension").await,
        "Enter extension as a number, like 2 or 2.5."
    );
    let number = json(order(&rory, &key, &[("extension", "4411")]).await).await;
    let ordered = request(&rory, number.as_str().unwrap()).await;
    assert_eq!(ordered["state"], "Fulfilment");
    assert_eq!(ordered["team"]["name"], "Service Desk");

    // Taken off the catalog: no longer listed or orderable.
    let current = json(alice.call("requests/item", &[("key", &key)]).await).await;
    let mut off = item("Extension* : number", "");
    let v = version(&current);
    off.extend([("key", key.as_str()), ("version", v.as_str())]);
    assert!(alice
        .call("requests/save-item", &off)
        .await
        .status()
        .is_success());
    let catalog = json(rory.call("requests/catalog", &[]).await).await;
    assert!(!catalog
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["key"] == key.as_str()));
    let gone = order(&rory, &key, &[("extension", "4411")]).await;
    assert_eq!(
        error_of(gone, "item").await,
        "This item can no longer be ordered."
    );
}
