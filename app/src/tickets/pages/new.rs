//! Logging an incident: caller, category, what is affected, impact and urgency (the
//! priority follows from them), and optionally who takes it.

use super::known::{KnownErrorSuggestions, Typed};
use super::People;
use crate::auth::{Action, Can};
use crate::tickets::api::{assignable, OpenIncident};
use crate::tickets::incident::CATEGORIES;
use crate::tickets::priority::Level;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

fn options(items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    items.into_iter().collect()
}

#[component]
pub fn NewIncidentPage() -> impl IntoView {
    // Made here, outside the permission check, so the page sends its data once.
    let people = Resource::new(|| (), |_| assignable());
    view! {
        <Title text="New incident"/>
        <div class="breadcrumb"><A href="/incidents" exact=true>"Incidents"</A></div>
        <div class="page-header"><h1>"New incident"</h1></div>
        <Can action=Action::IncidentWrite>
            <IncidentForm people/>
        </Can>
    }
}

#[component]
fn IncidentForm(people: People) -> impl IntoView {
    let open = ServerAction::<OpenIncident>::new();
    let errors = field_errors(open.value().into());
    let problem = form_error(open.value().into());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(number)) = open.value().get() {
            navigate(&format!("/incidents/{number}"), Default::default());
        }
    });
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let levels = || {
        options(
            Level::ALL
                .iter()
                .map(|l| (l.number().to_string(), l.label().to_owned())),
        )
    };
    let categories = options(
        CATEGORIES
            .iter()
            .map(|c| ((*c).to_owned(), (*c).to_owned())),
    );
    let typed = Typed::new();
    view! {
            <section class="panel" on:input=move |ev| typed.take(&ev)>
                <ActionForm action=open attr:aria-label="New incident">
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <TextField id="incident-title" name="input[title]" label="Title" required=true max_length=160 error=error("title")/>
                    <div class="form-grid">
                        <TextField id="incident-caller" name="input[caller]" label="Caller" required=true error=error("caller")/>
                        <SelectField id="incident-category" name="input[category]" label="Category" options=categories.clone() placeholder="Choose a category" error=error("category")/>
                        <SelectField id="incident-impact" name="input[impact]" label="Impact" options=levels() selected="2" error=error("impact")/>
                        <SelectField id="incident-urgency" name="input[urgency]" label="Urgency" options=levels() selected="2" error=error("urgency")/>
                    </div>
                    <TextField id="incident-cis" name="input[cis]" label="Affected CIs and services (names, comma-separated)" error=error("cis")/>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match people.await {
                                Ok((teams, users)) => {
                                    let teams = options(teams.into_iter().map(|t| (t.key, t.name)));
                                    let users = options(users.into_iter().map(|u| (u.key, u.name)));
                                    view! {
                                        <div class="form-grid">
                                            <SelectField id="incident-team" name="input[team]" label="Assignment group" options=teams placeholder="Nobody yet" error=error("team")/>
                                            <SelectField id="incident-assignee" name="input[assignee]" label="Assigned to" options=users placeholder="Nobody yet" error=error("assignee")/>
                                        </div>
                                    }.into_any()
                                }
                                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <TextArea id="incident-description" name="input[description]" label="Description" error=error("description")/>
                    <div class="field">
                        <label><input type="checkbox" name="input[major]"/> " Major incident"</label>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || open.pending().get()>"Log incident"</button>
                        <A href="/incidents" attr:class="btn">"Cancel"</A>
                    </div>
                </ActionForm>
            </section>
            <KnownErrorSuggestions typed/>
    }
}
