//! Trellis: IT service management. Shared domain, pages and server functions.
//! The `ssr` feature adds the server side, `hydrate` the browser side.

#![recursion_limit = "256"]

pub mod assets;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod cmdb;
pub mod error;
pub mod import;
pub mod kb;
pub mod live;
pub mod merge;
pub mod monitoring;
pub mod notify;
mod pages;
pub mod people;
pub mod requests;
pub mod sla;
pub mod status;
pub mod tickets;
mod ui;

#[cfg(feature = "ssr")]
mod http;
#[cfg(feature = "ssr")]
pub mod store;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
                <live::LiveMark/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    http::set_page_security_headers();
    auth::provide_me();
    live::provide_live();
    notify::provide_unread();
    // Lets people and tests tell when the page has become interactive.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/trellis.css"/>
        <Title formatter=page_title/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <TopBar/>
            <main id="main">
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=auth::LoginPage/>
                    <Route path=path!("/account/sessions") view=auth::SessionsPage ssr=SsrMode::Async/>
                    // Async: the whole page arrives at once, complete without JavaScript
                    // and with the right status code.
                    <Route path=path!("/cis") view=cmdb::CiListPage ssr=SsrMode::Async/>
                    <Route path=path!("/cis/import") view=import::ImportPage/>
                    <Route path=path!("/cis/classes") view=cmdb::ClassesPage ssr=SsrMode::Async/>
                    <Route path=path!("/cis/groups") view=cmdb::GroupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cis/:id") view=cmdb::CiDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/cis/:id/edit") view=cmdb::CiEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/impact") view=cmdb::ImpactPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=notify::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets") view=assets::AssetListPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/mine") view=assets::MyAssetsPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/new") view=assets::NewAssetPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/import") view=import::AssetImportPage/>
                    <Route path=path!("/assets/costs") view=assets::AssetCostsPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/suppliers") view=assets::SuppliersPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/suppliers/:id/edit") view=assets::EditSupplierPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/contracts/:id/edit") view=assets::EditContractPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/expiring") view=assets::ExpiringPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/:id") view=assets::AssetDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/assets/:id/edit") view=assets::EditAssetPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=|| view! { <Redirect path="/admin/users"/> }/>
                    <Route path=path!("/admin/users") view=people::PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users/:id") view=people::PersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/teams") view=people::TeamsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=audit::AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/services") view=cmdb::ServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/map/:id") view=cmdb::MapPage ssr=SsrMode::Async/>
                    <Route path=path!("/monitoring") view=monitoring::MonitoringPage ssr=SsrMode::Async/>
                    <Route path=path!("/monitoring/events") view=monitoring::EventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/monitoring/boards") view=monitoring::BoardsPage ssr=SsrMode::Async/>
                    <Route path=path!("/monitoring/alerts") view=monitoring::AlertsPage ssr=SsrMode::Async/>
                    <Route path=path!("/wallboard/:board") view=monitoring::WallboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/incidents") view=tickets::IncidentListPage ssr=SsrMode::Async/>
                    <Route path=path!("/incidents/new") view=tickets::NewIncidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/incidents/:number") view=tickets::IncidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/problems") view=tickets::ProblemListPage ssr=SsrMode::Async/>
                    <Route path=path!("/problems/new") view=tickets::NewProblemPage ssr=SsrMode::Async/>
                    <Route path=path!("/problems/known-errors") view=tickets::KnownErrorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/problems/:number") view=tickets::ProblemPage ssr=SsrMode::Async/>
                    <Route path=path!("/changes") view=changes::ChangeListPage ssr=SsrMode::Async/>
                    <Route path=path!("/changes/new") view=changes::NewChangePage ssr=SsrMode::Async/>
                    <Route path=path!("/changes/calendar") view=changes::ChangeCalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/changes/:number") view=changes::ChangePage ssr=SsrMode::Async/>
                    <Route path=path!("/portal") view=requests::PortalPage ssr=SsrMode::Async/>
                    <Route path=path!("/portal/order/:key") view=requests::OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/portal/incidents/:number") view=requests::MyIncidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests") view=requests::RequestListPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/catalog") view=requests::CatalogAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/catalog/:key") view=requests::CatalogItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:number") view=requests::RequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/kb") view=kb::KnowledgePage ssr=SsrMode::Async/>
                    <Route path=path!("/kb/new") view=kb::NewArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/kb/:number") view=kb::ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/kb/:number/edit") view=kb::ArticleEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=sla::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/availability") view=sla::AvailabilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/slas") view=sla::SlaPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/kpi/:key") view=sla::KpiDrillPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/improvements") view=sla::ImprovementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/improvements/:number") view=sla::ImprovementPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/maturity") view=sla::MaturityPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// The document title. leptos_meta 0.8 writes the server-rendered `<title>` without
/// escaping it, so escape it there; the browser sets `document.title` as plain text.
fn page_title(title: String) -> String {
    let title = format!("{title} · Trellis");
    if cfg!(feature = "ssr") {
        html_escape::encode_text(&title).into_owned()
    } else {
        title
    }
}

/// The start page: the inventory for those who read it, the portal for everyone else.
#[component]
fn Home() -> impl IntoView {
    let me = expect_context::<auth::Me>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let inventory = matches!(me.0.await, Ok(Some(user)) if user.can(auth::Action::CmdbRead));
                view! { <Redirect path=if inventory { "/cis" } else { "/portal" }/> }
            })}
        </Suspense>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let me = expect_context::<auth::Me>();
    // Wallboards are full screen.
    let location = leptos_router::hooks::use_location();
    let hidden = move || location.pathname.get().starts_with("/wallboard/");
    view! {
        <header class="topbar" class:hidden=hidden>
            <A href="/cis" attr:class="brand">
                <img src="/favicon.svg" alt="" width="20" height="20"/>
                "Trellis"
            </A>
            <nav aria-label="Main">
                <ul>
                    <auth::Can action=auth::Action::CmdbRead>
                        <li><A href="/cis">"Inventory"</A></li>
                        <li><A href="/services">"Services"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::AssetRead>
                        <li><A href="/assets">"Assets"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::MonitoringRead>
                        <li><A href="/monitoring">"Monitoring"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::IncidentRead>
                        <li><A href="/incidents">"Incidents"</A></li>
                        <li><A href="/problems">"Problems"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::ChangeRead>
                        <li><A href="/changes">"Changes"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::RequestRead>
                        <li><A href="/requests">"Requests"</A></li>
                    </auth::Can>
                    <li><A href="/portal">"Portal"</A></li>
                    <li><A href="/kb">"Knowledge"</A></li>
                    <auth::Can action=auth::Action::ReportRead>
                        <li><A href="/reports">"Reports"</A></li>
                    </auth::Can>
                    <auth::Can action=auth::Action::UsersManage>
                        <li><A href="/admin/users">"Admin"</A></li>
                    </auth::Can>
                </ul>
            </nav>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    me.0.await.ok().flatten().map(|user| view! { <auth::UserMenu user/> })
                })}
            </Transition>
        </header>
    }
}
