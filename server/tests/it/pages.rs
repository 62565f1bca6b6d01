//! Every page renders completely, and in a way the browser can take over.

use crate::helpers::*;

/// The data a server-rendered page hands to the browser, one entry per resource.
fn resources(html: &str) -> Vec<&str> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|entry| entry.split_once("] = \"")?.1.split("\";").next())
        .collect()
}

/// A resource made inside a Suspense's children is made again each time the Suspense
/// re-renders: the page then ships the same data twice, now and then never finishes
/// on the server, and the browser cannot hydrate it. Each page must send its data once.
#[tokio::test]
async fn every_page_finishes_and_sends_each_piece_of_data_once() {
    let app = spawn_app().await;
    for page in every_page() {
        if page == "/login" || page.starts_with("/wallboard/") {
            continue;
        }
        let response = app.get(&page).await;
        let status = response.status();
        let html = response.text().await.unwrap();
        assert!(!status.is_server_error(), "{page}: {status}");
        let sent = resources(&html);
        for (i, data) in sent.iter().enumerate() {
            let twice = data.len() > 40 && sent[i + 1..].contains(data);
            assert!(!twice, "{page} sends the same data twice: {data:.120}");
        }
    }
}
