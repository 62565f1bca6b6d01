//! The monitoring part of a CI's page: its checks with their latency over the last day,
//! a form to add one, and the CI's latest events.

use crate::auth::{Action, Can};
use crate::error::AppError;
use crate::live::Live;
use crate::monitoring::api::{monitoring_of_ci, AddCheck, DeleteCheck};
use crate::monitoring::domain::{CheckView, CiMonitoring, ResultPoint};
use crate::monitoring::health::Health;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextField};
use leptos::prelude::*;

/// How often the panel reloads by itself, in seconds.
const REFRESH_S: u64 = 5;

/// The panel's data and actions. Made by the page itself, outside its suspense, so the
/// server-rendered panel hydrates.
#[derive(Clone, Copy)]
pub struct CiMonitoringState {
    data: Resource<Result<CiMonitoring, AppError>>,
    add: ServerAction<AddCheck>,
    delete: ServerAction<DeleteCheck>,
}

impl CiMonitoringState {
    pub fn new(ci: Memo<String>) -> Self {
        let events = expect_context::<Live>().of("monitor_event");
        let add = ServerAction::<AddCheck>::new();
        let delete = ServerAction::<DeleteCheck>::new();
        // Results arrive with every run, but only state changes are pushed: reload now
        // and then for the latest result and chart.
        let refresh = RwSignal::new(0u32);
        Effect::new(move |_| {
            let handle = set_interval_with_handle(
                move || refresh.update(|n| *n += 1),
                std::time::Duration::from_secs(REFRESH_S),
            );
            on_cleanup(move || {
                if let Ok(handle) = handle {
                    handle.clear();
                }
            });
        });
        let data = Resource::new(
            move || {
                let changed = (events.get(), add.version().get(), delete.version().get());
                (ci.get(), changed, refresh.get())
            },
            |(ci, _, _)| monitoring_of_ci(ci),
        );
        CiMonitoringState { data, add, delete }
    }
}

#[component]
pub fn CiChecks(#[prop(into)] ci: String, state: CiMonitoringState) -> impl IntoView {
    let CiMonitoringState { data, add, delete } = state;
    view! {
        <section class="panel" aria-labelledby="ci-monitoring">
            <h2 id="ci-monitoring">"Monitoring"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) => {
                            let empty = m.checks.is_empty();
                            view! {
                                <div class="table-wrap">
                                    <table class="data" aria-label="Checks">
                                        <thead><tr>
                                            <th scope="col">"Status"</th><th scope="col">"Check"</th><th scope="col">"Target"</th>
                                            <th scope="col">"Last result"</th><th scope="col">"Latency, last 24 h"</th>
                                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                        </tr></thead>
                                        <tbody>
                                            {m.checks.into_iter().zip(m.results).map(|(check, points)| view! {
                                                <CheckRow check points delete/>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    {empty.then(|| view! { <p class="empty">"No checks on this CI yet."</p> })}
                                </div>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
            <Can action=Action::MonitoringManage>
                <CheckForm ci=ci.clone() add/>
            </Can>
        </section>
    }
}

#[component]
fn CheckRow(
    check: CheckView,
    points: Vec<ResultPoint>,
    delete: ServerAction<DeleteCheck>,
) -> impl IntoView {
    let label = format!("Remove check {}", check.name);
    let last = match (&check.checked_at, check.latency_ms) {
        (Some(at), Some(ms)) => format!("{} · {ms} ms · {at}", check.message),
        (Some(at), None) => format!("{} · {at}", check.message),
        _ => "not run yet".to_owned(),
    };
    let CheckView {
        id,
        name,
        kind,
        target,
        interval_s,
        health,
        since,
        ..
    } = check;
    let about = format!("{}, every {interval_s} s, since {since}", kind.label());
    view! {
        <tr data-check=name.clone()>
            <td><StatusBadge tone=health.tone() label=health.label()/></td>
            <td>{name.clone()}<div class="muted">{about}</div></td>
            <td><code>{target}</code></td>
            <td>{last}</td>
            <td><LatencyChart name=name.clone() points/></td>
            <td>
                <Can action=Action::MonitoringManage>
                    {
                        let (id, label) = (id.clone(), label.clone());
                        view! {
                            <ActionForm action=delete attr:class="inline">
                                <input type="hidden" name="id" value=id/>
                                <button type="submit" class="btn btn-icon" aria-label=label>"×"</button>
                            </ActionForm>
                        }
                    }
                </Can>
            </td>
        </tr>
    }
}

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 40.0;

/// Latency as a line, with failed runs as red ticks along the bottom; the figures are
/// also in the title and description for screen readers.
#[component]
fn LatencyChart(name: String, points: Vec<ResultPoint>) -> impl IntoView {
    if points.is_empty() {
        return view! { <span class="muted">"no results yet"</span> }.into_any();
    }
    let first = points.first().map_or(0, |p| p.at);
    let last = points.last().map_or(0, |p| p.at).max(first + 1);
    let most = points
        .iter()
        .filter_map(|p| p.latency_ms)
        .max()
        .unwrap_or(1)
        .max(1);
    let x = |at: i64| (at - first) as f64 / (last - first) as f64 * WIDTH;
    let y = |ms: u32| HEIGHT - 2.0 - f64::from(ms) / f64::from(most) * (HEIGHT - 6.0);
    let line: Vec<String> = points
        .iter()
        .filter_map(|p| {
            p.latency_ms
                .map(|ms| format!("{:.1},{:.1}", x(p.at), y(ms)))
        })
        .collect();
    let failures: Vec<f64> = points
        .iter()
        .filter(|p| p.health == Health::Critical)
        .map(|p| x(p.at))
        .collect();
    let answered: Vec<u32> = points.iter().filter_map(|p| p.latency_ms).collect();
    let mean = answered.iter().map(|m| u64::from(*m)).sum::<u64>() / answered.len().max(1) as u64;
    let summary = format!(
        "{name}: {} runs, mean {mean} ms, slowest {most} ms, {} failed",
        points.len(),
        failures.len()
    );
    view! {
        <svg class="latency" role="img" width=WIDTH height=HEIGHT viewBox=format!("0 0 {WIDTH} {HEIGHT}")>
            <title>{summary.clone()}</title>
            <polyline points=line.join(" ") fill="none" stroke="currentColor" stroke-width="1.5"/>
            {failures.into_iter().map(|fx| view! {
                <line class="failed" x1=fx x2=fx y1=HEIGHT - 6.0 y2=HEIGHT stroke-width="2"/>
            }).collect_view()}
        </svg>
        <span class="visually-hidden">{summary}</span>
    }
    .into_any()
}

#[component]
fn CheckForm(ci: String, add: ServerAction<AddCheck>) -> impl IntoView {
    let errors = field_errors(add.value().into());
    let problem = form_error(add.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <details class="add-check">
            <summary>"Add a check"</summary>
            <ActionForm action=add>
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="ci" value=ci/>
                <div class="form-grid">
                    <TextField id="check-name" name="input[name]" label="Name" required=true error=error("name")/>
                    <SelectField id="check-kind" name="input[kind]" label="Kind" error=error("kind")
                        options=vec![("http".into(), "HTTP(S)".into()), ("tcp".into(), "TCP connect".into())]/>
                    <TextField id="check-target" name="input[target]" label="URL, or host:port for TCP" required=true error=error("target")/>
                    <TextField id="check-status" name="input[expected_status]" label="Expected HTTP status (empty: any 2xx/3xx)" error=error("expected_status")/>
                    <TextField id="check-body" name="input[body_contains]" label="Answer must contain (optional)" error=error("body_contains")/>
                    <TextField id="check-warning" name="input[warning_ms]" label="Warning above (ms)" value="1000" error=error("warning_ms")/>
                    <TextField id="check-critical" name="input[critical_ms]" label="Critical above (ms)" value="3000" error=error("critical_ms")/>
                    <TextField id="check-interval" name="input[interval_s]" label="Every (seconds)" value="60" error=error("interval_s")/>
                    <TextField id="check-timeout" name="input[timeout_ms]" label="Timeout (ms)" value="5000" error=error("timeout_ms")/>
                    <TextField id="check-retries" name="input[retries]" label="Retries before a change" value="2" error=error("retries")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Add check"</button></div>
            </ActionForm>
        </details>
    }
}
