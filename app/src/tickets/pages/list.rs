//! The incident list: open ones by default, most urgent first, kept live.

use super::priority_tone;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::tickets::api::list_incidents;
use crate::tickets::flow::Flow;
use crate::tickets::incident::State;
use crate::tickets::views::IncidentFilter;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn IncidentListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        IncidentFilter {
            state: query.get("state").unwrap_or_default(),
            q: query.get("q").unwrap_or_default(),
            mine: query.get("mine").is_some_and(|m| m == "true"),
        }
    });
    let live = expect_context::<Live>();
    let (incidents, entries) = (live.of("incident"), live.of("incident_entry"));
    let found = Resource::new(
        move || (filter.get(), incidents.get(), entries.get()),
        |(filter, ..)| list_incidents(filter),
    );
    let states: Vec<(String, &'static str)> = [("open", "Open"), ("all", "All")]
        .into_iter()
        .map(|(k, l)| (k.to_owned(), l))
        .chain(State::ALL.iter().map(|s| (s.label().to_owned(), s.label())))
        .collect();
    view! {
        <Title text="Incidents"/>
        <div class="page-header">
            <h1>"Incidents"</h1>
            <div class="actions">
                <A href="/incidents?mine=true" attr:class="btn">"Assigned to me"</A>
                <Can action=Action::IncidentWrite>
                    <A href="/incidents/new" attr:class="btn btn-primary">"New incident"</A>
                </Can>
            </div>
        </div>
        <Form method="GET" action="/incidents" attr:class="filters" attr:aria-label="Filter incidents">
            <div class="field">
                <label for="incident-state">"State"</label>
                <select id="incident-state" name="state">
                    {move || {
                        let chosen = filter.get().state;
                        states.iter().map(|(key, label)| {
                            let selected = *key == chosen || (chosen.is_empty() && key == "open");
                            view! { <option value=key.clone() selected=selected>{*label}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="incident-q">"Search"</label>
                <input id="incident-q" type="search" name="q" placeholder="Number, title or caller" prop:value=move || filter.get().q/>
            </div>
            <button type="submit" class="btn">"Filter"</button>
        </Form>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(rows) => {
                        let empty = rows.is_empty();
                        view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Incidents">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"Priority"</th>
                                            <th scope="col">"Title"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Caller"</th>
                                            <th scope="col">"Assigned to"</th>
                                            <th scope="col">"Opened"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let assigned = [r.team.clone(), r.assignee.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                            view! {
                                                <tr>
                                                    <td><A href=format!("/incidents/{}", r.number)>{r.number.clone()}</A></td>
                                                    <td><StatusBadge tone=priority_tone(r.priority) label=r.priority.label()/></td>
                                                    <td>{r.title} {r.major.then(|| view! { " " <span class="tag">"Major"</span> })}</td>
                                                    <td><StatusBadge tone=r.state.tone() label=r.state.label()/></td>
                                                    <td>{r.caller}</td>
                                                    <td>{assigned}</td>
                                                    <td>{r.opened_at}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No incidents match."</p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
