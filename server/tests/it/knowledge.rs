//! The knowledge base: drafts seen only by writers, Markdown rendered and sanitized, full
//! text search, links checked, one vote per reader, and stale edits refused.

use crate::helpers::{client, spawn_as, TestApp, DEMO_PASSWORD};
use crate::monitoring::json;
use serde_json::Value;

fn article<'a>(title: &'a str, body: &'a str, links: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[title]", title),
        ("input[body]", body),
        ("input[categories]", "VPN, Access"),
        ("input[review_on]", "2027-06-01"),
        ("input[links]", links),
    ]
}

async fn get(app: &TestApp, number: &str) -> reqwest::Response {
    app.call("kb/get", &[("number", number)]).await
}

async fn titles(app: &TestApp, q: &str) -> Vec<String> {
    let rows = json(app.call("kb/list", &[("q", q)]).await).await;
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn signed_in(app: &TestApp, email: &str) -> TestApp {
    let other = TestApp {
        base: app.base.clone(),
        client: client(),
    };
    other.login(email, DEMO_PASSWORD).await;
    other
}

#[tokio::test]
async fn an_article_is_drafted_published_found_and_voted_on() {
    let sam = spawn_as("sam@demo.trellis").await;
    let body = "# Reset your VPN token\n\n1. Open **Settings**\n\n<script>alert(1)</script>";
    let unknown = sam
        .call(
            "kb/create",
            &article("Reset a VPN token", body, "PRB0000009"),
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("There is no PRB0000009."));
    let created = sam
        .call("kb/create", &article("Reset a VPN token", body, ""))
        .await;
    assert_eq!(json(created).await, "KB0000001");

    // A draft is for writers only.
    let rory = signed_in(&sam, "rory@demo.trellis").await;
    assert_eq!(get(&rory, "KB0000001").await.status(), 404);
    assert!(titles(&rory, "").await.is_empty());
    assert_eq!(titles(&sam, "").await, ["Reset a VPN token"]);

    let published = sam
        .call(
            "kb/move",
            &[
                ("number", "KB0000001"),
                ("version", "1"),
                ("to", "Published"),
            ],
        )
        .await;
    assert_eq!(
        published.status(),
        200,
        "{}",
        published.text().await.unwrap()
    );
    let read: Value = json(get(&rory, "KB0000001").await).await;
    let html = read["html"].as_str().unwrap();
    assert!(html.contains("<h1>Reset your VPN token</h1>"), "{html}");
    assert!(html.contains("<strong>Settings</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert_eq!(read["owner"], "Sam Service Desk");
    assert_eq!(titles(&rory, "token").await, ["Reset a VPN token"]);
    assert_eq!(titles(&rory, "vpn reset").await, ["Reset a VPN token"]);
    assert!(titles(&rory, "printer").await.is_empty());

    // One vote per reader: changing it replaces it.
    for helpful in ["true", "false"] {
        let vote = rory
            .call("kb/vote", &[("number", "KB0000001"), ("helpful", helpful)])
            .await;
        assert_eq!(vote.status(), 200);
    }
    let counted = json(get(&rory, "KB0000001").await).await;
    assert_eq!(
        (counted["helpful"].as_u64(), counted["not_helpful"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(counted["my_vote"], false);

    // An edit from an old version is refused, and nothing changes.
    let mut stale = article("Renamed", body, "");
    stale.extend([("number", "KB0000001"), ("version", "1")]);
    let refused = sam.call("kb/update", &stale).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        json(get(&sam, "KB0000001").await).await["title"],
        "Reset a VPN token"
    );
}
