//! The SLAs per business service: their terms at a glance, and (for Service Level
//! Managers) the form to agree a new one or change one. Live.

use super::ReportTabs;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::sla::api::{list_slas, SaveSla};
use crate::sla::report::{ServiceChoice, SlaList, SlaView};
use crate::sla::terms::{format_minutes, Period, PRIORITIES};
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;

fn targets(list: &[Option<i64>]) -> String {
    let shown: Vec<String> = list
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| format!("P{} {}", i + 1, format_minutes(m))))
        .collect();
    if shown.is_empty() {
        "—".into()
    } else {
        shown.join(" · ")
    }
}

#[component]
pub fn SlaPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let slas = live.of("sla");
    let save = ServerAction::<SaveSla>::new();
    // Reloaded when an SLA changes, and once this form saved; not after a refusal, which
    // would clear what was typed.
    let saved = Memo::new(move |_| save.value().with(|v| matches!(v, Some(Ok(())))));
    let list = Resource::new(move || (slas.get(), saved.get()), |_| list_slas());
    // The SLA being changed (its service key), or none for a new one.
    let editing = RwSignal::new(None::<String>);
    // A save that went through closes the form; watched here, once per save, as the form
    // itself is made anew whenever the list reloads.
    Effect::watch(
        move || save.version().get(),
        move |_, _, _| {
            if matches!(save.value().get_untracked(), Some(Ok(()))) {
                editing.set(None);
            }
        },
        false,
    );
    view! {
        <Title text="SLAs"/>
        <div class="page-header"><h1>"Reports"</h1></div>
        <ReportTabs/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <Slas list editing save/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Slas(
    list: SlaList,
    editing: RwSignal<Option<String>>,
    save: ServerAction<SaveSla>,
) -> impl IntoView {
    let empty = list.slas.is_empty();
    let uncovered = list.uncovered.clone();
    let slas = list.slas.clone();
    view! {
        <section class="panel" aria-labelledby="sla-list">
            <h2 id="sla-list">"Service level agreements"</h2>
            <p class="muted small">
                "One SLA per business service. An incident's clocks follow the strictest SLA among the services it affects, in that SLA's business hours and time zone; On Hold does not count."
            </p>
            <div class="table-wrap">
                <table class="data" aria-label="SLAs">
                    <thead>
                        <tr>
                            <th scope="col">"Service"</th>
                            <th scope="col" class="num">"Availability"</th>
                            <th scope="col">"Response"</th>
                            <th scope="col">"Resolution"</th>
                            <th scope="col">"Business hours"</th>
                            <th scope="col" class="num">"At risk from"</th>
                            <th scope="col" class="num">"Credit per breach"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.slas.into_iter().map(|s| {
                            let key = s.terms.service.clone();
                            let t = s.terms;
                            view! {
                                <tr>
                                    <td>{s.service_name.clone()}</td>
                                    <td class="num">{format!("{} % {}", t.availability, t.period.label().to_lowercase())}</td>
                                    <td>{targets(&t.response)}</td>
                                    <td>{targets(&t.resolution)}</td>
                                    <td>{t.hours.clone()} " (" {t.time_zone.clone()} ")"
                                        {(!t.holidays.is_empty()).then(|| format!(", {} holidays", t.holidays.len()))}</td>
                                    <td class="num">{t.risk_percent} " %"</td>
                                    <td class="num">{t.credit_percent.map(|c| format!("{c} %")).unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        <Can action=Action::SlaManage>
                                            <button type="button" class="btn btn-small" on:click={
                                                let key = key.clone();
                                                move |_| editing.set(Some(key.clone()))
                                            }>"Edit" <span class="visually-hidden">" the SLA of " {s.service_name.clone()}</span></button>
                                        </Can>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"No SLAs yet."</p> })}
            </div>
        </section>
        <Can action=Action::SlaManage>
            {
                let (uncovered, slas) = (uncovered.clone(), slas.clone());
                move || {
                    let current = editing.get().and_then(|key| slas.iter().find(|s| s.terms.service == key).cloned());
                    let uncovered = uncovered.clone();
                    view! { <SlaForm current uncovered save editing/> }
                }
            }
        </Can>
    }
}

#[component]
fn SlaForm(
    current: Option<SlaView>,
    uncovered: Vec<ServiceChoice>,
    save: ServerAction<SaveSla>,
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let errors = field_errors(save.value().into());
    let problem = form_error(save.value().into());
    let error = move |field: String| {
        Signal::derive(move || errors.get().and_then(|e| e.get(&field).map(str::to_owned)))
    };
    let heading = current.as_ref().map_or("New SLA".to_owned(), |s| {
        format!("The SLA of {}", s.service_name)
    });
    let t = current.as_ref().map(|s| s.terms.clone());
    let version = current.as_ref().map_or(0, |s| s.version);
    let target = |list: Option<&Vec<Option<i64>>>, i: usize| {
        list.and_then(|l| l.get(i).copied().flatten())
            .map(format_minutes)
            .unwrap_or_default()
    };
    let periods: Vec<(String, String)> = Period::ALL
        .iter()
        .map(|p| (p.key().to_owned(), p.label().to_owned()))
        .collect();
    let services: Vec<(String, String)> = uncovered.into_iter().map(|s| (s.key, s.name)).collect();
    view! {
        <section class="panel" aria-labelledby="sla-form">
            <h2 id="sla-form">{heading}</h2>
            <ActionForm action=save attr:aria-label="SLA">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="version" value=version/>
                <div class="form-grid">
                    {match &t {
                        Some(t) => view! { <input type="hidden" name="input[service]" value=t.service.clone()/> }.into_any(),
                        None => view! {
                            <SelectField id="sla-service" name="input[service]" label="Business service" options=services placeholder="Choose a service" error=error("service".into())/>
                        }.into_any(),
                    }}
                    <TextField id="sla-availability" name="input[availability]" label="Availability target (%)" value=t.as_ref().map(|t| t.availability.to_string()).unwrap_or_else(|| "99.9".into()) required=true error=error("availability".into())/>
                    <SelectField id="sla-period" name="input[period]" label="Measured" options=periods selected=t.as_ref().map_or("monthly", |t| t.period.key()) error=error("period".into())/>
                    <TextField id="sla-hours" name="input[hours]" label="Business hours (such as Mon-Fri 08:00-18:00, or 24x7)" value=t.as_ref().map(|t| t.hours.clone()).unwrap_or_else(|| "Mon-Fri 08:00-18:00".into()) required=true error=error("hours".into())/>
                    <TextField id="sla-zone" name="input[time_zone]" label="Time zone" value=t.as_ref().map(|t| t.time_zone.clone()).unwrap_or_else(|| "UTC".into()) required=true error=error("time_zone".into())/>
                    <TextArea id="sla-holidays" name="input[holidays]" label="Holidays (YYYY-MM-DD, one per line)" value=t.as_ref().map(|t| t.holidays.join("\n")).unwrap_or_default() error=error("holidays".into())/>
                    <TextField id="sla-risk" name="input[risk_percent]" label="At risk from (% of the target used)" value=t.as_ref().map(|t| t.risk_percent.to_string()).unwrap_or_else(|| "75".into()) error=error("risk_percent".into())/>
                    <TextField id="sla-credit" name="input[credit_percent]" label="Service credit per breach (%, optional)" value=t.as_ref().and_then(|t| t.credit_percent).map(|c| c.to_string()).unwrap_or_default() error=error("credit_percent".into())/>
                </div>
                <table class="data targets" aria-label="Targets per priority, in business time">
                    <thead>
                        <tr><th scope="col">"Priority"</th><th scope="col">"Respond within"</th><th scope="col">"Resolve within"</th></tr>
                    </thead>
                    <tbody>
                        {(0..PRIORITIES).map(|i| {
                            let (response, resolution) = (target(t.as_ref().map(|t| &t.response), i), target(t.as_ref().map(|t| &t.resolution), i));
                            view! {
                                <tr>
                                    <th scope="row">{format!("P{}", i + 1)}</th>
                                    <td><TextField id=format!("sla-response-{}", i + 1) name=format!("input[response][{i}]") label=format!("P{} response", i + 1) value=response error=error(format!("response{}", i + 1))/></td>
                                    <td><TextField id=format!("sla-resolution-{}", i + 1) name=format!("input[resolution][{i}]") label=format!("P{} resolution", i + 1) value=resolution error=error(format!("resolution{}", i + 1))/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="muted small">"Business time such as 30m, 4h or 1h30m; leave a priority empty for no target."</p>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>"Save SLA"</button>
                    {current.is_some().then(|| view! {
                        <button type="button" class="btn" on:click=move |_| editing.set(None)>"Cancel"</button>
                    })}
                </div>
            </ActionForm>
        </section>
    }
}
