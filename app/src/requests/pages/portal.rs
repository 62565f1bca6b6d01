//! The self-service portal: search the knowledge base, order from the catalog, report a
//! problem, and follow what one asked for, live.

use super::TaskProgress;
use crate::live::Live;
use crate::requests::api::{catalog, my_requests, portal_services, ReportProblem};
use crate::requests::report::URGENCIES;
use crate::requests::views::{CatalogItem, MyTicket};
use crate::tickets::incident::CATEGORIES;
use crate::ui::{
    field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextArea, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};

#[component]
pub fn PortalPage() -> impl IntoView {
    let report = ServerAction::<ReportProblem>::new();
    let me = expect_context::<crate::auth::Me>();
    let greeting = move || {
        Suspend::new(async move {
            match me.0.await {
                Ok(Some(user)) => format!("Hello, {}", user.display_name),
                _ => "Service portal".to_owned(),
            }
        })
    };
    view! {
        <Title text="Service portal"/>
        <div class="page-header">
            <h1><Transition fallback=|| "Service portal">{greeting}</Transition></h1>
        </div>
        <section class="panel portal-search" aria-labelledby="portal-search">
            <h2 id="portal-search">"Find an answer"</h2>
            <Form method="GET" action="/kb" attr:class="filters" attr:aria-label="Search the knowledge base">
                <div class="field grow">
                    <label for="portal-q">"Search the knowledge base"</label>
                    <input id="portal-q" type="search" name="q" placeholder="e.g. VPN, printer, password"/>
                </div>
                <button type="submit" class="btn">"Search"</button>
            </Form>
        </section>
        <div class="two-col">
            <Catalog/>
            <ReportPanel report/>
        </div>
        <MyRequests report/>
    }
}

#[component]
fn Catalog() -> impl IntoView {
    let items = expect_context::<Live>().of("catalog_item");
    let found = Resource::new(move || items.get(), |_| catalog());
    view! {
        <section class="panel" aria-labelledby="portal-catalog">
            <h2 id="portal-catalog">"Order something"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">"The catalog is empty."</p> }.into_any(),
                        Ok(items) => view! { <ul class="catalog" aria-label="Catalog">{items.into_iter().map(tile).collect_view()}</ul> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn tile(item: CatalogItem) -> impl IntoView {
    let approval = match item.approval {
        crate::requests::domain::Approver::Nobody => "No approval needed".to_owned(),
        crate::requests::domain::Approver::Manager => "Approved by your manager".to_owned(),
        approver => format!("Approved by {}", approver.label().to_lowercase()),
    };
    view! {
        <li>
            <A href=format!("/portal/order/{}", item.key)>{item.name}</A>
            <span class="muted">{format!(" · {}", item.category)}</span>
            <p>{item.description}</p>
            <p class="muted small">{approval}</p>
        </li>
    }
}

#[component]
fn ReportPanel(report: ServerAction<ReportProblem>) -> impl IntoView {
    let errors = field_errors(report.value().into());
    let problem = form_error(report.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let services = Resource::new(|| (), |_| portal_services());
    let categories: Vec<(String, String)> = CATEGORIES
        .iter()
        .map(|c| ((*c).to_owned(), (*c).to_owned()))
        .collect();
    let urgencies: Vec<(String, String)> = URGENCIES
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect();
    let reported = move || report.value().get().and_then(Result::ok);
    // A report made is cleared from the form, so a second one starts afresh.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (report.value().get(), form.get()) {
            form.reset();
        }
    });
    view! {
        <section class="panel" aria-labelledby="portal-report">
            <h2 id="portal-report">"Report a problem"</h2>
            {move || reported().map(|number| view! {
                <p class="alert tone-ok" role="status">
                    <span aria-hidden="true">"✔ "</span>
                    {format!("Thank you. {number} is logged; the service desk will get back to you. It is listed under My requests below.")}
                </p>
            })}
            <ActionForm action=report node_ref=form attr:aria-label="Report a problem">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="report-title" name="input[title]" label="What is wrong?" required=true max_length=160 error=error("title")/>
                    <SelectField id="report-category" name="input[category]" label="What kind of problem?" options=categories.clone() placeholder="Choose…" error=error("category")/>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let names = services.await.unwrap_or_default();
                            let options: Vec<(String, String)> = names.into_iter().map(|n| (n.clone(), n)).collect();
                            view! { <SelectField id="report-service" name="input[service]" label="Which service?" options placeholder="I don't know" error=error("cis")/> }
                        })}
                    </Suspense>
                    <SelectField id="report-urgency" name="input[urgency]" label="How badly does it hurt?" options=urgencies.clone() placeholder="Choose…" error=error("urgency")/>
                    <TextArea id="report-description" name="input[description]" label="Details: what you did, what you saw" max_length=10000 error=error("description")/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || report.pending().get()>"Report problem"</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Requests update live; reported incidents as this page reports one (their later moves
/// reach only those who read incidents, so they show on the next visit).
#[component]
fn MyRequests(report: ServerAction<ReportProblem>) -> impl IntoView {
    let live = expect_context::<Live>();
    let (requests, tasks, incidents) = (
        live.of("service_request"),
        live.of("request_task"),
        live.of("incident"),
    );
    let found = Resource::new(
        move || {
            (
                requests.get(),
                tasks.get(),
                incidents.get(),
                report.version().get(),
            )
        },
        |_| my_requests(),
    );
    view! {
        <section class="panel" aria-labelledby="portal-mine">
            <h2 id="portal-mine">"My requests"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">"Nothing yet: what you order or report shows here, and updates as it moves."</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="My requests">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"What"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Progress"</th>
                                            <th scope="col">"Opened"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows.into_iter().map(my_row).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn my_row(row: MyTicket) -> impl IntoView {
    let shown = row.number.clone();
    let number = match row.href {
        Some(href) => view! { <A href=href>{shown}</A> }.into_any(),
        None => view! { <span>{shown}</span> }.into_any(),
    };
    view! {
        <tr data-number=row.number>
            <td>{number}</td>
            <td>{row.title}</td>
            <td><StatusBadge tone=row.tone label=row.state/></td>
            <td><TaskProgress done=row.tasks_done total=row.tasks/></td>
            <td>{row.opened_at}</td>
        </tr>
    }
}
