//! One KPI over a period: what it means, its trend, and the records it is measured from.

use super::charts::TrendLine;
use super::kpis::{shower, verdict};
use super::{span_query, use_period, PrintHeader, ReportBar, ReportTabs};
use crate::live::Live;
use crate::sla::api::kpi_drill;
use crate::sla::report::Drill;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn KpiDrillPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let period = use_period();
    let live = expect_context::<Live>();
    let changed = [
        live.of("incident"),
        live.of("change_request"),
        live.of("service_state"),
    ];
    let drill = Resource::new(
        move || (key.get(), period.get(), changed.map(|c| c.get())),
        |(key, period, _)| kpi_drill(key, period),
    );
    view! {
        <div class="breadcrumb"><A href="/reports" exact=true>"Reports"</A></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match drill.await {
                    Ok(drill) => view! { <DrillView drill/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DrillView(drill: Drill) -> impl IntoView {
    let kpi = drill.figure.kpi;
    let (tone, word) = verdict(drill.figure.met());
    let csv = format!(
        "/api/reports/drill.csv?kpi={}&{}",
        kpi.key(),
        span_query(&drill.span)
    );
    let empty = drill.rows.is_empty();
    view! {
        <Title text=kpi.label()/>
        <div class="page-header">
            <h1>{kpi.label()} " " <StatusBadge tone label=word/></h1>
        </div>
        <ReportTabs/>
        <PrintHeader title=kpi.label() span=drill.span.clone()/>
        <ReportBar span=drill.span.clone() csv/>
        <section class="panel">
            <p>{kpi.means()}</p>
            <p class="kpi-figure">{drill.figure.shown()}</p>
            <p class="muted">"Target " {kpi.show_target()}</p>
            <TrendLine points=drill.figure.trend.clone() label=kpi.label() show=shower(kpi) large=true/>
        </section>
        <section class="panel" aria-labelledby="drill-records">
            <h2 id="drill-records">"Records behind the figure"</h2>
            <div class="table-wrap">
                <table class="data" aria-label="Records behind the figure">
                    <thead>
                        <tr>
                            <th scope="col">"Record"</th>
                            <th scope="col">"Title"</th>
                            <th scope="col" class="num">{kpi.label()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {drill.rows.into_iter().map(|row| view! {
                            <tr>
                                <td><A href=row.href>{row.label}</A></td>
                                <td>{row.title}</td>
                                <td class="num">{row.value}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"Nothing in this period."</p> })}
            </div>
        </section>
    }
}
