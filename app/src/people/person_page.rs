//! One user: change their details, roles and teams, disable them, end their sessions,
//! and read their history.

use super::api::{get_person, UpdatePerson};
use super::domain::{Person, Team};
use super::fields::PersonFields;
use super::pages::{choices, AccountStatus, AdminNav};
use crate::audit::{record_history, History};
use crate::auth::EndUserSessions;
use crate::live::Live;
use crate::ui::{field_errors, form_error, ErrorNotice};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let update = ServerAction::<UpdatePerson>::new();
    let changes = expect_context::<Live>().of("user");
    // Reloads after this form saves; a change by someone else only shows a notice
    // below, so it never wipes what is being typed.
    let person = Resource::new(
        move || (id.get(), update.version().get()),
        |(id, _)| get_person(id),
    );
    let choices = Resource::new(move || id.get(), |id| choices(Some(id)));
    let history = Resource::new(
        move || (id.get(), changes.get()),
        |(id, _)| record_history("user".into(), id),
    );
    view! {
        <div class="page-header"><h1>"Administration"</h1></div>
        <AdminNav/>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (person.await, choices.await) {
                    (Ok(person), Ok((teams, people))) => view! { <PersonForm person teams people action=update/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <History entries=history/>
    }
}

#[component]
fn PersonForm(
    person: Person,
    teams: Vec<Team>,
    people: Vec<(String, String)>,
    action: ServerAction<UpdatePerson>,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let end_sessions = ServerAction::<EndUserSessions>::new();
    let live = expect_context::<Live>();
    let changed_meanwhile = {
        let id = person.id.clone();
        let seen = live.last.get_untracked().map(|(seq, _)| seq);
        Memo::new(move |_| {
            live.last.with(|last| {
                last.as_ref()
                    .is_some_and(|(seq, c)| Some(*seq) != seen && c.table == "user" && c.key == id)
            })
        })
    };
    let saved = move || matches!(action.value().get(), Some(Ok(_)));
    let title = person.display_name.clone();
    let id = person.id.clone();
    view! {
        <Title text=title.clone()/>
        <section class="panel">
            <div class="panel-header">
                <h2 id="person-title">{title}</h2>
                <AccountStatus disabled=person.disabled/>
            </div>
            <p class="muted">{format!("{} · since {}", person.email, person.created_at)}</p>
            <Show when=move || changed_meanwhile.get() && !saved()>
                <p class="alert tone-warning" role="status">
                    "Someone else changed this user while you were here. Saving will tell you if your changes clash."
                </p>
            </Show>
            <ActionForm action=action attr:aria-labelledby="person-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="id" value=person.id.clone()/>
                <input type="hidden" name="version" value=person.version/>
                <PersonFields teams people initial=person.input() errors editing=true/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Save user"</button>
                    <Show when=saved><span role="status" class="muted">"Saved."</span></Show>
                </div>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Sessions"</h2>
            <p class="muted">"End every session of this user, for example after a lost laptop. They must sign in again."</p>
            <ActionForm action=end_sessions>
                <input type="hidden" name="user" value=id/>
                <button type="submit" class="btn" disabled=move || end_sessions.pending().get()>"End all sessions"</button>
                {move || end_sessions.value().get().map(|result| match result {
                    Ok(()) => view! { <span role="status" class="muted">" All sessions ended."</span> }.into_any(),
                    Err(error) => view! { <span role="alert" class="field-error">{error.to_string()}</span> }.into_any(),
                })}
            </ActionForm>
        </section>
    }
}
