//! Changes: an RFC moves only as its kind's flow allows and with what each state needs;
//! the CAB's votes decide by quorum; a scheduled change puts its CIs in maintenance for
//! its window; clashes and freezes show and bind.

use crate::helpers::{client, spawn_as, TestApp, DEMO_PASSWORD};
use crate::maintenance::hours_from_now;
use crate::monitoring::json;
use serde_json::Value;

pub(crate) async fn as_user(app: &TestApp, email: &str) -> TestApp {
    let other = TestApp {
        base: app.base.clone(),
        client: client(),
    };
    let status = other.login(email, DEMO_PASSWORD).await.status();
    assert!(
        status.is_redirection() || status == 200,
        "login as {email}: {status}"
    );
    other
}

async fn change(app: &TestApp, number: &str) -> Value {
    json(app.call("changes/get", &[("number", number)]).await).await
}

async fn raise(app: &TestApp, kind: &str, title: &str, cis: &str, from: i64, to: i64) -> String {
    let (starts, ends) = (hours_from_now(from), hours_from_now(to));
    let response = app
        .call(
            "changes/open",
            &[
                ("input[kind]", kind),
                ("input[title]", title),
                ("input[cis]", cis),
                ("input[starts_at]", &starts),
                ("input[ends_at]", &ends),
                (
                    "input[implementation_plan]",
                    "Fail over, upgrade, fail back.",
                ),
                ("input[backout_plan]", "Restore the snapshot."),
                ("input[test_plan]", "Run the smoke tests."),
                ("input[risk][0]", "1"),
                ("input[risk][1]", "1"),
                ("input[risk][2]", "0"),
                ("input[risk][3]", "1"),
                ("input[risk][4]", "0"),
            ],
        )
        .await;
    json(response).await.as_str().unwrap().to_owned()
}

async fn step(app: &TestApp, number: &str, to: &str, note: &str) -> reqwest::Response {
    let version = change(app, number).await["version"].to_string();
    app.call(
        "changes/move",
        &[
            ("number", number),
            ("version", &version),
            ("to", to),
            ("note", note),
        ],
    )
    .await
}

async fn error_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 422);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_normal_change_goes_through_the_cab_and_puts_its_cis_in_maintenance() {
    let chris = spawn_as("chris@demo.trellis").await;
    let number = raise(&chris, "Normal", "Upgrade PostgreSQL", "Database", -1, 2).await;
    let draft = change(&chris, &number).await;
    assert_eq!(draft["state"], "Draft");
    assert_eq!(draft["risk_score"], 4);
    // Impact from the CMDB: every service that needs the database.
    let services: Vec<&str> = draft["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        services.contains(&"Database Service") && services.contains(&"Internal Application"),
        "{services:?}"
    );

    // Not from Draft straight to Implementing: the refusal names the open moves.
    let refusal = error_of(step(&chris, &number, "Implementing", "").await).await;
    assert!(
        refusal.to_string().contains("it can become Assessment"),
        "{refusal}"
    );
    assert_eq!(change(&chris, &number).await["version"], draft["version"]);

    assert!(step(&chris, &number, "Assessment", "")
        .await
        .status()
        .is_success());
    assert!(step(&chris, &number, "CAB Approval", "")
        .await
        .status()
        .is_success());
    // Only the board decides, and a Change Manager is not on it.
    assert_eq!(step(&chris, &number, "Scheduled", "").await.status(), 422);
    let vote = [
        ("number", number.as_str()),
        ("vote", "Approve"),
        ("comment", "Backout tested"),
    ];
    assert_eq!(chris.call("changes/vote", &vote).await.status(), 403);

    let cara = as_user(&chris, "cara@demo.trellis").await;
    // The board hears that a change waits for its vote.
    let inbox = json(cara.call("notifications/inbox", &[]).await).await;
    assert!(
        inbox
            .to_string()
            .contains(&format!("{number} needs your vote: Upgrade PostgreSQL")),
        "{inbox}"
    );
    let without_comment = cara
        .call(
            "changes/vote",
            &[("number", number.as_str()), ("vote", "Approve")],
        )
        .await;
    assert!(error_of(without_comment)
        .await
        .to_string()
        .contains("Say why"));
    assert!(cara.call("changes/vote", &vote).await.status().is_success());
    let scheduled = change(&chris, &number).await;
    assert_eq!(scheduled["state"], "Scheduled", "{scheduled}");
    assert_eq!(scheduled["votes"][0]["voter"], "Cara CAB");
    assert_eq!(scheduled["quorum"], 1);

    // Its window has begun: the database is in maintenance.
    let ci = json(chris.call("cmdb/get", &[("id", "database")]).await).await;
    assert_eq!(ci["status"], "Maintenance", "{ci}");

    assert!(step(&chris, &number, "Implementing", "")
        .await
        .status()
        .is_success());
    assert!(step(&chris, &number, "Review", "")
        .await
        .status()
        .is_success());
    let ci = json(chris.call("cmdb/get", &[("id", "database")]).await).await;
    assert_eq!(ci["status"], "Active", "finishing ends the window: {ci}");
    // Closing needs the post-implementation review.
    let refusal = error_of(step(&chris, &number, "Successful", " ").await).await;
    assert!(
        refusal.to_string().contains("post-implementation review"),
        "{refusal}"
    );
    assert!(
        step(&chris, &number, "Successful", "Upgraded in 40 minutes")
            .await
            .status()
            .is_success()
    );
    let closed = change(&chris, &number).await;
    assert_eq!(closed["state"], "Successful");
    assert_eq!(closed["review"], "Upgraded in 40 minutes");
}

#[tokio::test]
async fn the_board_rejects_and_an_rfc_without_plans_is_not_assessed() {
    let chris = spawn_as("chris@demo.trellis").await;
    let bare = json(
        chris
            .call(
                "changes/open",
                &[("input[kind]", "Normal"), ("input[title]", "Move the DNS")],
            )
            .await,
    )
    .await;
    let refusal = error_of(step(&chris, bare.as_str().unwrap(), "Assessment", "").await).await;
    let text = refusal.to_string();
    assert!(
        text.contains("Name the CIs") && text.contains("plans") && text.contains("window"),
        "{text}"
    );

    let number = raise(
        &chris,
        "Normal",
        "Replace the core switch",
        "SW-A006",
        30,
        32,
    )
    .await;
    step(&chris, &number, "Assessment", "").await;
    step(&chris, &number, "CAB Approval", "").await;
    let cara = as_user(&chris, "cara@demo.trellis").await;
    let vote = [
        ("number", number.as_str()),
        ("vote", "Reject"),
        ("comment", "No backout for the cabling"),
    ];
    assert!(cara.call("changes/vote", &vote).await.status().is_success());
    assert_eq!(change(&chris, &number).await["state"], "Rejected");
    // Rejected is final: no more votes.
    assert_eq!(cara.call("changes/vote", &vote).await.status(), 422);
}

#[tokio::test]
async fn overlapping_changes_on_a_ci_clash_and_a_freeze_holds_all_but_emergencies() {
    let chris = spawn_as("chris@demo.trellis").await;
    let one = raise(
        &chris,
        "Normal",
        "Patch the web server",
        "Web Server",
        48,
        50,
    )
    .await;
    let other = raise(
        &chris,
        "Normal",
        "Move the website",
        "Website Hosting",
        49,
        51,
    )
    .await;
    let later = raise(
        &chris,
        "Normal",
        "Patch the web server again",
        "Web Server",
        60,
        61,
    )
    .await;
    let seen = change(&chris, &one).await;
    assert_eq!(seen["clashes"][0]["number"], other.as_str(), "{seen}");
    assert_eq!(seen["clashes"][0]["shared"][0], "Website Hosting");
    assert!(change(&chris, &later).await["clashes"]
        .as_array()
        .unwrap()
        .is_empty());
    let listed = json(chris.call("changes/list", &[]).await).await;
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == other.as_str())
        .unwrap();
    assert_eq!(row["clashes"][0], one.as_str());

    let (starts, ends) = (hours_from_now(40), hours_from_now(60));
    let freeze = [
        ("name", "Year-end close"),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
    ];
    let cara = as_user(&chris, "cara@demo.trellis").await;
    assert_eq!(cara.call("changes/add-freeze", &freeze).await.status(), 403);
    assert!(chris
        .call("changes/add-freeze", &freeze)
        .await
        .status()
        .is_success());
    step(&chris, &one, "Assessment", "").await;
    let refusal = error_of(step(&chris, &one, "CAB Approval", "").await).await;
    assert!(refusal.to_string().contains("Year-end close"), "{refusal}");
    let urgent = raise(
        &chris,
        "Emergency",
        "Hotfix the web server",
        "Web Server",
        48,
        49,
    )
    .await;
    assert!(step(&chris, &urgent, "CAB Approval", "")
        .await
        .status()
        .is_success());
    assert_eq!(change(&chris, &urgent).await["frozen"], "Year-end close");
}

#[tokio::test]
async fn a_standard_change_takes_its_template_and_needs_no_cab() {
    let chris = spawn_as("chris@demo.trellis").await;
    let missing = chris
        .call(
            "changes/open",
            &[
                ("input[kind]", "Standard"),
                ("input[title]", "Renew the certificate"),
            ],
        )
        .await;
    assert!(error_of(missing).await.to_string().contains("template"));
    let (starts, ends) = (hours_from_now(72), hours_from_now(73));
    let number = json(
        chris
            .call(
                "changes/open",
                &[
                    ("input[kind]", "Standard"),
                    ("input[template]", "renew_certificate"),
                    ("input[title]", "Renew the website certificate"),
                    ("input[cis]", "Web Server"),
                    ("input[starts_at]", &starts),
                    ("input[ends_at]", &ends),
                ],
            )
            .await,
    )
    .await;
    let number = number.as_str().unwrap();
    let seen = change(&chris, number).await;
    assert_eq!(seen["template"], "Renew a TLS certificate");
    assert!(seen["backout_plan"]
        .as_str()
        .unwrap()
        .contains("old certificate"));
    assert_eq!(seen["risk_score"], 0);
    assert!(step(&chris, number, "Scheduled", "")
        .await
        .status()
        .is_success());
    let calendar = json(
        chris
            .call(
                "changes/calendar",
                &[("date", &starts[..10]), ("view", "week")],
            )
            .await,
    )
    .await;
    assert!(
        calendar["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["number"] == number),
        "{calendar}"
    );
}

#[tokio::test]
async fn watchers_of_a_change_hear_of_its_moves_and_votes() {
    let chris = spawn_as("chris@demo.trellis").await;
    let number = raise(
        &chris,
        "Normal",
        "Replace the core switch",
        "SW-A006",
        30,
        32,
    )
    .await;
    let vic = as_user(&chris, "vic@demo.trellis").await;
    let watched = vic
        .call(
            "changes/watch",
            &[("number", &number), ("watching", "true")],
        )
        .await;
    assert_eq!(watched.status(), 200);
    assert_eq!(
        change(&vic, &number).await["watchers"],
        serde_json::json!(["Vic Viewer"])
    );
    assert!(step(&chris, &number, "Assessment", "")
        .await
        .status()
        .is_success());
    let inbox = json(vic.call("notifications/inbox", &[]).await).await;
    let titles: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [format!("{number}: moved to Assessment (Chris Change)")]
    );
    assert_eq!(
        inbox["items"][0]["href"],
        format!("/changes/{number}").as_str()
    );
}
