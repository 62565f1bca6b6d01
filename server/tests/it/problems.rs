//! Problems and known errors: recorded against incidents, moved only as the table allows
//! with what each state needs, and the Known Error DB suggesting them by CI and by words.

use crate::helpers::{spawn_as, TestApp};
use crate::monitoring::json;
use serde_json::Value;

async fn problem(app: &TestApp, number: &str) -> Value {
    json(app.call("problems/get", &[("number", number)]).await).await
}

async fn version(app: &TestApp, number: &str) -> String {
    problem(app, number).await["version"].to_string()
}

async fn step(app: &TestApp, number: &str, to: &str) -> reqwest::Response {
    let version = version(app, number).await;
    app.call(
        "problems/move",
        &[("number", number), ("version", &version), ("input[to]", to)],
    )
    .await
}

async fn suggested(app: &TestApp, text: &str, cis: &str) -> Vec<(String, Vec<String>)> {
    let found = json(
        app.call("problems/suggest", &[("text", text), ("cis", cis)])
            .await,
    )
    .await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let matched = k["matched"].as_array().unwrap().iter();
            (
                k["number"].as_str().unwrap().to_owned(),
                matched.map(|m| m.as_str().unwrap().to_owned()).collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_problem_becomes_a_known_error_that_the_incident_form_suggests() {
    let priya = spawn_as("priya@demo.trellis").await;
    let incident = priya
        .call(
            "incidents/open",
            &[
                ("input[title]", "Checkout times out"),
                ("input[caller]", "Rory Requester"),
                ("input[category]", "Software"),
                ("input[impact]", "2"),
                ("input[urgency]", "2"),
                ("input[cis]", "Database"),
            ],
        )
        .await;
    assert_eq!(json(incident).await, "INC0000001");
    let unknown = priya
        .call(
            "problems/open",
            &[("input[title]", "Pool"), ("input[incidents]", "INC0000042")],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("There is no incident INC0000042."));
    let opened = priya
        .call(
            "problems/open",
            &[
                ("input[title]", "Checkout stalls under load"),
                ("input[cis]", "Database"),
                ("input[incidents]", "inc1"),
            ],
        )
        .await;
    assert_eq!(json(opened).await, "PRB0000001");
    let number = "PRB0000001";
    let recorded = problem(&priya, number).await;
    assert_eq!(recorded["state"], "New");
    assert_eq!(recorded["incidents"][0]["number"], "INC0000001");
    assert_eq!(recorded["cis"][0]["name"], "Database");

    // Not a move of the table: refused, with the open ones named; nothing written.
    let refused = step(&priya, number, "Known Error").await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains(
        "A problem that is New cannot become Known Error; it can become Investigating, Cancelled."
    ));
    let refused = step(&priya, number, "Investigating").await;
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Assign it to a person"));
    assert_eq!(problem(&priya, number).await["version"], 1);

    let v = version(&priya, number).await;
    let assigned = priya
        .call(
            "problems/assign",
            &[
                ("number", number),
                ("version", &v),
                ("team", "infrastructure"),
                ("assignee", "priya"),
            ],
        )
        .await;
    assert_eq!(assigned.status(), 200, "{}", assigned.text().await.unwrap());
    let v = version(&priya, number).await;
    let assigned = priya
        .call(
            "problems/assign",
            &[("number", number), ("version", &v), ("assignee", "priya")],
        )
        .await;
    assert_eq!(assigned.status(), 200);
    assert_eq!(step(&priya, number, "Investigating").await.status(), 200);

    // A known error needs the cause and the workaround on record.
    let early = step(&priya, number, "Known Error").await;
    assert_eq!(early.status(), 422);
    let text = early.text().await.unwrap();
    assert!(
        text.contains("Record the root cause") && text.contains("Record the workaround"),
        "{text}"
    );

    let v = version(&priya, number).await;
    let analysed = priya
        .call(
            "problems/analyse",
            &[
                ("number", number),
                ("version", &v),
                (
                    "analysis[whys][0]",
                    "Checkout waits for a database connection",
                ),
                (
                    "analysis[whys][1]",
                    "The connection pool is exhausted at peak",
                ),
                (
                    "analysis[root_cause]",
                    "Connection pool sized for last year's traffic",
                ),
                (
                    "analysis[workaround]",
                    "Restart the application server to free connections",
                ),
            ],
        )
        .await;
    assert_eq!(analysed.status(), 200, "{}", analysed.text().await.unwrap());
    // The same save again, from the version it started from: someone was quicker.
    let stale = priya
        .call(
            "problems/analyse",
            &[
                ("number", number),
                ("version", &v),
                ("analysis[fix]", "Raise the pool"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(step(&priya, number, "Known Error").await.status(), 200);
    let known = problem(&priya, number).await;
    assert_eq!(known["state"], "KnownError");
    assert_eq!(known["analysis"]["whys"].as_array().unwrap().len(), 2);

    // An agent logging a new incident gets it suggested by CI, and by words as typed.
    let sam = spawn_as_same(&priya, "sam@demo.trellis").await;
    assert_eq!(
        suggested(&sam, "", "Database").await,
        [(number.to_owned(), vec!["CI".to_owned()])]
    );
    // Half-typed words count: "restar" is the start of "Restart".
    let by_words = suggested(&sam, "Checkout slow again, restar", "").await;
    assert_eq!(by_words.len(), 1, "{by_words:?}");
    assert_eq!(by_words[0].1, ["checkout", "restar"]);
    assert!(suggested(&sam, "printer jam", "Web Server")
        .await
        .is_empty());
    let kedb = json(sam.call("problems/known-errors", &[("q", "pool")]).await).await;
    assert_eq!(
        kedb[0]["workaround"],
        "Restart the application server to free connections"
    );
    let none = json(sam.call("problems/known-errors", &[("q", "printer")]).await).await;
    assert_eq!(none, serde_json::json!([]));
}

/// Another demo user signed in to the same server.
async fn spawn_as_same(app: &TestApp, email: &str) -> TestApp {
    let other = TestApp {
        base: app.base.clone(),
        client: crate::helpers::client(),
    };
    other.login(email, crate::helpers::DEMO_PASSWORD).await;
    other
}

#[tokio::test]
async fn watchers_of_a_problem_hear_of_its_moves_but_not_of_their_own() {
    let priya = spawn_as("priya@demo.trellis").await;
    let opened = priya
        .call(
            "problems/open",
            &[("input[title]", "Nightly backup overruns")],
        )
        .await;
    let number = json(opened).await;
    let number = number.as_str().unwrap();
    let sam = crate::changes::as_user(&priya, "sam@demo.trellis").await;
    for who in [&sam, &priya] {
        let watched = who
            .call(
                "problems/watch",
                &[("number", number), ("watching", "true")],
            )
            .await;
        assert_eq!(watched.status(), 200);
    }
    let seen = problem(&sam, number).await;
    assert_eq!(seen["watching"], true);
    assert_eq!(
        seen["watchers"],
        serde_json::json!(["Sam Service Desk", "Priya Problem"])
    );
    assert_eq!(
        seen["version"], 1,
        "watching is not a change to the problem"
    );
    let v = version(&priya, number).await;
    let assigned = priya
        .call(
            "problems/assign",
            &[("number", number), ("version", &v), ("assignee", "priya")],
        )
        .await;
    assert_eq!(assigned.status(), 200);
    assert_eq!(step(&priya, number, "Investigating").await.status(), 200);
    let inbox = |app: TestApp| async move {
        let inbox = json(app.call("notifications/inbox", &[]).await).await;
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let same = |app: &TestApp| TestApp {
        base: app.base.clone(),
        client: app.client.clone(),
    };
    assert_eq!(
        inbox(same(&sam)).await,
        [
            format!("{number}: moved to Investigating (Priya Problem)"),
            format!("{number}: reassigned (Priya Problem)")
        ]
    );
    assert!(inbox(same(&priya)).await.is_empty());
    let missing = sam
        .call(
            "problems/watch",
            &[("number", "PRB0009999"), ("watching", "true")],
        )
        .await;
    assert_eq!(missing.status(), 404);
}
