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

fn version(request: &Value) -> String {
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

#[tokio::test]
async fn a_problem_reported_in_the_portal_is_an_incident_its_reporter_follows() {
    let rory = spawn_as("rory@demo.trellis").await;
    let number = json(
        rory.call(
            "requests/report",
            &[
                ("input[title]", "The website shows an error"),
                ("input[category]", "Software"),
                ("input[service]", "Website Hosting"),
                ("input[urgency]", "1"),
                ("input[description]", "Since 9:00, every page says 502."),
            ],
        )
        .await,
    )
    .await;
    let number = number.as_str().unwrap();
    assert!(number.starts_with("INC"));
    let mine = json(rory.call("requests/mine", &[]).await).await;
    assert_eq!(mine[0]["number"], number);
    assert_eq!(mine[0]["state"], "New");
    // Requesters cannot open incidents, only their own, as the portal shows it.
    assert_eq!(
        mine[0]["href"],
        format!("/portal/incidents/{number}").as_str()
    );
    assert_eq!(
        rory.call("incidents/get", &[("number", number)])
            .await
            .status(),
        403
    );
    let sam = as_user(&rory, "sam@demo.trellis").await;
    let incident = json(sam.call("incidents/get", &[("number", number)]).await).await;
    assert_eq!(incident["caller"], "Rory Requester");
    assert_eq!(incident["priority"], 3);
    assert_eq!(incident["services"][0]["name"], "Website Hosting");
    for (text, internal) in [
        ("Rebooting the proxy.", "false"),
        ("Proxy pool is exhausted.", "true"),
    ] {
        let noted = sam
            .call(
                "incidents/note",
                &[("number", number), ("text", text), ("internal", internal)],
            )
            .await;
        assert_eq!(noted.status(), 200);
    }
    let commented = rory
        .call(
            "requests/comment-incident",
            &[("number", number), ("text", "Still 502 at 10:15.")],
        )
        .await;
    assert_eq!(commented.status(), 200);
    let seen = json(
        rory.call("requests/my-incident", &[("number", number)])
            .await,
    )
    .await;
    let texts: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Since 9:00, every page says 502.",
            "Rebooting the proxy.",
            "Still 502 at 10:15."
        ]
    );
    let theirs = json(sam.call("incidents/get", &[("number", number)]).await).await;
    assert!(theirs["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "Still 502 at 10:15." && e["by"] == "Rory Requester"));
    // Nobody else sees it through the portal.
    let vic = as_user(&rory, "vic@demo.trellis").await;
    assert_eq!(
        vic.call("requests/my-incident", &[("number", number)])
            .await
            .status(),
        404
    );
    assert_eq!(
        vic.call(
            "requests/comment-incident",
            &[("number", number), ("text", "x")]
        )
        .await
        .status(),
        404
    );
    let unknown = rory
        .call(
            "requests/report",
            &[
                ("input[title]", "x"),
                ("input[category]", "Software"),
                ("input[service]", "Nope"),
                ("input[urgency]", "2"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 422);
}

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
