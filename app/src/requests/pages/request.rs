//! One request: what was asked, how far it got (approval, then tasks), the decision
//! for its approver, the tasks for fulfillers, cancelling, comments, and its timeline;
//! kept live.

use super::TaskProgress;
use crate::live::Live;
use crate::requests::api::{get_request, CancelRequest, CommentRequest, DecideRequest, FinishTask};
use crate::requests::domain::{Approver, State};
use crate::requests::views::{Request, Task};
use crate::tickets::flow::Flow;
use crate::tickets::Timeline;
use crate::ui::{form_error, ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    decide: ServerAction<DecideRequest>,
    finish: ServerAction<FinishTask>,
    cancel: ServerAction<CancelRequest>,
    comment: ServerAction<CommentRequest>,
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let live = expect_context::<Live>();
    let (requests, tasks, entries) = (
        live.of("service_request"),
        live.of("request_task"),
        live.of("request_entry"),
    );
    let actions = Actions {
        decide: ServerAction::new(),
        finish: ServerAction::new(),
        cancel: ServerAction::new(),
        comment: ServerAction::new(),
    };
    let request = Resource::new(
        move || {
            (
                number.get(),
                requests.get(),
                tasks.get(),
                entries.get(),
                actions.decide.version().get()
                    + actions.finish.version().get()
                    + actions.cancel.version().get()
                    + actions.comment.version().get(),
            )
        },
        |(number, ..)| get_request(number),
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match request.await {
                    Ok(request) => view! { <RequestView request actions/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn alert(text: Option<String>) -> Option<impl IntoView> {
    text.map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })
}

#[component]
fn RequestView(request: Request, actions: Actions) -> impl IntoView {
    let title = format!("{} · {}", request.number, request.item);
    let done = request
        .tasks
        .iter()
        .filter(|t| t.state == crate::requests::domain::TaskState::Done)
        .count();
    let total = request.tasks.len();
    let approval = match (&request.approval, &request.decided_by) {
        (Approver::Nobody, _) => "Not needed".to_owned(),
        (Approver::Manager, None) => format!(
            "Waiting for {} (manager)",
            request.approver.clone().unwrap_or_default()
        ),
        (approver, None) => format!("Waiting for {}", approver.label().to_lowercase()),
        (_, Some(by)) if request.state == State::Rejected => format!("Rejected by {by}"),
        (_, Some(by)) => format!("Approved by {by}"),
    };
    let note = request.decision_note.clone();
    let entries = request.timeline.clone();
    let (for_decide, for_cancel, for_comment) = (request.clone(), request.clone(), request.clone());
    let tasks = request.tasks.clone();
    let (number, version, may_fulfil) =
        (request.number.clone(), request.version, request.may_fulfil);
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/portal">"Service portal"</A></div>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=request.state.tone() label=request.state.label()/></h1>
        </div>
        {request.staff.then(|| view! { <crate::sla::TicketClocksPanel number=number.clone() request=true/> })}
        <div class="two-col">
            <section class="panel" aria-labelledby="request-facts">
                <h2 id="request-facts">"Request"</h2>
                <dl class="props">
                    <dt>"Requested by"</dt><dd>{format!("{} on {}", request.requester, request.opened_at)}</dd>
                    <dt>"Approval"</dt><dd data-field="approval">{approval}</dd>
                    {(!note.is_empty()).then(|| view! { <dt>"Approver's note"</dt><dd class="prewrap">{note.clone()}</dd> })}
                    {request.team.clone().map(|t| view! { <dt>"Fulfilled by"</dt><dd>{t.name}</dd> })}
                    {request.answers.iter().map(|a| {
                        let value = if a.value.is_empty() { "—".to_owned() } else { a.value.clone() };
                        view! { <dt>{a.label.clone()}</dt><dd class="prewrap">{value}</dd> }
                    }).collect_view()}
                </dl>
            </section>
            <div>
                {for_decide.may_decide.then(|| view! { <DecidePanel request=for_decide.clone() action=actions.decide/> })}
                {for_cancel.may_cancel.then(|| view! { <CancelPanel request=for_cancel.clone() action=actions.cancel/> })}
            </div>
        </div>
        <section class="panel" aria-labelledby="request-tasks">
            <h2 id="request-tasks">"Fulfilment"</h2>
            <p><TaskProgress done=u32::try_from(done).unwrap_or(0) total=u32::try_from(total).unwrap_or(0)/></p>
            {move || alert(form_error(actions.finish.value().into()).get())}
            <div class="table-wrap">
                <table class="data" aria-label="Tasks">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"Task"</th>
                            <th scope="col">"Team"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Done by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {tasks.into_iter().map(|t| view! { <TaskRow task=t number=number.clone() version may_fulfil action=actions.finish/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <CommentPanel request=for_comment action=actions.comment/>
        <Timeline entries label="Request timeline"/>
    }
}

#[component]
fn TaskRow(
    task: Task,
    number: String,
    version: u64,
    may_fulfil: bool,
    action: ServerAction<FinishTask>,
) -> impl IntoView {
    let open = may_fulfil && task.state == crate::requests::domain::TaskState::Open;
    let done_by = task.done_by.clone().map(|by| {
        if task.note.is_empty() {
            by
        } else {
            format!("{by}: {}", task.note)
        }
    });
    let note_id = format!("task-note-{}", task.n);
    view! {
        <tr data-task=task.n>
            <td>{task.n}</td>
            <td>{task.title.clone()}</td>
            <td>{task.team.clone().unwrap_or_default()}</td>
            <td><StatusBadge tone=task.state.tone() label=task.state.label()/></td>
            <td>
                {done_by}
                {open.then(|| view! {
                    <ActionForm action attr:class="inline-form" attr:aria-label=format!("Finish task {}", task.n)>
                        <input type="hidden" name="number" value=number.clone()/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="task" value=task.n/>
                        <label class="visually-hidden" for=note_id.clone()>{format!("Note on task {}", task.n)}</label>
                        <input id=note_id.clone() name="note" placeholder="Note (optional)" maxlength=500/>
                        <button type="submit" class="btn btn-icon">"Mark done"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
fn DecidePanel(request: Request, action: ServerAction<DecideRequest>) -> impl IntoView {
    let problem = form_error(action.value().into());
    view! {
        <section class="panel" aria-labelledby="request-decide">
            <h2 id="request-decide">"Your decision"</h2>
            <ActionForm action attr:aria-label="Decide the request">
                {move || alert(problem.get())}
                <input type="hidden" name="number" value=request.number.clone()/>
                <input type="hidden" name="version" value=request.version/>
                <fieldset class="field wide">
                    <legend>"Decision"</legend>
                    <label class="check"><input type="radio" name="decision" value="approve" required=true/>"Approve"</label>
                    <label class="check"><input type="radio" name="decision" value="reject"/>"Reject"</label>
                </fieldset>
                <div class="field wide">
                    <label for="decision-note">"Note to the requester (required to reject)"</label>
                    <textarea id="decision-note" name="note" maxlength=2000></textarea>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Submit decision"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn CancelPanel(request: Request, action: ServerAction<CancelRequest>) -> impl IntoView {
    let problem = form_error(action.value().into());
    view! {
        <section class="panel">
            <details>
                <summary>"Cancel this request"</summary>
                <ActionForm action attr:aria-label="Cancel the request">
                    {move || alert(problem.get())}
                    <input type="hidden" name="number" value=request.number.clone()/>
                    <input type="hidden" name="version" value=request.version/>
                    <div class="field wide">
                        <label for="cancel-reason">"Why?"</label>
                        <textarea id="cancel-reason" name="reason" maxlength=2000 required=true></textarea>
                    </div>
                    <button type="submit" class="btn btn-danger" disabled=move || action.pending().get()>"Cancel request"</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn CommentPanel(request: Request, action: ServerAction<CommentRequest>) -> impl IntoView {
    let problem = form_error(action.value().into());
    let open = request.state.is_open();
    open.then(|| view! {
        <section class="panel" aria-labelledby="request-comment">
            <h2 id="request-comment">"Add a comment"</h2>
            <ActionForm action attr:aria-label="Comment on the request">
                {move || alert(problem.get())}
                <input type="hidden" name="number" value=request.number.clone()/>
                <div class="field wide">
                    <label for="request-comment-text">"Comment"</label>
                    <textarea id="request-comment-text" name="text" maxlength=10000 required=true></textarea>
                </div>
                <crate::auth::Can action=crate::auth::Action::RequestFulfil>
                    <label class="check">
                        <input type="checkbox" name="internal" value="true"/>
                        "Internal work note (the requester does not see it)"
                    </label>
                </crate::auth::Can>
                <div class="form-actions">
                    <button type="submit" class="btn" disabled=move || action.pending().get()>"Add comment"</button>
                </div>
            </ActionForm>
        </section>
    })
}
