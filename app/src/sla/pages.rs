//! The report pages: KPI dashboard, the records behind a figure, availability, SLAs, and
//! the clocks panel on incidents. Each report has a period, a CSV download and a print
//! layout (title, period and generation time on paper).

mod availability;
mod charts;
mod clocks;
mod drill;
mod improvement;
mod improvements;
mod kpis;
mod maturity;
mod slas;

pub use availability::AvailabilityPage;
pub use clocks::TicketClocksPanel;
pub use drill::KpiDrillPage;
pub use improvement::ImprovementPage;
pub use improvements::ImprovementsPage;
pub use kpis::ReportsPage;
pub use maturity::MaturityPage;
pub use slas::SlaPage;

use crate::assets::costs::PeriodInput;
use crate::sla::report::Span;
use crate::ui::PeriodForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The period in the page's URL (`?from=…&to=…`); empty means this calendar year.
fn use_period() -> Memo<PeriodInput> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        PeriodInput {
            from: query.get("from").unwrap_or_default(),
            to: query.get("to").unwrap_or_default(),
        }
    })
}

/// The query string of a span, for links and downloads.
fn span_query(span: &Span) -> String {
    format!("from={}&to={}", span.from, span.to)
}

#[component]
fn ReportTabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Reports">
            <A href="/reports" exact=true>"Key figures"</A>
            <A href="/reports/availability">"Availability"</A>
            <A href="/reports/slas">"SLAs"</A>
            <A href="/reports/improvements">"Improvements"</A>
            <A href="/reports/maturity">"Maturity"</A>
        </nav>
    }
}

/// The period picker, a CSV download of what is shown, and print.
#[component]
fn ReportBar(span: Span, csv: String) -> impl IntoView {
    view! {
        <div class="report-bar">
            <PeriodForm id="report" from=span.from.clone() to=span.to.clone()/>
            <div class="report-actions">
                <a class="btn" href=csv download="">"Download CSV"</a>
                <button type="button" class="btn" on:click=|_| { let _ = window().print(); }>"Print"</button>
            </div>
        </div>
    }
}

/// What a printed report says at its top.
#[component]
fn PrintHeader(#[prop(into)] title: String, span: Span) -> impl IntoView {
    view! {
        <div class="print-header">
            <p><strong>"Trellis · " {title}</strong></p>
            <p>"Period: " {span.from.clone()} " to " {span.to.clone()} " (not included) · Generated " {span.generated.clone()}</p>
        </div>
    }
}
