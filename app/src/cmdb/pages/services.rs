//! The service portfolio: every business service, its lifecycle, owner and criticality,
//! what it rests on, and a way to its map and impact.

use crate::cmdb::api::list_services;
use crate::cmdb::relations::{lifecycle, ServiceSummary};
use crate::live::Live;
use crate::status::Tone;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let (cis, relations) = (live.of("ci"), live.of("rel"));
    let services = Resource::new(move || (cis.get(), relations.get()), |_| list_services());
    view! {
        <Title text="Services"/>
        <div class="page-header"><h1>"Business services"</h1></div>
        <p class="muted">"The service portfolio. A service is a CI of class Business Service; relate it to what it depends on from its page."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match services.await {
                    Ok(list) => view! { <ServiceTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ServiceTable(list: Vec<ServiceSummary>) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Business services">
                <thead>
                    <tr>
                        <th scope="col">"Service"</th>
                        <th scope="col">"Lifecycle"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Criticality"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col" class="num">"Rests on"</th>
                        <th scope="col">"Attention"</th>
                        <th scope="col"><span class="visually-hidden">"Views"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|s| {
                        let attention = if s.attention == 0 {
                            view! { <StatusBadge tone=Tone::Ok label="All active"/> }.into_any()
                        } else {
                            view! { <StatusBadge tone=Tone::Warning label=format!("{} not active", s.attention)/> }.into_any()
                        };
                        view! {
                            <tr>
                                <td><A href=format!("/cis/{}", s.ci.id)>{s.ci.name.clone()}</A></td>
                                <td>{lifecycle(s.ci.status)}</td>
                                <td><StatusBadge tone=s.ci.status.tone() label=s.ci.status.label()/></td>
                                <td class="num">{s.ci.criticality}</td>
                                <td>{s.owner.unwrap_or_default()}</td>
                                <td class="num">{format!("{} CIs", s.needs)}</td>
                                <td>{attention}</td>
                                <td>
                                    <A href=format!("/map/{}", s.ci.id)>"Map"</A>
                                    " · "
                                    <A href=format!("/impact?failed={}", s.ci.id)>"Needs"</A>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No business services yet. Create a CI of class Business Service."</p> })}
        </div>
    }
}
