//! Problems reported from the self-service portal become incidents their reporter follows.

use crate::changes::as_user;
use crate::helpers::spawn_as;
use crate::monitoring::json;

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
