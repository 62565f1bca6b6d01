//! The improvement register: an improvement through the seven steps, and the maturity
//! score that follows.

use crate::helpers::{spawn_as, TestApp};
use crate::monitoring::json;

#[tokio::test]
async fn an_improvement_goes_through_the_seven_steps_and_the_maturity_follows() {
    let lena = spawn_as("lena@demo.trellis").await;
    let before = json(lena.call("reports/maturity", &[]).await).await;
    assert_eq!(before["reached"], 1, "no incidents yet: {before}");
    let sla_check = &before["levels"][1]["checks"][0];
    assert_eq!(sla_check["evidence"], "SLAs defined for 3 of 4 services");
    assert_eq!(sla_check["met"], false);

    let mut form = vec![
        ("input[title]", "Resolve P2s faster"),
        ("input[source]", "problem"),
        ("input[reference]", "PRB0000099"),
        ("input[benefit]", "Average resolution under 8 h"),
        ("input[cost]", "1,500"),
        ("input[owner]", "lena"),
    ];
    let refused = lena.call("improvements/save", &form).await;
    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("There is no problem PRB0000099."));
    form[1] = ("input[source]", "kpi");
    form[2] = ("input[reference]", "resolution_time");
    let number = json(lena.call("improvements/save", &form).await).await;
    assert_eq!(number, "CSI0000001");
    let item = |lena: &TestApp| {
        let lena = lena.clone();
        async move {
            json(
                lena.call("improvements/get", &[("number", "CSI0000001")])
                    .await,
            )
            .await
        }
    };
    let found = item(&lena).await;
    assert_eq!(
        (found["stage"].as_str(), found["cost"].as_str()),
        (Some("Strategy"), Some("1,500.00"))
    );

    let step = |to: &'static str, outcome: &'static str| {
        let lena = lena.clone();
        async move {
            let version = json(
                lena.call("improvements/get", &[("number", "CSI0000001")])
                    .await,
            )
            .await["version"]
                .to_string();
            lena.call(
                "improvements/move",
                &[
                    ("number", "CSI0000001"),
                    ("version", &version),
                    ("to", to),
                    ("outcome", outcome),
                ],
            )
            .await
        }
    };
    assert_eq!(
        step("gather", "").await.status(),
        422,
        "one stage at a time"
    );
    for to in [
        "measure",
        "gather",
        "process",
        "analyse",
        "present",
        "implement",
    ] {
        assert_eq!(step(to, "").await.status(), 200, "{to}");
    }
    let unmeasured = step("closed", "").await;
    assert_eq!(unmeasured.status(), 422);
    assert!(unmeasured.text().await.unwrap().contains("outcome"));
    assert_eq!(
        step("closed", "Resolution now averages 6.5 h")
            .await
            .status(),
        200
    );
    let closed = item(&lena).await;
    assert_eq!(closed["stage"], "Closed");
    assert_eq!(closed["outcome"], "Resolution now averages 6.5 h");
    let history = json(
        lena.call(
            "audit/history",
            &[("table", "improvement"), ("id", "csi0000001")],
        )
        .await,
    )
    .await;
    assert_eq!(
        history.as_array().unwrap().len(),
        8,
        "created, then seven moves"
    );

    let after = json(lena.call("reports/maturity", &[]).await).await;
    let improvements = &after["levels"][3]["checks"][1];
    assert_eq!(improvements["met"], true, "{after}");
    assert_eq!(
        improvements["evidence"],
        "1 improvement recorded, 1 closed with a measured outcome"
    );
    // Viewers read the register but keep none.
    let vic = spawn_as("vic@demo.trellis").await;
    assert_eq!(vic.call("improvements/list", &[]).await.status(), 200);
    assert_eq!(vic.call("improvements/save", &form).await.status(), 403);
}
