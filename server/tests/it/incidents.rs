//! Incidents: numbers counted up, priority from the matrix, moves only as the table allows
//! with the fields each state needs, assignment, comments and work notes, all audited.

use crate::helpers::{spawn_as, TestApp};
use crate::monitoring::json;
use serde_json::Value;

pub(crate) async fn open(
    app: &TestApp,
    title: &str,
    impact: &str,
    urgency: &str,
) -> reqwest::Response {
    app.call(
        "incidents/open",
        &[
            ("input[title]", title),
            ("input[caller]", "Rory Requester"),
            ("input[category]", "Software"),
            ("input[impact]", impact),
            ("input[urgency]", urgency),
            ("input[cis]", "Web Server, website hosting"),
        ],
    )
    .await
}

pub(crate) async fn incident(app: &TestApp, number: &str) -> Value {
    json(app.call("incidents/get", &[("number", number)]).await).await
}

pub(crate) async fn step(
    app: &TestApp,
    number: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let version = incident(app, number).await["version"].to_string();
    let mut form = vec![("number", number), ("version", version.as_str())];
    form.extend_from_slice(fields);
    app.call("incidents/move", &form).await
}

#[tokio::test]
async fn an_incident_is_logged_worked_resolved_and_closed_by_the_table() {
    let sam = spawn_as("sam@demo.trellis").await;
    let first = json(open(&sam, "Website is slow", "1", "2").await).await;
    assert_eq!(first, "INC0000001");
    let second = json(open(&sam, "Printer jam", "3", "3").await).await;
    assert_eq!(second, "INC0000002", "numbers count up");
    let number = "INC0000001";
    let logged = incident(&sam, number).await;
    assert_eq!(logged["priority"], 2, "impact High × urgency Medium is P2");
    assert_eq!(logged["state"], "New");
    let affected: Vec<&str> = logged["cis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(affected, ["Web Server", "Website Hosting"]);

    // Work cannot start before someone has it, and Closed is not a move from New.
    let refused = step(&sam, number, &[("input[to]", "In Progress")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Assign it to a person"));
    let refused = step(&sam, number, &[("input[to]", "Closed")]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        incident(&sam, number).await["version"],
        1,
        "nothing written"
    );

    let version = incident(&sam, number).await["version"].to_string();
    let assigned = sam
        .call(
            "incidents/assign",
            &[
                ("number", number),
                ("version", &version),
                ("team", "service_desk"),
                ("assignee", "sam"),
            ],
        )
        .await;
    assert_eq!(assigned.status(), 200, "{}", assigned.text().await.unwrap());
    assert_eq!(
        step(&sam, number, &[("input[to]", "In Progress")])
            .await
            .status(),
        200
    );
    let hold = step(&sam, number, &[("input[to]", "On Hold")]).await;
    assert_eq!(hold.status(), 422, "on hold needs a reason");
    assert_eq!(
        step(
            &sam,
            number,
            &[
                ("input[to]", "On Hold"),
                ("input[hold_reason]", "Awaiting vendor")
            ]
        )
        .await
        .status(),
        200
    );
    let note = sam
        .call(
            "incidents/note",
            &[
                ("number", number),
                ("text", "Vendor ticket 4411"),
                ("internal", "true"),
            ],
        )
        .await;
    assert_eq!(note.status(), 200);
    assert_eq!(
        step(
            &sam,
            number,
            &[
                ("input[to]", "Resolved"),
                ("input[resolution_code]", "Solved (workaround)"),
                ("input[resolution_notes]", "Cache warmed"),
                ("input[first_contact]", "on"),
            ],
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        step(&sam, number, &[("input[to]", "Closed")])
            .await
            .status(),
        200
    );
    let closed = incident(&sam, number).await;
    assert_eq!(closed["state"], "Closed");
    assert_eq!(closed["resolution_code"], "Solved (workaround)");
    assert_eq!(closed["first_contact"], true);
    let kinds: Vec<&str> = closed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "assigned",
            "move",
            "move",
            "work_note",
            "move",
            "move"
        ]
    );

    let stale = sam
        .call(
            "incidents/move",
            &[
                ("number", number),
                ("version", "1"),
                ("input[to]", "Cancelled"),
                ("input[note]", "x"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let history = json(
        sam.call(
            "audit/history",
            &[("table", "incident"), ("id", "inc0000001")],
        )
        .await,
    )
    .await;
    assert_eq!(history.as_array().unwrap().len(), 6, "{history}");

    let open_ones = json(sam.call("incidents/list", &[]).await).await;
    let numbers: Vec<&str> = open_ones
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["INC0000002"],
        "the list shows open incidents by default"
    );
}

#[tokio::test]
async fn a_resolved_p1_gets_a_post_incident_review_and_others_do_not() {
    let sam = spawn_as("sam@demo.trellis").await;
    let p1 = json(open(&sam, "Payments down", "1", "1").await).await;
    let p3 = json(open(&sam, "Slow laptop", "2", "2").await).await;
    let resolve = [
        ("input[to]", "Resolved"),
        ("input[resolution_code]", "Solved (permanently)"),
        ("input[resolution_notes]", "Certificate renewed"),
    ];
    for number in [&p1, &p3] {
        let response = step(&sam, number.as_str().unwrap(), &resolve).await;
        assert_eq!(response.status(), 200);
    }
    let review = async |number: &str, text: &str| {
        let version = incident(&sam, number).await["version"].to_string();
        sam.call(
            "incidents/review",
            &[("number", number), ("version", &version), ("text", text)],
        )
        .await
    };
    let refused = review(p3.as_str().unwrap(), "Nothing to learn").await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Only a P1"));
    let saved = review(
        p1.as_str().unwrap(),
        "Expired certificate; renewals are now monitored.",
    )
    .await;
    assert_eq!(saved.status(), 200);
    let reviewed = incident(&sam, p1.as_str().unwrap()).await;
    assert_eq!(
        reviewed["review"],
        "Expired certificate; renewals are now monitored."
    );
    assert_eq!(
        reviewed["entries"].as_array().unwrap().last().unwrap()["kind"],
        "review"
    );
}

#[tokio::test]
async fn a_bad_incident_is_refused_field_by_field_and_nothing_is_written() {
    let sam = spawn_as("sam@demo.trellis").await;
    let refused = sam
        .call(
            "incidents/open",
            &[
                ("input[title]", ""),
                ("input[impact]", "9"),
                ("input[cis]", "No Such CI"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    for field in ["title", "caller", "category", "impact", "urgency"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field}: {text}");
    }
    let unknown = sam
        .call(
            "incidents/open",
            &[
                ("input[title]", "Down"),
                ("input[caller]", "Rory"),
                ("input[category]", "Network"),
                ("input[impact]", "2"),
                ("input[urgency]", "2"),
                ("input[cis]", "No Such CI"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("No CI or service is called No Such CI."));
    let all = json(
        sam.call("incidents/list", &[("filter[state]", "all")])
            .await,
    )
    .await;
    assert_eq!(all, serde_json::json!([]));
    let viewer = spawn_as("vic@demo.trellis").await;
    assert_eq!(open(&viewer, "Mine", "1", "1").await.status(), 403);
}
