//! Monitoring pages: the overview with the service status board, the event console, and
//! alert integrations with their triage list.

mod boards;
mod ci;
mod maintenance;
mod tiles;

pub use boards::BoardsPage;
pub use ci::{CiChecks, CiMonitoringState};
pub use maintenance::{MaintenanceState, MaintenanceWindows, PlannedOn};
pub use tiles::{ticking, ServiceTiles};

use super::api::{
    list_events, list_integrations, list_triage, monitoring_overview, Acknowledge,
    CreateIntegration, MapAlert,
};
use super::domain::{EventView, IntegrationView, Overview, TriageAlert};
use crate::auth::{Action, Can};
use crate::cmdb::CiPicker;
use crate::error::AppError;
use crate::live::Live;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
fn MonitoringNav() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Monitoring">
            <A href="/monitoring" exact=true>"Overview"</A>
            <A href="/monitoring/events">"Events"</A>
            <A href="/monitoring/boards">"Wallboards"</A>
            <A href="/monitoring/alerts">"Alerts and integrations"</A>
        </nav>
    }
}

#[component]
pub fn MonitoringPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let (events, states) = (live.of("monitor_event"), live.of("service_state"));
    let data = Resource::new(
        move || (events.get(), states.get()),
        |_| monitoring_overview(),
    );
    view! {
        <Title text="Monitoring"/>
        <div class="page-header"><h1>"Monitoring"</h1></div>
        <MonitoringNav/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <OverviewView overview/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let Overview {
        counts,
        problems,
        services,
        events,
        generated_at,
    } = overview;
    let now = ticking(generated_at);
    let no_problems = problems.is_empty();
    view! {
        <ul class="health-counts" aria-label="Checks by status">
            {counts.into_iter().map(|(health, n)| view! {
                <li class=format!("count {}", health.tone().class())>
                    <span class="n">{n}</span>
                    <StatusBadge tone=health.tone() label=health.label()/>
                </li>
            }).collect_view()}
        </ul>
        <h2>"Service status"</h2>
        <ServiceTiles tiles=services now/>
        <h2>"Checks that need attention"</h2>
        <div class="table-wrap">
            <table class="data" aria-label="Checks that need attention">
                <thead><tr><th scope="col">"Status"</th><th scope="col">"CI"</th><th scope="col">"Check"</th><th scope="col">"Since"</th><th scope="col">"Last result"</th></tr></thead>
                <tbody>
                    {problems.into_iter().map(|c| view! {
                        <tr>
                            <td><StatusBadge tone=c.health.tone() label=c.health.label()/></td>
                            <td><A href=format!("/cis/{}", c.ci)>{c.ci_name}</A></td>
                            <td>{c.name}</td>
                            <td>{c.since}</td>
                            <td>{c.message}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {no_problems.then(|| view! { <p class="empty">"Every check is OK."</p> })}
        </div>
        <h2>"Recent events"</h2>
        <EventTable events ack=None/>
    }
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let changed = live.of("monitor_event");
    let ack = ServerAction::<Acknowledge>::new();
    let open_only = RwSignal::new(false);
    let events = Resource::new(
        move || (changed.get(), ack.version().get(), open_only.get()),
        |(_, _, open)| list_events(open),
    );
    view! {
        <Title text="Events"/>
        <div class="page-header"><h1>"Event console"</h1></div>
        <MonitoringNav/>
        <label class="inline-check">
            <input type="checkbox" prop:checked=open_only on:change=move |e| open_only.set(event_target_checked(&e))/>
            " Only problems nobody has acknowledged"
        </label>
        {move || form_error(ack.value().into()).get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(events) => view! { <EventTable events ack=Some(ack)/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventTable(events: Vec<EventView>, ack: Option<ServerAction<Acknowledge>>) -> impl IntoView {
    let empty = events.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Events">
                <thead><tr>
                    <th scope="col">"When"</th><th scope="col">"Status"</th><th scope="col">"Event"</th>
                    <th scope="col">"CI"</th><th scope="col">"Message"</th><th scope="col">"Acknowledged"</th>
                </tr></thead>
                <tbody>
                    {events.into_iter().map(|e| {
                        let notes = [
                            e.suppressed.then_some("suppressed: maintenance"),
                            e.flapping.then_some("flapping"),
                        ];
                        let acknowledged = match (e.acknowledged_by.clone(), e.acknowledged_at.clone()) {
                            (Some(who), Some(at)) => view! { <span>{format!("{who}, {at}")}</span> }.into_any(),
                            _ => match ack {
                                Some(ack) if e.health != super::health::Health::Ok => {
                                    let id = e.id.clone();
                                    let label = format!("Acknowledge {}", e.title);
                                    view! {
                                        <Can action=Action::MonitoringOperate>
                                            {
                                                let (id, label) = (id.clone(), label.clone());
                                                view! {
                                                    <ActionForm action=ack attr:class="inline">
                                                        <input type="hidden" name="id" value=id/>
                                                        <button type="submit" class="btn" aria-label=label>"Acknowledge"</button>
                                                    </ActionForm>
                                                }
                                            }
                                        </Can>
                                    }.into_any()
                                }
                                _ => view! { <span class="muted">"—"</span> }.into_any(),
                            },
                        };
                        view! {
                            <tr class:muted=e.suppressed>
                                <td>{e.at}</td>
                                <td><StatusBadge tone=e.health.tone() label=e.health.label()/></td>
                                <td>{e.title}{notes.into_iter().flatten().map(|n| view! { " " <span class="tag">{n}</span> }).collect_view()}</td>
                                <td>{match (e.ci, e.ci_name) {
                                    (Some(id), Some(name)) => view! { <A href=format!("/cis/{id}")>{name}</A> }.into_any(),
                                    _ => view! { <span class="muted">"unmatched"</span> }.into_any(),
                                }}</td>
                                <td>{e.message}</td>
                                <td>{acknowledged}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No events."</p> })}
        </div>
    }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let alerts = live.of("alert");
    let map = ServerAction::<MapAlert>::new();
    let create = ServerAction::<CreateIntegration>::new();
    let triage = Resource::new(
        move || (alerts.get(), map.version().get()),
        |_| list_triage(),
    );
    // Made here, not in the panel: a resource made inside `Can` is made again on each
    // of its re-renders.
    let integrations = Resource::new(move || create.version().get(), |_| list_integrations());
    view! {
        <Title text="Alerts and integrations"/>
        <div class="page-header"><h1>"Alerts and integrations"</h1></div>
        <MonitoringNav/>
        <h2>"Triage: alerts that name no CI"</h2>
        <p class="muted">"The integration's label named no CI. Map each to its CI by name; remembered mappings apply to later alerts with the same label value."</p>
        {move || form_error(map.value().into()).get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match triage.await {
                    Ok(list) => view! { <TriageTable list map/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <Can action=Action::MonitoringManage>
            <Integrations create list=integrations/>
        </Can>
    }
}

#[component]
fn TriageTable(list: Vec<TriageAlert>, map: ServerAction<MapAlert>) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Alerts in triage">
                <thead><tr><th scope="col">"Alert"</th><th scope="col">"Label value"</th><th scope="col">"State"</th><th scope="col">"Summary"</th><th scope="col">"Map to CI"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|a| {
                        let field = format!("map-{}", a.id);
                        let map_error = Signal::derive(move || field_errors(map.value().into()).get().and_then(|e| e.get("ci").map(str::to_owned)));
                        let alert = a.id.clone();
                        view! {
                            <tr>
                                <td>{a.name}</td>
                                <td><code>{a.target.unwrap_or_default()}</code></td>
                                <td>{if a.firing { "Firing" } else { "Resolved" }}</td>
                                <td>{a.summary}</td>
                                <td>
                                    <Can action=Action::MonitoringOperate>
                                        {
                                            let (alert, field) = (alert.clone(), field.clone());
                                            view! {
                                                <ActionForm action=map attr:class="inline">
                                                    <input type="hidden" name="alert" value=alert/>
                                                    <CiPicker id=field name="ci" label="CI" text=RwSignal::new(String::new()) found=RwSignal::new(Vec::new()) error=map_error/>
                                                    <label><input type="checkbox" name="remember" value="true"/>" remember"</label>
                                                    <button type="submit" class="btn">"Map"</button>
                                                </ActionForm>
                                            }
                                        }
                                    </Can>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"Nothing in triage: every alert names a CI."</p> })}
        </div>
    }
}

#[component]
fn Integrations(
    create: ServerAction<CreateIntegration>,
    list: Resource<Result<Vec<IntegrationView>, AppError>>,
) -> impl IntoView {
    let errors = field_errors(create.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let token = move || match create.value().get() {
        Some(Ok(token)) => Some(token),
        _ => None,
    };
    view! {
        <h2>"Integrations"</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <IntegrationTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        {move || token().map(|token| view! {
            <div class="alert tone-ok" role="status">
                <p>"The integration's token. Copy it now: it is stored only as a hash and never shown again."</p>
                <code class="token">{token}</code>
            </div>
        })}
        <section class="panel" aria-labelledby="integration-form-title">
            <h3 id="integration-form-title">"New integration"</h3>
            <ActionForm action=create>
                <div class="form-grid">
                    <TextField id="integration-name" name="name" label="Name" required=true error=error("name")/>
                    <SelectField id="integration-kind" name="kind" label="Kind" error=error("kind")
                        options=vec![("alertmanager".into(), "Prometheus Alertmanager".into()), ("generic".into(), "Generic JSON events".into())]/>
                    <TextField id="integration-label" name="match_label" label="Label that names the CI" value="instance" required=true error=error("match_label")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Create integration"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn IntegrationTable(list: Vec<IntegrationView>) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Integrations">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"CI label"</th><th scope="col">"Webhook"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|i| {
                        let url = if i.kind == "alertmanager" { "/api/v1/integrations/alertmanager" } else { "/api/v1/integrations/events" };
                        view! { <tr><td>{i.name}</td><td>{i.kind}</td><td><code>{i.match_label}</code></td><td><code>{url}</code></td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No integrations yet."</p> })}
        </div>
    }
}
