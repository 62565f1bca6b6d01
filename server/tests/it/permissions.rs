//! Every server function and every page declares who may use it. A new one that is
//! missing from these tables fails here, before it can ship unguarded.

use crate::calls::call;
use crate::helpers::{every_page, spawn_as, spawn_with};
use leptos::server_fn::axum::server_fn_paths;
use server::routes::Access;
use server::Config;

/// Server functions anyone may call.
const PUBLIC: &[&str] = &[
    "/api/auth/login",
    "/api/auth/me",
    "/api/auth/logout",
    "/api/notifications/inbox",
];

/// Server functions any signed-in user may call, whatever their roles.
const SIGNED_IN: &[&str] = &[
    "/api/auth/sessions",
    "/api/auth/end-session",
    "/api/notifications/read",
    "/api/kb/list",
    "/api/kb/categories",
    "/api/kb/get",
    "/api/kb/vote",
    // Self-service: every role orders, follows its own requests and reports problems.
    "/api/requests/catalog",
    "/api/requests/item",
    "/api/requests/order",
    "/api/requests/mine",
    "/api/requests/get",
    "/api/requests/decide",
    "/api/requests/cancel",
    "/api/requests/comment",
    "/api/requests/report",
    "/api/requests/services",
    "/api/requests/my-incident",
    "/api/requests/comment-incident",
];

/// Each guarded server function, and a demo user whose role must be refused.
const GUARDED: &[(&str, &str)] = &[
    ("/api/cmdb/classes", "rory@demo.trellis"),
    ("/api/cmdb/list", "rory@demo.trellis"),
    ("/api/cmdb/get", "rory@demo.trellis"),
    ("/api/cmdb/create", "vic@demo.trellis"),
    ("/api/cmdb/update", "vic@demo.trellis"),
    ("/api/cmdb/relation-types", "rory@demo.trellis"),
    ("/api/cmdb/class-defs", "rory@demo.trellis"),
    ("/api/cmdb/groups", "rory@demo.trellis"),
    ("/api/cmdb/save-group", "vic@demo.trellis"),
    ("/api/cmdb/delete-group", "vic@demo.trellis"),
    ("/api/cmdb/add-relation-type", "asha@demo.trellis"),
    ("/api/cmdb/save-class", "asha@demo.trellis"),
    ("/api/cmdb/add-attribute", "asha@demo.trellis"),
    ("/api/cmdb/remove-attribute", "asha@demo.trellis"),
    ("/api/import/check", "vic@demo.trellis"),
    ("/api/import/start", "vic@demo.trellis"),
    ("/api/import/progress", "vic@demo.trellis"),
    ("/api/cmdb/bulk-status", "vic@demo.trellis"),
    ("/api/cmdb/bulk-delete", "vic@demo.trellis"),
    ("/api/cmdb/search", "rory@demo.trellis"),
    ("/api/cmdb/impact", "rory@demo.trellis"),
    ("/api/cmdb/needs", "rory@demo.trellis"),
    ("/api/cmdb/map", "rory@demo.trellis"),
    ("/api/cmdb/services", "rory@demo.trellis"),
    ("/api/cmdb/relate", "vic@demo.trellis"),
    ("/api/cmdb/unrelate", "vic@demo.trellis"),
    ("/api/cmdb/delete", "vic@demo.trellis"),
    ("/api/audit/history", "rory@demo.trellis"),
    ("/api/audit/log", "conor@demo.trellis"),
    ("/api/people/list", "conor@demo.trellis"),
    ("/api/people/owners", "rory@demo.trellis"),
    ("/api/people/get", "conor@demo.trellis"),
    ("/api/people/create", "conor@demo.trellis"),
    ("/api/people/update", "conor@demo.trellis"),
    ("/api/people/teams", "conor@demo.trellis"),
    ("/api/people/create-team", "conor@demo.trellis"),
    ("/api/auth/end-user-sessions", "conor@demo.trellis"),
    ("/api/live/presence", "rory@demo.trellis"),
    ("/api/monitoring/overview", "rory@demo.trellis"),
    ("/api/monitoring/ci", "rory@demo.trellis"),
    ("/api/monitoring/add-check", "vic@demo.trellis"),
    ("/api/monitoring/delete-check", "vic@demo.trellis"),
    ("/api/monitoring/events", "rory@demo.trellis"),
    ("/api/monitoring/acknowledge", "vic@demo.trellis"),
    ("/api/monitoring/triage", "rory@demo.trellis"),
    ("/api/monitoring/map-alert", "vic@demo.trellis"),
    ("/api/monitoring/integrations", "vic@demo.trellis"),
    ("/api/monitoring/create-integration", "vic@demo.trellis"),
    ("/api/monitoring/boards", "rory@demo.trellis"),
    ("/api/monitoring/create-board", "vic@demo.trellis"),
    ("/api/monitoring/board-token", "vic@demo.trellis"),
    ("/api/monitoring/revoke-board-token", "vic@demo.trellis"),
    ("/api/monitoring/wallboard", "rory@demo.trellis"),
    ("/api/monitoring/windows", "rory@demo.trellis"),
    ("/api/monitoring/schedule-window", "vic@demo.trellis"),
    ("/api/monitoring/remove-window", "vic@demo.trellis"),
    ("/api/assets/list", "rory@demo.trellis"),
    ("/api/assets/get", "rory@demo.trellis"),
    ("/api/assets/create", "vic@demo.trellis"),
    ("/api/assets/update", "vic@demo.trellis"),
    ("/api/assets/move", "vic@demo.trellis"),
    ("/api/assets/retire-impact", "rory@demo.trellis"),
    ("/api/assets/people", "vic@demo.trellis"),
    ("/api/assets/check-out", "vic@demo.trellis"),
    ("/api/assets/check-in", "vic@demo.trellis"),
    ("/api/assets/costs", "rory@demo.trellis"),
    ("/api/assets/suppliers", "rory@demo.trellis"),
    ("/api/assets/save-supplier", "vic@demo.trellis"),
    ("/api/assets/save-contract", "vic@demo.trellis"),
    ("/api/assets/expiring", "rory@demo.trellis"),
    ("/api/incidents/list", "rory@demo.trellis"),
    ("/api/incidents/get", "rory@demo.trellis"),
    ("/api/incidents/assignable", "rory@demo.trellis"),
    ("/api/incidents/open", "vic@demo.trellis"),
    ("/api/incidents/move", "vic@demo.trellis"),
    ("/api/incidents/assign", "vic@demo.trellis"),
    ("/api/incidents/note", "vic@demo.trellis"),
    ("/api/incidents/review", "vic@demo.trellis"),
    ("/api/incidents/watch", "rory@demo.trellis"),
    ("/api/problems/list", "rory@demo.trellis"),
    ("/api/problems/get", "rory@demo.trellis"),
    ("/api/problems/known-errors", "rory@demo.trellis"),
    ("/api/problems/suggest", "rory@demo.trellis"),
    ("/api/problems/open", "sam@demo.trellis"),
    ("/api/problems/analyse", "sam@demo.trellis"),
    ("/api/problems/move", "sam@demo.trellis"),
    ("/api/problems/assign", "sam@demo.trellis"),
    ("/api/problems/link", "sam@demo.trellis"),
    ("/api/kb/create", "rory@demo.trellis"),
    ("/api/kb/update", "rory@demo.trellis"),
    ("/api/kb/move", "rory@demo.trellis"),
    ("/api/kb/preview", "rory@demo.trellis"),
    ("/api/changes/list", "rory@demo.trellis"),
    ("/api/changes/get", "rory@demo.trellis"),
    ("/api/changes/calendar", "rory@demo.trellis"),
    ("/api/changes/templates", "rory@demo.trellis"),
    ("/api/changes/freezes", "rory@demo.trellis"),
    ("/api/changes/open", "vic@demo.trellis"),
    ("/api/changes/plan", "vic@demo.trellis"),
    ("/api/changes/move", "vic@demo.trellis"),
    ("/api/changes/vote", "chris@demo.trellis"),
    ("/api/changes/add-freeze", "cara@demo.trellis"),
    ("/api/changes/remove-freeze", "cara@demo.trellis"),
    ("/api/incidents/escalate", "vic@demo.trellis"),
    ("/api/problems/watch", "rory@demo.trellis"),
    ("/api/changes/watch", "rory@demo.trellis"),
    ("/api/requests/catalog-all", "sam@demo.trellis"),
    ("/api/requests/save-item", "sam@demo.trellis"),
    ("/api/requests/list", "rory@demo.trellis"),
    ("/api/requests/finish-task", "vic@demo.trellis"),
    ("/api/slas/list", "rory@demo.trellis"),
    ("/api/slas/save", "vic@demo.trellis"),
    ("/api/slas/incident-clocks", "rory@demo.trellis"),
    ("/api/slas/request-clocks", "rory@demo.trellis"),
    ("/api/requests/item-services", "sam@demo.trellis"),
    ("/api/reports/kpis", "rory@demo.trellis"),
    ("/api/reports/drill", "rory@demo.trellis"),
    ("/api/reports/availability", "rory@demo.trellis"),
    ("/api/improvements/list", "rory@demo.trellis"),
    ("/api/improvements/get", "rory@demo.trellis"),
    ("/api/improvements/save", "vic@demo.trellis"),
    ("/api/improvements/move", "vic@demo.trellis"),
    ("/api/reports/maturity", "rory@demo.trellis"),
];

/// Pages anyone may see.
const PUBLIC_PAGES: &[&str] = &["/login"];

/// Pages that open with a token in the URL instead of a session: without either they
/// answer 401 and show nothing.
const TOKEN_PAGES: &[&str] = &["/wallboard/database"];

fn registered() -> Vec<&'static str> {
    // Building an app registers the server functions.
    let mut paths: Vec<&'static str> = server_fn_paths().map(|(path, _)| path).collect();
    paths.sort_unstable();
    paths
}

#[tokio::test]
async fn every_server_function_declares_its_permission() {
    let _app = spawn_with(Config::for_tests()).await;
    for path in registered() {
        let declared = PUBLIC.contains(&path)
            || SIGNED_IN.contains(&path)
            || GUARDED.iter().any(|(p, _)| *p == path);
        assert!(
            declared,
            "{path} has no declared permission; add it to GUARDED, SIGNED_IN or PUBLIC"
        );
    }
}

#[tokio::test]
async fn every_guarded_server_function_refuses_anonymous_callers() {
    let app = spawn_with(Config::for_tests()).await;
    let guarded = GUARDED.iter().map(|(path, _)| path).chain(SIGNED_IN);
    for path in guarded {
        let endpoint = path.trim_start_matches("/api/");
        let response = call(&app, endpoint).await;
        assert_eq!(response.status(), 401, "{path} as an anonymous caller");
    }
}

#[tokio::test]
async fn every_guarded_server_function_refuses_a_role_without_the_permission() {
    for (path, user) in GUARDED {
        let app = spawn_as(user).await;
        let endpoint = path.trim_start_matches("/api/");
        let response = call(&app, endpoint).await;
        assert_eq!(response.status(), 403, "{path} as {user}");
    }
}

#[tokio::test]
async fn every_page_requires_sign_in() {
    let app = spawn_with(Config::for_tests()).await;
    let pages = every_page();
    assert!(pages.len() > 5, "routes found: {pages:?}");
    for page in pages.iter().filter(|p| !PUBLIC_PAGES.contains(&p.as_str())) {
        let response = app.get(page).await;
        if TOKEN_PAGES.contains(&page.as_str()) {
            assert_eq!(response.status(), 401, "{page} without a token");
            let body = response.text().await.unwrap();
            assert!(!body.contains("Website Hosting"), "{page} shows nothing");
        } else {
            assert_eq!(response.status(), 303, "{page} without signing in");
        }
    }
    for page in PUBLIC_PAGES {
        assert_eq!(app.get(page).await.status(), 200, "{page}");
    }
}

/// Routes outside Leptos can only be added through `server::routes::all`, which makes
/// each declare its access; this proves each enforces it.
#[tokio::test]
async fn every_plain_route_enforces_its_declared_access() {
    let anonymous = spawn_with(Config::for_tests()).await;
    // The Requester role may do nothing beyond self-service.
    let requester = spawn_as("rory@demo.trellis").await;
    let routes = server::routes::all();
    assert!(routes.len() >= 3);
    for route in routes {
        let status = anonymous.get(route.path).await.status();
        match route.access {
            Access::Public => assert!(status.is_success(), "{} is public: {status}", route.path),
            Access::SignedIn | Access::Allowed(_) | Access::Board => {
                assert_eq!(status, 401, "{} without signing in", route.path)
            }
            Access::IntegrationToken => {
                let status = anonymous
                    .client
                    .post(format!("{}{}", anonymous.base, route.path))
                    .body("{}")
                    .send()
                    .await
                    .unwrap()
                    .status();
                assert_eq!(status, 401, "{} without a token", route.path)
            }
        }
        if let Access::Allowed(_) | Access::Board = route.access {
            let status = requester.get(route.path).await.status();
            assert_eq!(status, 403, "{} as a requester", route.path);
        }
    }
}
