//! Asset costs for a period: showback per business service with a bar chart, and
//! totals by owner and by category.

use crate::assets::api::asset_costs;
use crate::assets::costs::{CostLine, PeriodInput};
use crate::assets::money::format_amount;
use crate::ui::{ErrorNotice, PeriodForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn money(line: &CostLine, minor: i64) -> String {
    format!("{} {}", line.currency, format_amount(minor))
}

#[component]
pub fn AssetCostsPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| {
        let query = query.read();
        PeriodInput {
            from: query.get("from").unwrap_or_default(),
            to: query.get("to").unwrap_or_default(),
        }
    });
    let costs = Resource::new(move || period.get(), asset_costs);
    view! {
        <Title text="Asset costs"/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A></div>
        <div class="page-header"><h1>"Asset costs"</h1></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match costs.await {
                    Ok(report) => view! {
                        <PeriodForm id="costs" from=report.from.clone() to=report.to.clone()/>
                        <section class="panel" aria-labelledby="costs-services">
                            <h2 id="costs-services">"Showback by business service"</h2>
                            <p class="muted">
                                "What the assets under each service cost in the period (their depreciation), through asset → CI → service. An asset several services rest on is shared evenly among them."
                            </p>
                            <Bars lines=report.by_service.clone()/>
                            <CostTable label="Cost by service" first="Service" lines=report.by_service/>
                        </section>
                        <div class="halves">
                            <section class="panel" aria-labelledby="costs-owners">
                                <h2 id="costs-owners">"By owner"</h2>
                                <CostTable label="Cost by owner" first="Owner" lines=report.by_owner/>
                            </section>
                            <section class="panel" aria-labelledby="costs-categories">
                                <h2 id="costs-categories">"By category"</h2>
                                <CostTable label="Cost by category" first="Category" lines=report.by_category/>
                            </section>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CostTable(label: &'static str, first: &'static str, lines: Vec<CostLine>) -> impl IntoView {
    let empty = lines.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label=label>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        <th scope="col" class="num">"Assets"</th>
                        <th scope="col" class="num">"Cost"</th>
                        <th scope="col" class="num">"Depreciation in period"</th>
                        <th scope="col" class="num">"Book value at end"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr>
                            <td>{line.name.clone()}</td>
                            <td class="num">{line.assets}</td>
                            <td class="num">{money(&line, line.cost)}</td>
                            <td class="num">{money(&line, line.expense)}</td>
                            <td class="num">{money(&line, line.value)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No assets with a cost."</p> })}
        </div>
    }
}

/// Each service's cost in the period as a bar; the figures are in the table below.
#[component]
fn Bars(lines: Vec<CostLine>) -> impl IntoView {
    const ROW: f64 = 26.0;
    const LABEL: f64 = 180.0;
    const WIDTH: f64 = 640.0;
    let top = lines.iter().map(|l| l.expense).max().unwrap_or(0).max(1) as f64;
    let height = ROW * lines.len().max(1) as f64;
    view! {
        <svg class="bars" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label="Depreciation in the period per service; the table below has the figures">
            {lines.into_iter().enumerate().map(|(i, line)| {
                let y = ROW * i as f64;
                let width = (WIDTH - LABEL - 120.0) * line.expense as f64 / top;
                view! {
                    <g>
                        <text x="0" y=y + 17.0 class="label">{line.name.clone()}</text>
                        <rect x=LABEL y=y + 5.0 width=width.max(1.0) height="16" rx="2"/>
                        <text x=LABEL + width + 6.0 y=y + 17.0 class="value">{money(&line, line.expense)}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
