//! Availability over a period: each business service against its SLA (downtime planned
//! and not, failures, time to restore, time between failures, SLA breaches and the
//! service credit they cost), and the CIs that failed. Live.

use super::charts::TrendLine;
use super::kpis::verdict;
use super::{span_query, use_period, PrintHeader, ReportBar, ReportTabs};
use crate::live::Live;
use crate::sla::api::availability_figures;
use crate::sla::report::AvailabilityReport;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn hours(seconds: i64) -> String {
    format!("{:.1} h", seconds as f64 / 3600.0)
}

fn maybe_hours(seconds: Option<i64>) -> String {
    seconds.map_or_else(|| "—".to_owned(), hours)
}

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let period = use_period();
    let live = expect_context::<Live>();
    let changed = [
        live.of("service_state"),
        live.of("monitor_event"),
        live.of("sla"),
        live.of("incident"),
    ];
    let report = Resource::new(
        move || (period.get(), changed.map(|c| c.get())),
        |(period, _)| availability_figures(period),
    );
    view! {
        <Title text="Availability"/>
        <div class="page-header"><h1>"Reports"</h1></div>
        <ReportTabs/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Tables report/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Tables(report: AvailabilityReport) -> impl IntoView {
    let csv = format!("/api/reports/availability.csv?{}", span_query(&report.span));
    let no_cis = report.cis.is_empty();
    let percent: fn(f64) -> String = |v| format!("{v:.3} %");
    view! {
        <PrintHeader title="Availability" span=report.span.clone()/>
        <ReportBar span=report.span.clone() csv/>
        <section class="panel" aria-labelledby="availability-services">
            <h2 id="availability-services">"Business services"</h2>
            <p class="muted small">
                "From the status history monitoring records. Downtime inside a maintenance window of the service or anything it rests on is planned and does not count against availability. MTRS: mean time to restore service; MTBF: mean operating time between failures."
            </p>
            <div class="table-wrap">
                <table class="data" aria-label="Availability per business service">
                    <thead>
                        <tr>
                            <th scope="col">"Service"</th>
                            <th scope="col" class="num">"Availability"</th>
                            <th scope="col" class="num">"SLA target"</th>
                            <th scope="col">"SLA"</th>
                            <th scope="col" class="num">"Unplanned"</th>
                            <th scope="col" class="num">"Planned"</th>
                            <th scope="col" class="num">"Failures"</th>
                            <th scope="col" class="num">"MTRS"</th>
                            <th scope="col" class="num">"MTBF"</th>
                            <th scope="col" class="num">"SLA breaches"</th>
                            <th scope="col" class="num">"Service credit"</th>
                            <th scope="col">"Trend"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.services.into_iter().map(|s| {
                            let trend_label = format!("Availability of {}", s.name);
                            let (tone, word) = match s.met() {
                                None => (crate::status::Tone::Unknown, "No SLA"),
                                met => verdict(met),
                            };
                            view! {
                                <tr>
                                    <td><A href=format!("/cis/{}", s.key)>{s.name.clone()}</A></td>
                                    <td class="num">{format!("{:.3} %", 100.0 * s.figures.availability)}</td>
                                    <td class="num">{s.target.map(|t| format!("{t} %")).unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        <StatusBadge tone label=word/>
                                        {(s.missed > 0).then(|| view! { <span class="muted small">{format!(" missed in {} of {}", s.missed, s.periods)}</span> })}
                                    </td>
                                    <td class="num">{hours(s.figures.unplanned_s)}</td>
                                    <td class="num">{hours(s.figures.planned_s)}</td>
                                    <td class="num">{s.figures.failures}</td>
                                    <td class="num">{maybe_hours(s.figures.mtrs_s)}</td>
                                    <td class="num">{maybe_hours(s.figures.mtbf_s)}</td>
                                    <td class="num">{s.breaches}</td>
                                    <td class="num">{s.credit.map(|c| format!("{c} %")).unwrap_or_else(|| "—".into())}</td>
                                    <td><TrendLine points=s.trend.clone() label=trend_label show=percent/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <Contracts contracts=report.contracts/>
        <section class="panel" aria-labelledby="availability-cis">
            <h2 id="availability-cis">"CIs that failed"</h2>
            <p class="muted small">"A CI has failed while any of its checks or alerts is Critical. MTTR: mean time to repair."</p>
            <div class="table-wrap">
                <table class="data" aria-label="CIs that failed">
                    <thead>
                        <tr>
                            <th scope="col">"CI"</th>
                            <th scope="col" class="num">"Failures"</th>
                            <th scope="col" class="num">"Down"</th>
                            <th scope="col" class="num">"MTTR"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.cis.into_iter().map(|c| view! {
                            <tr>
                                <td><A href=format!("/cis/{}", c.key)>{c.name}</A></td>
                                <td class="num">{c.failures}</td>
                                <td class="num">{hours(c.down_s)}</td>
                                <td class="num">{maybe_hours(c.mttr_s)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {no_cis.then(|| view! { <p class="empty">"No CI failed in this period."</p> })}
            </div>
        </section>
    }
}

/// Supplier contracts' SLA terms against the CIs they cover.
#[component]
fn Contracts(contracts: Vec<crate::sla::report::ContractLine>) -> impl IntoView {
    let empty = contracts.is_empty();
    view! {
        <section class="panel" aria-labelledby="availability-contracts">
            <h2 id="availability-contracts">"Supplier contracts against their SLA terms"</h2>
            <p class="muted small">"Each contract with SLA terms, and how the CIs it covers (directly or through its assets) did in the period. Where the terms promise an availability, the least available CI is held to it."</p>
            <div class="table-wrap">
                <table class="data" aria-label="Supplier contracts">
                    <thead>
                        <tr>
                            <th scope="col">"Contract"</th>
                            <th scope="col">"Supplier"</th>
                            <th scope="col">"SLA terms"</th>
                            <th scope="col">"Measured"</th>
                            <th scope="col">"Promise"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {contracts.into_iter().map(|c| {
                            let (tone, word) = match c.met() {
                                None => (crate::status::Tone::Unknown, "No figure promised"),
                                met => verdict(met),
                            };
                            let measured = if c.cis.is_empty() {
                                "Covers no CI".to_owned()
                            } else {
                                c.cis.iter().map(|ci| format!("{} {:.3} % ({} failures)", ci.name, 100.0 * ci.availability, ci.failures)).collect::<Vec<_>>().join("; ")
                            };
                            view! {
                                <tr>
                                    <td>{c.reference.clone()}</td>
                                    <td>{c.supplier.clone()}</td>
                                    <td>{c.terms.clone()}</td>
                                    <td>{measured}</td>
                                    <td><StatusBadge tone label=word/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"No contract states SLA terms."</p> })}
            </div>
        </section>
    }
}
