//! Service requests: ordered from a catalog whose forms are data, approved by a role
//! (never by the requester), fulfilled task by task until the last closes it; seen only
//! by their requester and the people who work them. And problems reported from the
//! portal become incidents.

use crate::changes::as_user;
use crate::helpers::{spawn_as, TestApp};
use crate::monitoring::json;
use serde_json::Value;

pub(crate) async fn order(
    app: &TestApp,
    item: &str,
    answers: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("item".to_owned(), item.to_owned())];
    form.extend(
        answers
            .iter()
            .map(|(k, v)| (format!("answers[{k}]"), (*v).to_owned())),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call("requests/order", &form).await
}

const LAPTOP: &[(&str, &str)] = &[
    ("model", "Developer 16-inch"),
    ("needed_by", "2027-01-15"),
    ("why_do_you_need_it", "I start on the platform team."),
];

pub(crate) async fn request(app: &TestApp, number: &str) -> Value {
    json(app.call("requests/get", &[("number", number)]).await).await
}

pub(crate) fn version(request: &Value) -> String {
    request["version"].to_string()
}

fn task_states(request: &Value) -> Vec<String> {
    request["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["state"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn error_of(response: reqwest::Response, field: &str) -> String {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let errors = body["Validation"].as_array().unwrap();
    errors
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error on {field}: {body}"))["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn finish(app: &TestApp, number: &str, task: &str) -> reqwest::Response {
    let current = request(app, number).await;
    app.call(
        "requests/finish-task",
        &[
            ("number", number),
            ("version", &version(&current)),
            ("task", task),
            ("note", ""),
        ],
    )
    .await
}

#[tokio::test]
async fn a_request_is_approved_by_its_role_then_closed_by_its_last_task() {
    let rory = spawn_as("rory@demo.trellis").await;
    let number = json(order(&rory, "new_laptop", LAPTOP).await).await;
    let number = number.as_str().unwrap().to_owned();
    assert!(number.starts_with("REQ"), "{number}");
    let ordered = request(&rory, &number).await;
    assert_eq!(ordered["state"], "Approval");
    assert_eq!(task_states(&ordered), ["Pending", "Pending", "Pending"]);
    assert_eq!(ordered["answers"][0]["value"], "Developer 16-inch");
    assert_eq!(ordered["answers"][3]["value"], "No");
    assert_eq!(ordered["may_cancel"], true);
    assert_eq!(ordered["may_decide"], false);

    // The requester cannot approve it, nor can someone without the approving role.
    let decide = |app: &TestApp, v: String, decision: &'static str, note: &'static str| {
        let number = number.clone();
        let app = TestApp {
            base: app.base.clone(),
            client: app.client.clone(),
        };
        async move {
            app.call(
                "requests/decide",
                &[
                    ("number", &number),
                    ("version", &v),
                    ("decision", decision),
                    ("note", note),
                ],
            )
            .await
        }
    };
    let mine = decide(&rory, version(&ordered), "approve", "").await;
    assert_eq!(
        error_of(mine, "decision").await,
        "You cannot decide your own request; another approver will."
    );
    let sam = as_user(&rory, "sam@demo.trellis").await;
    assert_eq!(
        decide(&sam, version(&ordered), "approve", "")
            .await
            .status(),
        403
    );
    assert_eq!(
        finish(&sam, &number, "1").await.status(),
        422,
        "no task is open yet"
    );

    let asha = as_user(&rory, "asha@demo.trellis").await;
    let seen = request(&asha, &number).await;
    assert_eq!(seen["may_decide"], true);
    let approved = decide(&asha, version(&seen), "approve", "Take one from stock.").await;
    assert!(approved.status().is_success(), "{}", approved.status());
    let now = request(&rory, &number).await;
    assert_eq!(now["state"], "Fulfilment");
    assert_eq!(now["decided_by"], "Asha Asset");
    assert_eq!(task_states(&now), ["Open", "Open", "Open"]);
    // A second decision on the old version is refused as stale.
    let again = decide(&asha, version(&seen), "reject", "No.").await;
    assert_eq!(again.status(), 409);

    // Sam (service desk) fulfils: the tasks in any order; the last one closes it.
    assert!(finish(&sam, &number, "2").await.status().is_success());
    assert!(finish(&sam, &number, "1").await.status().is_success());
    assert_eq!(
        finish(&sam, &number, "1").await.status(),
        422,
        "already done"
    );
    assert_eq!(request(&rory, &number).await["state"], "Fulfilment");
    assert!(finish(&sam, &number, "3").await.status().is_success());
    let closed = request(&rory, &number).await;
    assert_eq!(closed["state"], "Closed");
    assert_eq!(task_states(&closed), ["Done", "Done", "Done"]);
    assert_eq!(closed["may_cancel"], false);

    let mine = json(rory.call("requests/mine", &[]).await).await;
    assert_eq!(mine[0]["number"], number.as_str());
    assert_eq!(mine[0]["state"], "Closed");
    assert_eq!(
        (mine[0]["tasks_done"].clone(), mine[0]["tasks"].clone()),
        (3.into(), 3.into())
    );
    let inbox = json(rory.call("notifications/inbox", &[]).await).await;
    let titles: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("was approved by Asha Asset")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.ends_with("New laptop is done")),
        "{titles:?}"
    );
}

#[tokio::test]
async fn bad_answers_are_refused_field_by_field_and_nothing_is_written() {
    let rory = spawn_as("rory@demo.trellis").await;
    let response = order(
        &rory,
        "new_laptop",
        &[("model", "Gaming rig"), ("needed_by", "soon")],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["model", "needed_by", "why_do_you_need_it"]);
    assert_eq!(
        json(rory.call("requests/mine", &[]).await).await,
        Value::Array(vec![])
    );
    let alice = as_user(&rory, "alice@demo.trellis").await;
    assert_eq!(
        json(alice.call("requests/list", &[]).await).await,
        Value::Array(vec![])
    );
    assert_eq!(order(&rory, "no_such_item", &[]).await.status(), 404);
}

#[tokio::test]
async fn a_requester_sees_only_their_own_requests_and_never_work_notes() {
    let sam = spawn_as("sam@demo.trellis").await;
    let theirs = json(
        order(
            &sam,
            "password_reset",
            &[
                ("account", "VPN"),
                ("how_should_we_reach_you", "Desk phone 4411"),
            ],
        )
        .await,
    )
    .await;
    let theirs = theirs.as_str().unwrap();
    // No approval: straight to fulfilment.
    assert_eq!(request(&sam, theirs).await["state"], "Fulfilment");
    let rory = as_user(&sam, "rory@demo.trellis").await;
    assert_eq!(
        rory.call("requests/get", &[("number", theirs)])
            .await
            .status(),
        404
    );
    assert_eq!(
        rory.call("requests/comment", &[("number", theirs), ("text", "hi")])
            .await
            .status(),
        404
    );
    assert_eq!(rory.call("requests/list", &[]).await.status(), 403);

    let own = json(
        order(
            &rory,
            "password_reset",
            &[("account", "Email"), ("how_should_we_reach_you", "Mobile")],
        )
        .await,
    )
    .await;
    let own = own.as_str().unwrap();
    let note = sam
        .call(
            "requests/comment",
            &[
                ("number", own),
                ("text", "Caller verified by callback."),
                ("internal", "true"),
            ],
        )
        .await;
    assert!(note.status().is_success());
    let comment = sam
        .call(
            "requests/comment",
            &[
                ("number", own),
                ("text", "Your new password is on its way."),
            ],
        )
        .await;
    assert!(comment.status().is_success());
    let internal = rory
        .call(
            "requests/comment",
            &[("number", own), ("text", "sneaky"), ("internal", "true")],
        )
        .await;
    assert_eq!(internal.status(), 403);
    let texts = |r: &Value| -> Vec<String> {
        r["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let as_rory = texts(&request(&rory, own).await);
    assert!(
        as_rory.contains(&"Your new password is on its way.".to_owned()),
        "{as_rory:?}"
    );
    assert!(
        !as_rory.iter().any(|t| t.contains("Caller verified")),
        "{as_rory:?}"
    );
    assert!(texts(&request(&sam, own).await)
        .iter()
        .any(|t| t.contains("Caller verified")));

    // The requester cancels their own, saying why; its open task is cancelled with it.
    let v = version(&request(&rory, own).await);
    let no_reason = rory
        .call("requests/cancel", &[("number", own), ("version", &v)])
        .await;
    assert_eq!(
        error_of(no_reason, "reason").await,
        "Say why it is cancelled."
    );
    let cancelled = rory
        .call(
            "requests/cancel",
            &[
                ("number", own),
                ("version", &v),
                ("reason", "I remembered it."),
            ],
        )
        .await;
    assert!(cancelled.status().is_success());
    let after = request(&rory, own).await;
    assert_eq!(after["state"], "Cancelled");
    assert_eq!(task_states(&after), ["Cancelled"]);
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_ends_the_request() {
    let rory = spawn_as("rory@demo.trellis").await;
    let number = json(
        order(
            &rory,
            "vpn_access",
            &[
                ("reason", "Work from home"),
                ("i_accept_the_remote_access_policy", "on"),
            ],
        )
        .await,
    )
    .await;
    let number = number.as_str().unwrap();
    let olga = as_user(&rory, "olga@demo.trellis").await;
    let v = version(&request(&olga, number).await);
    let bare = olga
        .call(
            "requests/decide",
            &[("number", number), ("version", &v), ("decision", "reject")],
        )
        .await;
    assert_eq!(
        error_of(bare, "note").await,
        "Say why it is rejected; the requester reads this."
    );
    let rejected = olga
        .call(
            "requests/decide",
            &[
                ("number", number),
                ("version", &v),
                ("decision", "reject"),
                ("note", "Use the VDI instead."),
            ],
        )
        .await;
    assert!(rejected.status().is_success());
    let after = request(&rory, number).await;
    assert_eq!(after["state"], "Rejected");
    assert_eq!(after["decision_note"], "Use the VDI instead.");
    assert_eq!(task_states(&after), ["Cancelled", "Cancelled"]);
    let v = version(&after);
    let late = rory
        .call(
            "requests/cancel",
            &[("number", number), ("version", &v), ("reason", "x")],
        )
        .await;
    assert!(error_of(late, "to")
        .await
        .contains("it can become none: it is final"));
}
