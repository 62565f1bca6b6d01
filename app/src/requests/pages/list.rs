//! The request list for the people who work requests: newest first, by state; live.

use super::TaskProgress;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::requests::api::list_requests;
use crate::requests::domain::State;
use crate::tickets::flow::Flow;
use crate::ui::{ErrorNotice, StateFilter, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RequestListPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| query.read().get("state").unwrap_or_default());
    let live = expect_context::<Live>();
    let (requests, tasks) = (live.of("service_request"), live.of("request_task"));
    let found = Resource::new(
        move || (state.get(), requests.get(), tasks.get()),
        |(state, ..)| list_requests(state),
    );
    view! {
        <Title text="Requests"/>
        <div class="page-header">
            <h1>"Service requests"</h1>
            <div class="actions">
                <Can action=Action::CatalogManage>
                    <A href="/requests/catalog" attr:class="btn">"Catalog"</A>
                </Can>
                <A href="/portal" attr:class="btn btn-primary">"Order from the portal"</A>
            </div>
        </div>
        <StateFilter action="/requests" what="requests" states=State::ALL.iter().map(|s| s.label()).collect() chosen=state/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(rows) => {
                        let empty = rows.is_empty();
                        view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Requests">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"Item"</th>
                                            <th scope="col">"Requested by"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Progress"</th>
                                            <th scope="col">"Opened"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td><A href=format!("/requests/{}", r.number)>{r.number.clone()}</A></td>
                                                <td>{r.item}</td>
                                                <td>{r.requester}</td>
                                                <td><StatusBadge tone=r.state.tone() label=r.state.label()/></td>
                                                <td><TaskProgress done=r.tasks_done total=r.tasks/></td>
                                                <td>{r.opened_at}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No requests match."</p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
