//! The maturity self-assessment: the level this instance reaches, and each level's
//! checklist with what was found. Live as records change.

use super::ReportTabs;
use crate::live::Live;
use crate::sla::api::maturity;
use crate::sla::maturity::{level_name, Assessment};
use crate::status::Tone;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MaturityPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let changed = [
        live.of("sla"),
        live.of("improvement"),
        live.of("incident"),
        live.of("change_request"),
    ];
    let found = Resource::new(move || changed.map(|c| c.get()), |_| maturity());
    view! {
        <Title text="Maturity"/>
        <div class="page-header"><h1>"Reports"</h1></div>
        <ReportTabs/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(assessment) => view! { <Levels assessment/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Levels(assessment: Assessment) -> impl IntoView {
    let reached = assessment.reached;
    view! {
        <section class="panel" aria-labelledby="maturity-reached">
            <h2 id="maturity-reached">"Maturity level " {reached} ": " {level_name(reached)}</h2>
            <p class="muted small">"Scored from what this instance has configured and measured. A level is reached when its checks and every lower level's are met."</p>
        </section>
        {assessment.levels.into_iter().map(|level| {
            let id = format!("maturity-{}", level.number);
            view! {
                <section class="panel" aria-labelledby=id.clone()>
                    <h2 id=id.clone()>"Level " {level.number} ": " {level.name.clone()}</h2>
                    <ul class="checklist">
                        {level.checks.into_iter().map(|c| view! {
                            <li>
                                <StatusBadge tone=if c.met { Tone::Ok } else { Tone::Critical } label=if c.met { "Met" } else { "Not yet" }/>
                                " " <strong>{c.label.clone()}</strong>
                                " · " <A href=c.href.clone()>{c.evidence.clone()}</A>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
}
