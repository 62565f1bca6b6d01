//! One incident: its facts, the moves open from its state (and only those), assignment,
//! and the timeline of comments, work notes and moves; kept live.

use super::timeline::Timeline;
use super::{priority_tone, People};
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::tickets::api::{
    assignable, get_incident, AssignIncident, EscalateIncident, MoveIncident, NoteIncident,
    ReviewIncident, WatchIncident,
};
use crate::tickets::flow::Flow;
use crate::tickets::incident::{reviewable, State, HOLD_REASONS, RESOLUTION_CODES};
use crate::tickets::views::{Incident, Named};
use crate::ui::{
    field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextArea, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    step: ServerAction<MoveIncident>,
    assign: ServerAction<AssignIncident>,
    escalate: ServerAction<EscalateIncident>,
    note: ServerAction<NoteIncident>,
    review: ServerAction<ReviewIncident>,
    watch: ServerAction<WatchIncident>,
}

#[component]
pub fn IncidentPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let live = expect_context::<Live>();
    let (incidents, entries) = (live.of("incident"), live.of("incident_entry"));
    let actions = Actions {
        step: ServerAction::new(),
        assign: ServerAction::new(),
        escalate: ServerAction::new(),
        note: ServerAction::new(),
        review: ServerAction::new(),
        watch: ServerAction::new(),
    };
    let incident = Resource::new(
        move || {
            (
                number.get(),
                incidents.get(),
                entries.get(),
                actions.step.version().get()
                    + actions.assign.version().get()
                    + actions.escalate.version().get()
                    + actions.note.version().get()
                    + actions.watch.version().get(),
            )
        },
        |(number, ..)| get_incident(number),
    );
    // Made here, outside the suspense and the permission check, so it is sent once.
    let people = Resource::new(|| (), |_| assignable());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match incident.await {
                    Ok(incident) => view! { <IncidentView incident actions people/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn options(items: &[&str]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|i| ((*i).to_owned(), (*i).to_owned()))
        .collect()
}

#[component]
fn IncidentView(incident: Incident, actions: Actions, people: People) -> impl IntoView {
    let title = format!("{} · {}", incident.number, incident.title);
    let fact = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    let assigned = [
        incident.team.as_ref().map(|t| t.name.clone()),
        incident.assignee.as_ref().map(|a| a.name.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let links = |named: Vec<Named>| {
        named
            .into_iter()
            .map(|c| view! { <A href=format!("/cis/{}", c.key)>{c.name}</A> " " })
            .collect_view()
    };
    let (cis, services) = (incident.cis.clone(), incident.services.clone());
    let new_problem = format!("/problems/new?incident={}", incident.number);
    let (watch_number, watching) = (incident.number.clone(), incident.watching);
    let (for_moves, number) = (incident.clone(), incident.number.clone());
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/incidents" exact=true>"Incidents"</A></div>
        <div class="page-header">
            <h1>
                {title} " "
                <StatusBadge tone=priority_tone(incident.priority) label=incident.priority.label()/> " "
                <StatusBadge tone=incident.state.tone() label=incident.state.label()/>
                {incident.major.then(|| view! { " " <span class="tag">"Major incident"</span> })}
                {incident.escalated.then(|| view! { " " <span class="tag">"Escalated"</span> })}
            </h1>
            <div class="actions">
                <ActionForm action=actions.watch attr:class="inline" attr:aria-label="Watch">
                    <input type="hidden" name="number" value=watch_number/>
                    <input type="hidden" name="watching" value=(!watching).to_string()/>
                    <button type="submit" class="btn">{if watching { "Stop watching" } else { "Watch" }}</button>
                </ActionForm>
                <Can action=Action::ProblemWrite>
                    <A href=new_problem.clone() attr:class="btn">"Record a problem"</A>
                </Can>
            </div>
        </div>
        <crate::sla::TicketClocksPanel number=number.clone()/>
        <div class="two-col">
            <section class="panel" aria-labelledby="incident-facts">
                <h2 id="incident-facts">"Details"</h2>
                <dl class="props">
                    {fact("Caller", incident.caller.clone())}
                    {fact("Source", if incident.raised { "Raised by monitoring".to_owned() } else { String::new() })}
                    {fact("Category", incident.category.clone())}
                    {fact("Impact", incident.impact.label().to_owned())}
                    {fact("Urgency", incident.urgency.label().to_owned())}
                    {fact("Assigned to", assigned)}
                    {(!cis.is_empty()).then(|| view! {
                        <dt>"Affected"</dt>
                        <dd>{links(cis)}</dd>
                    })}
                    {(!services.is_empty()).then(|| view! {
                        <dt>"Affected services"</dt>
                        <dd data-field="services">{links(services)}</dd>
                    })}
                    {fact("On hold", incident.hold_reason.clone().filter(|_| incident.state == State::OnHold).unwrap_or_default())}
                    {fact("Resolution", incident.resolution_code.clone().unwrap_or_default())}
                    {fact("Resolution notes", incident.resolution_notes.clone().unwrap_or_default())}
                    {fact("First contact", if incident.first_contact { "Resolved at first contact".to_owned() } else { String::new() })}
                    {fact("Opened", format!("{} by {}", incident.opened_at, incident.opened_by))}
                    {fact("Watchers", incident.watchers.join(", "))}
                </dl>
                {(!incident.description.is_empty()).then(|| view! { <p class="prewrap">{incident.description.clone()}</p> })}
            </section>
            <Can action=Action::IncidentWrite>
                <MovePanel incident=for_moves.clone() action=actions.step/>
                <AssignPanel incident=for_moves.clone() action=actions.assign people/>
                {for_moves.state.is_open().then(|| view! {
                    <super::escalate::EscalatePanel incident=for_moves.clone() action=actions.escalate people/>
                })}
            </Can>
        </div>
        {reviewable(incident.priority, incident.state).then(|| {
            let incident = incident.clone();
            view! { <ReviewPanel incident action=actions.review/> }
        })}
        <Timeline entries=incident.entries.clone() label="Incident timeline"/>
        <Can action=Action::IncidentWrite>
            <NotePanel number=number.clone() action=actions.note/>
        </Can>
    }
}

#[component]
fn MovePanel(incident: Incident, action: ServerAction<MoveIncident>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let moves: Vec<_> = incident.state.moves().collect();
    let holds = moves.iter().any(|m| m.to == State::OnHold);
    let resolves = moves.iter().any(|m| m.to == State::Resolved);
    let empty = moves.is_empty();
    view! {
        <section class="panel" aria-labelledby="incident-moves">
            <h2 id="incident-moves">"Actions"</h2>
            {empty.then(|| view! { <p class="muted">"None: this incident is final."</p> })}
            {(!empty).then(|| view! {
                <ActionForm action attr:aria-label="Incident actions">
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    {move || error("to").get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <input type="hidden" name="number" value=incident.number.clone()/>
                    <input type="hidden" name="version" value=incident.version/>
                    {holds.then(|| view! {
                        <SelectField id="incident-hold" name="input[hold_reason]" label="Waiting for (to put on hold)" options=options(HOLD_REASONS) placeholder="Choose" error=error("hold_reason")/>
                    })}
                    {resolves.then(|| view! {
                        <SelectField id="incident-code" name="input[resolution_code]" label="Resolution code (to resolve)" options=options(RESOLUTION_CODES) placeholder="Choose" error=error("resolution_code")/>
                        <TextField id="incident-resolution" name="input[resolution_notes]" label="Resolution notes (to resolve)" error=error("resolution_notes")/>
                        <div class="field">
                            <label><input type="checkbox" name="input[first_contact]"/> " Resolved at first contact"</label>
                        </div>
                    })}
                    <TextField id="incident-move-note" name="input[note]" label="Note (why, to reopen or cancel)" error=error("note")/>
                    <div class="form-actions" role="group" aria-label="Moves">
                        {moves.into_iter().map(|m| view! {
                            <button type="submit" class="btn" name="input[to]" value=m.to.label()>{m.action}</button>
                        }).collect_view()}
                    </div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn AssignPanel(
    incident: Incident,
    action: ServerAction<AssignIncident>,
    people: People,
) -> impl IntoView {
    let problem = form_error(action.value().into());
    let errors = field_errors(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let (team, person) = (
        incident
            .team
            .as_ref()
            .map(|t| t.key.clone())
            .unwrap_or_default(),
        incident
            .assignee
            .as_ref()
            .map(|a| a.key.clone())
            .unwrap_or_default(),
    );
    view! {
        <section class="panel" aria-labelledby="incident-assign">
            <h2 id="incident-assign">"Assignment"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || {
                    let (number, version, team, person) = (incident.number.clone(), incident.version, team.clone(), person.clone());
                    Suspend::new(async move {
                        match people.await {
                            Ok((teams, users)) => {
                                let teams: Vec<(String, String)> = teams.into_iter().map(|t| (t.key, t.name)).collect();
                                let users: Vec<(String, String)> = users.into_iter().map(|u| (u.key, u.name)).collect();
                                view! {
                                    <ActionForm action attr:aria-label="Assign incident">
                                        {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                        <input type="hidden" name="number" value=number/>
                                        <input type="hidden" name="version" value=version/>
                                        <SelectField id="assign-team" name="team" label="Assignment group" options=teams selected=team placeholder="Nobody" error=error("team")/>
                                        <SelectField id="assign-person" name="assignee" label="Assigned to" options=users selected=person placeholder="Nobody" error=error("assignee")/>
                                        <div class="form-actions"><button type="submit" class="btn">"Assign"</button></div>
                                    </ActionForm>
                                }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The post-incident review of a resolved P1: shown to all, written by those who work
/// incidents.
#[component]
fn ReviewPanel(incident: Incident, action: ServerAction<ReviewIncident>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let error = Signal::derive(move || {
        errors
            .get()
            .and_then(|e| e.get("review").map(str::to_owned))
    });
    let (number, version, text) = (
        incident.number.clone(),
        incident.version,
        incident.review.clone(),
    );
    view! {
        <section class="panel" aria-labelledby="incident-review">
            <h2 id="incident-review">"Post-incident review"</h2>
            {text.clone().map(|t| view! { <p class="prewrap">{t}</p> })}
            <Can action=Action::IncidentWrite>
                {
                    let (number, text) = (number.clone(), text.clone().unwrap_or_default());
                    view! {
                        <ActionForm action attr:aria-label="Post-incident review">
                            {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                            <input type="hidden" name="number" value=number/>
                            <input type="hidden" name="version" value=version/>
                            <TextArea id="incident-review-text" name="text" label="What happened, why, and what changes" value=text error/>
                            <div class="form-actions"><button type="submit" class="btn">"Save review"</button></div>
                        </ActionForm>
                    }
                }
            </Can>
        </section>
    }
}

#[component]
fn NotePanel(number: String, action: ServerAction<NoteIncident>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let error = Signal::derive(move || errors.get().and_then(|e| e.get("text").map(str::to_owned)));
    view! {
        <section class="panel" aria-labelledby="incident-note">
            <h2 id="incident-note">"Add to the timeline"</h2>
            <ActionForm action attr:aria-label="Add to the timeline">
                <input type="hidden" name="number" value=number/>
                <TextArea id="incident-note-text" name="text" label="Comment or work note" error/>
                <div class="form-actions">
                    <button type="submit" class="btn">"Add comment"</button>
                    <button type="submit" class="btn" name="internal" value="true">"Add work note"</button>
                </div>
            </ActionForm>
        </section>
    }
}
