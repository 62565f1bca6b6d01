//! Calling any server function with arguments it accepts, for the permission tests.

/// Server functions that take JSON instead of a form.
const JSON_INPUT: &[&str] = &["import/check", "import/start"];

/// Calls a server function with arguments it accepts, in the encoding it takes.
pub(crate) async fn call(app: &crate::helpers::TestApp, endpoint: &str) -> reqwest::Response {
    if JSON_INPUT.contains(&endpoint) {
        let body = serde_json::json!({ "format": "netbox", "files": [] });
        app.call_json(endpoint, &body).await
    } else {
        app.call(endpoint, &full_args(endpoint)).await
    }
}

fn full_args(endpoint: &str) -> Vec<(&'static str, &'static str)> {
    let ci = crate::helpers::ci_form(&[]);
    match endpoint {
        "cmdb/list" => vec![("query[page]", "1")],
        "cmdb/class-defs" => vec![("counted", "false")],
        "cmdb/get" | "people/get" => vec![("id", "database")],
        "audit/history" => vec![("table", "ci"), ("id", "database")],
        "slas/incident-clocks" => vec![("number", "INC0000001")],
        "slas/request-clocks" => vec![("number", "REQ0000001")],
        "reports/drill" => vec![("kpi", "mttr")],
        "improvements/get" => vec![("number", "CSI0000001")],
        "improvements/save" => vec![("input[title]", "Faster")],
        "improvements/move" => vec![
            ("number", "CSI0000001"),
            ("version", "1"),
            ("to", "measure"),
        ],
        "slas/save" => vec![("version", "0"), ("input[service]", "network_security")],
        "cmdb/search" => vec![("text", "data")],
        "cmdb/impact" => vec![
            ("failed", "database"),
            ("page", "1"),
            ("services_page", "1"),
        ],
        "cmdb/needs" => vec![("id", "database"), ("page", "1")],
        "cmdb/map" => vec![("id", "database"), ("failed", "")],
        "cmdb/relate" => vec![
            ("input[ci]", "database"),
            ("input[relation]", "depends_on:out"),
            ("input[other]", "Firewall"),
        ],
        "cmdb/unrelate" => vec![("ci", "database"), ("relation", "x")],
        "cmdb/delete" => vec![("id", "database"), ("version", "1")],
        "cmdb/bulk-status" => vec![("ids", "database"), ("status", "Maintenance")],
        "cmdb/bulk-delete" => vec![("ids", "database")],
        "import/progress" => vec![("job", "x")],
        "cmdb/save-group" => vec![
            ("input[name]", "Pool"),
            ("input[members]", "Web Server, Database"),
        ],
        "cmdb/delete-group" => vec![("id", "x")],
        "cmdb/add-relation-type" => vec![
            ("input[name]", "feeds"),
            ("input[reverse]", "fed by"),
            ("input[propagation]", "none"),
        ],
        "cmdb/save-class" => vec![("input[name]", "Load Balancer")],
        "cmdb/add-attribute" => vec![
            ("class", "server"),
            ("input[label]", "VIP"),
            ("input[kind]", "text"),
        ],
        "cmdb/remove-attribute" => vec![("class", "server"), ("label", "Serial number")],
        "people/create" | "people/update" => vec![
            ("id", "vic"),
            ("version", "1"),
            ("input[email]", "x@example.com"),
            ("input[display_name]", "X"),
            ("input[roles][]", "viewer"),
            ("input[password]", "a long enough password"),
        ],
        "people/create-team" => vec![("input[name]", "Team X")],
        "auth/end-user-sessions" => vec![("user", "vic")],
        "auth/end-session" => vec![("handle", "none")],
        "notifications/read" => vec![("id", "all")],
        "live/presence" => vec![
            ("table", "ci"),
            ("key", "database"),
            ("token", "t"),
            ("here", "true"),
            ("editing", "false"),
        ],
        "monitoring/ci" => vec![("ci", "database")],
        "monitoring/add-check" => vec![
            ("ci", "database"),
            ("input[name]", "Port"),
            ("input[kind]", "tcp"),
            ("input[target]", "127.0.0.1:9"),
        ],
        "monitoring/delete-check" | "monitoring/acknowledge" => vec![("id", "x")],
        "monitoring/map-alert" => vec![("alert", "x"), ("ci", "Database")],
        "monitoring/create-integration" => vec![
            ("name", "Prometheus"),
            ("kind", "alertmanager"),
            ("match_label", "instance"),
        ],
        "monitoring/create-board" => vec![("input[name]", "Ops")],
        "monitoring/windows" => vec![("ci", "database")],
        "monitoring/schedule-window" => vec![
            ("input[ci]", "database"),
            ("input[starts_at]", "2026-12-01T22:00"),
            ("input[ends_at]", "2026-12-02T01:00"),
            ("input[reason]", "Patching"),
        ],
        "monitoring/remove-window" => vec![("id", "x")],
        "assets/get" | "assets/retire-impact" => vec![("id", "a001")],
        "assets/create" => vec![
            ("state", "Ordered"),
            ("input[name]", "Spare"),
            ("input[category]", "Laptop"),
        ],
        "assets/update" => vec![
            ("id", "a001"),
            ("version", "1"),
            ("input[name]", "Spare"),
            ("input[category]", "Laptop"),
        ],
        "assets/move" => vec![("id", "a009"), ("version", "1"), ("to", "In Stock")],
        "assets/check-out" => vec![("id", "a008"), ("version", "1"), ("person", "vic")],
        "assets/check-in" => vec![("id", "a001"), ("version", "1")],
        "assets/save-supplier" => vec![("input[name]", "Acme")],
        "assets/save-contract" => vec![
            ("input[supplier]", "dell"),
            ("input[kind]", "Support"),
            ("input[reference]", "X-1"),
            ("input[starts_on]", "2026-01-01"),
            ("input[ends_on]", "2027-01-01"),
        ],
        "incidents/get" => vec![("number", "INC0000001")],
        "incidents/watch" => vec![("number", "INC0000001"), ("watching", "true")],
        "incidents/open" => vec![
            ("input[title]", "Mail is down"),
            ("input[caller]", "Rory"),
            ("input[category]", "Software"),
            ("input[impact]", "1"),
            ("input[urgency]", "1"),
        ],
        "incidents/move" => vec![
            ("number", "INC0000001"),
            ("version", "1"),
            ("input[to]", "Cancelled"),
        ],
        "incidents/assign" => vec![("number", "INC0000001"), ("version", "1")],
        "incidents/note" => vec![("number", "INC0000001"), ("text", "hello")],
        "incidents/review" => vec![("number", "INC0000001"), ("version", "1"), ("text", "x")],
        "problems/get" => vec![("number", "PRB0000001")],
        "changes/get" => vec![("number", "CHG0000001")],
        "incidents/escalate" => vec![("number", "INC0000001"), ("version", "1")],
        "problems/watch" => vec![("number", "PRB0000001"), ("watching", "true")],
        "changes/watch" => vec![("number", "CHG0000001"), ("watching", "true")],
        "changes/plan" => vec![("number", "CHG0000001"), ("version", "1")],
        "changes/move" => vec![
            ("number", "CHG0000001"),
            ("version", "1"),
            ("to", "Cancelled"),
        ],
        "changes/vote" => vec![("number", "CHG0000001"), ("vote", "Approve")],
        "changes/remove-freeze" => vec![("key", "none")],
        "kb/create" => vec![("input[title]", "How to")],
        "kb/get" => vec![("number", "KB0000001")],
        "kb/vote" => vec![("number", "KB0000001"), ("helpful", "true")],
        "kb/update" => vec![("number", "KB0000001"), ("version", "1")],
        "kb/move" => vec![
            ("number", "KB0000001"),
            ("version", "1"),
            ("to", "Published"),
        ],
        "problems/open" => vec![("input[title]", "Mail keeps failing")],
        "problems/analyse" | "problems/assign" => vec![("number", "PRB0000001"), ("version", "1")],
        "problems/move" => vec![
            ("number", "PRB0000001"),
            ("version", "1"),
            ("input[to]", "Cancelled"),
        ],
        "problems/link" => vec![
            ("number", "PRB0000001"),
            ("version", "1"),
            ("incident", "INC0000001"),
        ],
        "monitoring/board-token" | "monitoring/revoke-board-token" | "monitoring/wallboard" => {
            vec![("key", "ops")]
        }
        "requests/item" => vec![("key", "new_laptop")],
        "requests/order" => vec![("item", "new_laptop")],
        "requests/get" | "requests/comment" => vec![("number", "REQ0000001")],
        "requests/my-incident" | "requests/comment-incident" => vec![("number", "INC0000001")],
        "requests/decide" => vec![
            ("number", "REQ0000001"),
            ("version", "1"),
            ("decision", "approve"),
        ],
        "requests/cancel" => vec![("number", "REQ0000001"), ("version", "1")],
        "requests/finish-task" => vec![("number", "REQ0000001"), ("version", "1"), ("task", "1")],
        "cmdb/create" => ci,
        "cmdb/update" => {
            let mut form = ci;
            form.extend([("id", "database"), ("version", "1")]);
            form
        }
        _ => vec![],
    }
}
