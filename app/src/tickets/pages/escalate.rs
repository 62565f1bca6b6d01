//! Escalating an incident from its page: to another team, or to a manager, saying why.

use super::People;
use crate::tickets::api::EscalateIncident;
use crate::tickets::views::Incident;
use crate::ui::{field_errors, form_error, SelectField, TextArea};
use leptos::prelude::*;

#[component]
pub fn EscalatePanel(
    incident: Incident,
    action: ServerAction<EscalateIncident>,
    people: People,
) -> impl IntoView {
    let problem = form_error(action.value().into());
    let errors = field_errors(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <section class="panel">
            <details>
                <summary>"Escalate"</summary>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || {
                        let (number, version) = (incident.number.clone(), incident.version);
                        Suspend::new(async move {
                            let teams: Vec<(String, String)> = people.await.map(|(teams, _)| teams).unwrap_or_default()
                                .into_iter().map(|t| (t.key, t.name)).collect();
                            view! {
                                <ActionForm action attr:aria-label="Escalate incident">
                                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                    <input type="hidden" name="number" value=number/>
                                    <input type="hidden" name="version" value=version/>
                                    <fieldset class="field wide">
                                        <legend>"To"</legend>
                                        <label class="check"><input type="radio" name="input[to]" value="team" required=true/>"Another team (functional): it becomes theirs"</label>
                                        <label class="check"><input type="radio" name="input[to]" value="manager"/>"A manager (hierarchical): the assignee's manager is told and follows it"</label>
                                    </fieldset>
                                    <SelectField id="escalate-team" name="input[team]" label="Team (for a functional escalation)" options=teams placeholder="Choose" error=error("team")/>
                                    <TextArea id="escalate-reason" name="input[reason]" label="Why" max_length=2000 error=error("reason")/>
                                    <div class="form-actions"><button type="submit" class="btn">"Escalate"</button></div>
                                </ActionForm>
                            }
                        })
                    }}
                </Suspense>
            </details>
        </section>
    }
}
