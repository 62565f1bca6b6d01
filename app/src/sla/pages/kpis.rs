//! The KPI dashboard: every KPI of the service level, incident and change tables with
//! its target, its figure, a trend and the way to the records behind it. Live.

use super::charts::TrendLine;
use super::{span_query, use_period, PrintHeader, ReportBar, ReportTabs};
use crate::live::Live;
use crate::sla::api::kpi_figures;
use crate::sla::kpi::{Area, Kpi};
use crate::sla::report::{KpiFigure, KpiReport};
use crate::status::Tone;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let period = use_period();
    let live = expect_context::<Live>();
    let changed = [
        live.of("incident"),
        live.of("change_request"),
        live.of("service_state"),
        live.of("monitor_event"),
        live.of("sla"),
    ];
    let report = Resource::new(
        move || (period.get(), changed.map(|c| c.get())),
        |(period, _)| kpi_figures(period),
    );
    view! {
        <Title text="Key figures"/>
        <div class="page-header"><h1>"Reports"</h1></div>
        <ReportTabs/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Dashboard report/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Dashboard(report: KpiReport) -> impl IntoView {
    let query = span_query(&report.span);
    let csv = format!("/api/reports/kpis.csv?{query}");
    view! {
        <PrintHeader title="Key figures" span=report.span.clone()/>
        <ReportBar span=report.span.clone() csv/>
        {Area::ALL.into_iter().map(|area| {
            let figures: Vec<KpiFigure> = report.figures.iter().filter(|f| f.kpi.area() == area).cloned().collect();
            let id = format!("area-{}", area.label().to_lowercase().replace(' ', "-"));
            let query = query.clone();
            view! {
                <section class="panel kpi-area" aria-labelledby=id.clone()>
                    <h2 id=id.clone()>{area.label()}</h2>
                    <div class="kpi-cards">
                        {figures.into_iter().map(|figure| view! { <KpiCard figure query=query.clone()/> }).collect_view()}
                    </div>
                </section>
            }
        }).collect_view()}
    }
}

/// Met, missed, or nothing to measure: colour, icon and word.
pub(super) fn verdict(met: Option<bool>) -> (Tone, &'static str) {
    match met {
        Some(true) => (Tone::Ok, "Met"),
        Some(false) => (Tone::Critical, "Missed"),
        None => (Tone::Unknown, "No data"),
    }
}

pub(super) fn shower(kpi: Kpi) -> fn(f64) -> String {
    // Function pointers cannot capture, so each KPI's unit is spelled out.
    match kpi.unit() {
        crate::sla::kpi::Unit::Percent => |v| format!("{v:.2} %"),
        crate::sla::kpi::Unit::Hours => |v| format!("{v:.1} h"),
        crate::sla::kpi::Unit::Days => |v| format!("{v:.1} days"),
        crate::sla::kpi::Unit::Count => |v| format!("{v:.0}"),
    }
}

#[component]
fn KpiCard(figure: KpiFigure, query: String) -> impl IntoView {
    let kpi = figure.kpi;
    let (tone, word) = verdict(figure.met());
    let id = format!("kpi-{}", kpi.key());
    view! {
        <article class="kpi-card" aria-labelledby=id.clone() data-kpi=kpi.key()>
            <header>
                <h3 id=id.clone()>{kpi.label()}</h3>
                <StatusBadge tone label=word/>
            </header>
            <p class="kpi-figure">{figure.shown()}</p>
            <p class="muted small">"Target " {kpi.show_target()}</p>
            <TrendLine points=figure.trend.clone() label=kpi.label() show=shower(kpi)/>
            <p class="small">
                <A href=format!("/reports/kpi/{}?{query}", kpi.key())>"Records behind it"</A>
            </p>
        </article>
    }
}
