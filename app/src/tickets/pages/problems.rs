//! The problem list (open ones by default, kept live) and recording a problem, from
//! scratch or from an incident.

use super::People;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::tickets::api::assignable;
use crate::tickets::flow::Flow;
use crate::tickets::problem::State;
use crate::tickets::problems_api::{list_problems, OpenProblem};
use crate::ui::{
    field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextArea, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn ProblemListPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| query.read().get("state").unwrap_or_default());
    let problems = expect_context::<Live>().of("problem");
    let found = Resource::new(
        move || (state.get(), problems.get()),
        |(state, _)| list_problems(state),
    );
    let states: Vec<(String, &'static str)> = [("open", "Open"), ("all", "All")]
        .into_iter()
        .map(|(k, l)| (k.to_owned(), l))
        .chain(State::ALL.iter().map(|s| (s.label().to_owned(), s.label())))
        .collect();
    view! {
        <Title text="Problems"/>
        <div class="page-header">
            <h1>"Problems"</h1>
            <div class="actions">
                <A href="/problems/known-errors" attr:class="btn">"Known Error DB"</A>
                <Can action=Action::ProblemWrite>
                    <A href="/problems/new" attr:class="btn btn-primary">"New problem"</A>
                </Can>
            </div>
        </div>
        <Form method="GET" action="/problems" attr:class="filters" attr:aria-label="Filter problems">
            <div class="field">
                <label for="problem-state">"State"</label>
                <select id="problem-state" name="state">
                    {move || {
                        let chosen = state.get();
                        states.iter().map(|(key, label)| {
                            let selected = *key == chosen || (chosen.is_empty() && key == "open");
                            view! { <option value=key.clone() selected=selected>{*label}</option> }
                        }).collect_view()
                    }}
                </select>
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
                                <table class="data" aria-label="Problems">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"Title"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Assigned to"</th>
                                            <th scope="col" class="num">"Incidents"</th>
                                            <th scope="col">"Opened"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td><A href=format!("/problems/{}", r.number)>{r.number.clone()}</A></td>
                                                <td>{r.title}</td>
                                                <td><StatusBadge tone=r.state.tone() label=r.state.label()/></td>
                                                <td>{r.assignee.unwrap_or_default()}</td>
                                                <td class="num">{r.incidents}</td>
                                                <td>{r.opened_at}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No problems match."</p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn NewProblemPage() -> impl IntoView {
    // Made here, outside the permission check, so the page sends its data once.
    let people = Resource::new(|| (), |_| assignable());
    let query = use_query_map();
    let incident = query.read_untracked().get("incident").unwrap_or_default();
    view! {
        <Title text="New problem"/>
        <div class="breadcrumb"><A href="/problems" exact=true>"Problems"</A></div>
        <div class="page-header"><h1>"New problem"</h1></div>
        <Can action=Action::ProblemWrite>
            <ProblemForm people incident=incident.clone()/>
        </Can>
    }
}

#[component]
fn ProblemForm(people: People, incident: String) -> impl IntoView {
    let open = ServerAction::<OpenProblem>::new();
    let errors = field_errors(open.value().into());
    let problem = form_error(open.value().into());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(number)) = open.value().get() {
            navigate(&format!("/problems/{number}"), Default::default());
        }
    });
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <section class="panel">
            <ActionForm action=open attr:aria-label="New problem">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <TextField id="problem-title" name="input[title]" label="Title" required=true max_length=160 error=error("title")/>
                <div class="form-grid">
                    <TextField id="problem-cis" name="input[cis]" label="Affected CIs and services (names, comma-separated)" error=error("cis")/>
                    <TextField id="problem-incidents" name="input[incidents]" label="Incidents it explains (numbers, comma-separated)" value=incident error=error("incidents")/>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match people.await {
                            Ok((teams, users)) => {
                                let teams: Vec<(String, String)> = teams.into_iter().map(|t| (t.key, t.name)).collect();
                                let users: Vec<(String, String)> = users.into_iter().map(|u| (u.key, u.name)).collect();
                                view! {
                                    <div class="form-grid">
                                        <SelectField id="problem-team" name="input[team]" label="Assignment group" options=teams placeholder="Nobody yet" error=error("team")/>
                                        <SelectField id="problem-assignee" name="input[assignee]" label="Assigned to" options=users placeholder="Nobody yet" error=error("assignee")/>
                                    </div>
                                }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })}
                </Suspense>
                <TextArea id="problem-description" name="input[description]" label="Description" error=error("description")/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || open.pending().get()>"Record problem"</button>
                    <A href="/problems" attr:class="btn">"Cancel"</A>
                </div>
            </ActionForm>
        </section>
    }
}
