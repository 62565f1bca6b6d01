//! Requests an item sends to the requester's manager, named on each user by an admin.

use crate::changes::as_user;
use crate::helpers::{spawn_as, TestApp};
use crate::monitoring::json;
use crate::requests::{error_of, order, request, version};
use serde_json::Value;

pub(crate) async fn set_manager(admin: &TestApp, person: &str, manager: &str) -> reqwest::Response {
    let current = json(admin.call("people/get", &[("id", person)]).await).await;
    let version = current["version"].to_string();
    let roles: Vec<String> = current["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let role = r.as_str().unwrap();
            // The role's key: "ServiceDeskAgent" is stored as "service_desk_agent".
            let mut key = String::new();
            for (i, c) in role.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    key.push('_');
                }
                key.push(c.to_ascii_lowercase());
            }
            key
        })
        .collect();
    let (email, name) = (
        current["email"].as_str().unwrap(),
        current["display_name"].as_str().unwrap(),
    );
    let mut form = vec![
        ("id", person),
        ("version", version.as_str()),
        ("input[email]", email),
        ("input[display_name]", name),
        ("input[manager]", manager),
    ];
    form.extend(roles.iter().map(|r| ("input[roles][]", r.as_str())));
    let teams: Vec<String> = current["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    form.extend(teams.iter().map(|t| ("input[teams][]", t.as_str())));
    admin.call("people/update", &form).await
}

#[tokio::test]
async fn an_item_can_ask_for_the_requesters_manager_who_alone_decides() {
    let rory = spawn_as("rory@demo.trellis").await;
    let vpn = &[
        ("reason", "On call from home"),
        ("i_accept_the_remote_access_policy", "on"),
    ];
    let number = json(order(&rory, "vpn_access", vpn).await).await;
    let number = number.as_str().unwrap();
    let ordered = request(&rory, number).await;
    assert_eq!(ordered["approval"], "Manager");
    assert_eq!(ordered["approver"], "Olga Service Owner");
    // Another service owner or an admin is not Rory's manager.
    let alice = as_user(&rory, "alice@demo.trellis").await;
    let v = version(&ordered);
    let refused = alice
        .call(
            "requests/decide",
            &[("number", number), ("version", &v), ("decision", "approve")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("Only Olga Service Owner can decide this request."),
        "{body}"
    );

    // Sam has no manager on record: the order is refused, and says what to do.
    let sam = as_user(&rory, "sam@demo.trellis").await;
    let refused = order(&sam, "vpn_access", vpn).await;
    assert!(error_of(refused, "item")
        .await
        .contains("no manager is on record for you"));
    // An admin names Ian as Sam's manager (never Sam himself); then Ian decides.
    assert_eq!(
        error_of(set_manager(&alice, "sam", "sam").await, "manager").await,
        "Someone cannot be their own manager."
    );
    assert!(set_manager(&alice, "sam", "ian")
        .await
        .status()
        .is_success());
    assert_eq!(
        json(alice.call("people/get", &[("id", "sam")]).await).await["manager"]["name"],
        "Ian Incident"
    );
    let number = json(order(&sam, "vpn_access", vpn).await).await;
    let number = number.as_str().unwrap();
    let ian = as_user(&rory, "ian@demo.trellis").await;
    let seen = request(&ian, number).await;
    assert_eq!(seen["may_decide"], true);
    let v = version(&seen);
    let approved = ian
        .call(
            "requests/decide",
            &[("number", number), ("version", &v), ("decision", "approve")],
        )
        .await;
    assert!(approved.status().is_success());
    assert_eq!(request(&sam, number).await["state"], "Fulfilment");
    // An admin can clear it again.
    assert!(set_manager(&alice, "sam", "").await.status().is_success());
    assert_eq!(
        json(alice.call("people/get", &[("id", "sam")]).await).await["manager"],
        Value::Null
    );
}
