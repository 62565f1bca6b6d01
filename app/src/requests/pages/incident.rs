//! An incident as the person who reported it sees it: its state, what was said to them
//! and how it moved, with room for their own comment.

use crate::requests::api::{my_incident, CommentMyIncident};
use crate::requests::views::ReportedIncident;
use crate::tickets::flow::Flow;
use crate::tickets::Timeline;
use crate::ui::{form_error, ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MyIncidentPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let comment = ServerAction::<CommentMyIncident>::new();
    let incident = Resource::new(
        move || (number.get(), comment.version().get()),
        |(number, _)| my_incident(number),
    );
    view! {
        <div class="breadcrumb"><A href="/portal">"Service portal"</A></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match incident.await {
                    Ok(incident) => view! { <IncidentView incident comment/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IncidentView(
    incident: ReportedIncident,
    comment: ServerAction<CommentMyIncident>,
) -> impl IntoView {
    let title = format!("{} · {}", incident.number, incident.title);
    let problem = form_error(comment.value().into());
    let open = incident.state.is_open();
    let number = incident.number.clone();
    view! {
        <Title text=title.clone()/>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=incident.state.tone() label=incident.state.label()/></h1>
        </div>
        <section class="panel" aria-labelledby="reported-facts">
            <h2 id="reported-facts">"Your report"</h2>
            <dl class="props">
                <dt>"Reported"</dt><dd>{incident.opened_at.clone()}</dd>
                <dt>"Priority"</dt><dd>{incident.priority.clone()}</dd>
                {incident.resolution_notes.clone().map(|notes| view! { <dt>"Resolution"</dt><dd class="prewrap">{notes}</dd> })}
            </dl>
            {(!incident.description.is_empty()).then(|| view! { <p class="prewrap">{incident.description.clone()}</p> })}
        </section>
        <Timeline entries=incident.timeline.clone() label="Incident timeline"/>
        {open.then(|| view! {
            <section class="panel" aria-labelledby="reported-comment">
                <h2 id="reported-comment">"Add a comment"</h2>
                <ActionForm action=comment attr:aria-label="Comment on the incident">
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <input type="hidden" name="number" value=number.clone()/>
                    <div class="field wide">
                        <label for="reported-comment-text">"Comment for the service desk"</label>
                        <textarea id="reported-comment-text" name="text" maxlength=10000 required=true></textarea>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn" disabled=move || comment.pending().get()>"Add comment"</button>
                    </div>
                </ActionForm>
            </section>
        })}
    }
}
