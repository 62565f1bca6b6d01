//! The admin area's users and teams lists, each with its create form.

use super::api::{list_people, list_teams, CreatePerson, CreateTeam};
use super::domain::{Person, PersonInput, Team};
use super::fields::PersonFields;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::status::Tone;
use crate::ui::{field_errors, form_error, ErrorNotice, StatusBadge, TextArea, TextField};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Tabs between the admin pages.
#[component]
pub fn AdminNav() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Administration">
            <A href="/admin/users">"Users"</A>
            <A href="/admin/teams">"Teams"</A>
            <A href="/admin/audit">"Audit log"</A>
        </nav>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let create = ServerAction::<CreatePerson>::new();
    let changes = expect_context::<Live>().of("user");
    let people = Resource::new(
        move || (create.version().get(), changes.get()),
        |_| list_people(),
    );
    let (show_form, set_show_form) = signal(false);
    view! {
        <Title text="Users"/>
        <div class="page-header">
            <h1>"Administration"</h1>
            <Can action=Action::UsersManage>
                <button
                    class="btn btn-primary"
                    aria-expanded=move || show_form.get().to_string()
                    aria-controls="new-person"
                    on:click=move |_| set_show_form.update(|shown| *shown = !*shown)
                >
                    "New user"
                </button>
            </Can>
        </div>
        <AdminNav/>
        <Show when=move || show_form.get()>
            <NewPersonPanel action=create/>
        </Show>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(people) => view! { <PeopleTable people/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The teams, and the people who can be a manager (all but `except`), for the user form.
pub async fn choices(
    except: Option<String>,
) -> Result<(Vec<Team>, Vec<(String, String)>), crate::error::AppError> {
    let people = list_people()
        .await?
        .into_iter()
        .filter(|p| Some(&p.id) != except.as_ref() && !p.disabled)
        .map(|p| (p.id, p.display_name))
        .collect();
    Ok((list_teams().await?, people))
}

#[component]
fn NewPersonPanel(action: ServerAction<CreatePerson>) -> impl IntoView {
    let choices = Resource::new(|| (), |_| choices(None));
    let form_ref = NodeRef::<html::Form>::new();
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    view! {
        <section class="panel" id="new-person">
            <h2 id="new-person-title">"New user"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading teams…"</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok((teams, people)) => view! {
                            <ActionForm action=action node_ref=form_ref attr:aria-labelledby="new-person-title">
                                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                <PersonFields teams people initial=PersonInput::default() errors editing=false/>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                                        "Create user"
                                    </button>
                                    {move || action.value().get().and_then(Result::ok).map(|id| view! {
                                        <span role="status" class="muted">
                                            "Created. " <A href=format!("/admin/users/{id}")>"Open the new user"</A>
                                        </span>
                                    })}
                                </div>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PeopleTable(people: Vec<Person>) -> impl IntoView {
    let count = people.len();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Users">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Teams"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {people.into_iter().map(|person| {
                        let roles: Vec<&str> = person.roles.iter().map(|r| r.label()).collect();
                        let teams: Vec<String> = person.teams.into_iter().map(|t| t.name).collect();
                        view! {
                            <tr>
                                <td><A href=format!("/admin/users/{}", person.id)>{person.display_name}</A></td>
                                <td>{person.email}</td>
                                <td>{roles.join(", ")}</td>
                                <td>{teams.join(", ")}</td>
                                <td><AccountStatus disabled=person.disabled/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="table-footer"><span>{format!("{count} users")}</span></div>
    }
}

/// Active or disabled, as colour, icon and word.
#[component]
pub fn AccountStatus(disabled: bool) -> impl IntoView {
    if disabled {
        view! { <StatusBadge tone=Tone::Unknown label="Disabled"/> }
    } else {
        view! { <StatusBadge tone=Tone::Ok label="Active"/> }
    }
}

#[component]
pub fn TeamsPage() -> impl IntoView {
    let create = ServerAction::<CreateTeam>::new();
    let changes = expect_context::<Live>().of("team");
    let members = expect_context::<Live>().of("user");
    let teams = Resource::new(
        move || (create.version().get(), changes.get(), members.get()),
        |_| list_teams(),
    );
    let form_ref = NodeRef::<html::Form>::new();
    let errors = field_errors(create.value().into());
    let problem = form_error(create.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    view! {
        <Title text="Teams"/>
        <div class="page-header"><h1>"Administration"</h1></div>
        <AdminNav/>
        <p class="muted">"Teams are the assignment groups for incidents, problems and changes."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match teams.await {
                    Ok(teams) => view! { <TeamsTable teams/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel">
            <h2 id="new-team-title">"New team"</h2>
            <ActionForm action=create node_ref=form_ref attr:aria-labelledby="new-team-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="team-name" name="input[name]" label="Name" required=true max_length=80 error=error("name")/>
                    <TextArea id="team-description" name="input[description]" label="Description" max_length=500 error=error("description")/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Create team"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn TeamsTable(teams: Vec<Team>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Teams">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Members"</th>
                    </tr>
                </thead>
                <tbody>
                    {teams.into_iter().map(|team| view! {
                        <tr>
                            <td>{team.name}</td>
                            <td>{team.description}</td>
                            <td>{team.members.join(", ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
