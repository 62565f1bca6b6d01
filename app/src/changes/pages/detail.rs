//! One change: its facts and computed impact, clashes and freezes, the plans, the CAB's
//! votes, the moves open now (and only those), replanning while in Draft or Assessment,
//! and its timeline; kept live.

use super::form::{error_of, RfcFields};
use crate::auth::{Action, Can};
use crate::changes::api::{get_change, MoveChange, PlanChange, VoteChange, WatchChange};
use crate::changes::domain::{open_moves, Risk, State, QUESTIONS};
use crate::changes::views::Change;
use crate::live::Live;
use crate::status::Tone;
use crate::tickets::api::assignable;
use crate::tickets::flow::Flow;
use crate::tickets::Timeline;
use crate::ui::{field_errors, form_error, ErrorNotice, StatusBadge, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    step: ServerAction<MoveChange>,
    plan: ServerAction<PlanChange>,
    vote: ServerAction<VoteChange>,
    watch: ServerAction<WatchChange>,
}

#[component]
pub fn ChangePage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let live = expect_context::<Live>();
    let (changes, entries) = (live.of("change_request"), live.of("change_entry"));
    let actions = Actions {
        step: ServerAction::new(),
        plan: ServerAction::new(),
        vote: ServerAction::new(),
        watch: ServerAction::new(),
    };
    let change = Resource::new(
        move || {
            (
                number.get(),
                changes.get(),
                entries.get(),
                actions.step.version().get()
                    + actions.plan.version().get()
                    + actions.vote.version().get()
                    + actions.watch.version().get(),
            )
        },
        |(number, ..)| get_change(number),
    );
    // Made here, outside the suspense, so it is sent once.
    let people = Resource::new(|| (), |_| assignable());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match change.await {
                    Ok(change) => view! { <ChangeView change actions people/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn alert(text: Option<String>) -> Option<impl IntoView> {
    text.map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })
}

fn links(items: Vec<crate::tickets::views::Named>) -> impl IntoView {
    items
        .into_iter()
        .map(|c| view! { <A href=format!("/cis/{}", c.key)>{c.name}</A> " " })
        .collect_view()
}

#[component]
fn ChangeView(change: Change, actions: Actions, people: crate::tickets::People) -> impl IntoView {
    let title = format!("{} · {}", change.number, change.title);
    let window = super::list::window_text(&change.starts_at, &change.ends_at);
    let risk = change.risk_score.map(|s| (s, Risk::of(s)));
    let kind = match &change.template {
        Some(t) => format!("{} ({t})", change.kind.label()),
        None => change.kind.label().to_owned(),
    };
    let answers: Vec<String> = QUESTIONS
        .iter()
        .zip(&change.risk)
        .filter_map(|(q, a)| {
            q.answers
                .get(usize::from(*a))
                .map(|(text, _)| format!("{} {text}", q.text))
        })
        .collect();
    let (cis, services) = (change.cis.clone(), change.services.clone());
    let clashes = change.clashes.clone();
    let frozen = change.frozen.clone();
    let entries = change.timeline.clone();
    let editable = matches!(change.state, State::Draft | State::Assessment);
    let (for_moves, for_cab, for_plan) = (change.clone(), change.clone(), change.clone());
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/changes" exact=true>"Changes"</A> " · " <A href="/changes/calendar">"Calendar"</A></div>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=change.state.tone() label=change.state.label()/></h1>
            <div class="actions">
                <ActionForm action=actions.watch attr:class="inline" attr:aria-label="Watch">
                    <input type="hidden" name="number" value=change.number.clone()/>
                    <input type="hidden" name="watching" value=(!change.watching).to_string()/>
                    <button type="submit" class="btn">{if change.watching { "Stop watching" } else { "Watch" }}</button>
                </ActionForm>
            </div>
        </div>
        {clashes.into_iter().map(|c| {
            let (number, href, data) = (c.number.clone(), format!("/changes/{}", c.number), c.number.clone());
            view! {
                <p class="alert tone-warning" role="status" data-clash=data>
                    <span aria-hidden="true">"▲ "</span>
                    "Conflict: " <A href=href>{number}</A>
                    {format!(" \u{201c}{}\u{201d} also touches {} in an overlapping window.", c.title, c.shared.join(", "))}
                </p>
            }
        }).collect_view()}
        {frozen.map(|name| view! {
            <p class="alert tone-warning" role="status">
                <span aria-hidden="true">"▲ "</span>
                {format!("The window falls in the freeze \u{201c}{name}\u{201d}: only Emergency changes are scheduled in it.")}
            </p>
        })}
        <div class="two-col">
            <section class="panel" aria-labelledby="change-facts">
                <h2 id="change-facts">"Details"</h2>
                <dl class="props">
                    <dt>"Type"</dt><dd>{kind}</dd>
                    <dt>"Window"</dt><dd>{if window.is_empty() { "Not planned yet".to_owned() } else { window }}</dd>
                    <dt>"CIs"</dt><dd data-field="cis">{links(cis)}</dd>
                    <dt>"Affected services"</dt>
                    <dd data-field="services">
                        {links(services)}
                        <span class="muted">{format!("({} CIs and services affected in all)", change.affected)}</span>
                    </dd>
                    <dt>"Risk"</dt>
                    <dd>{match risk {
                        Some((score, level)) => view! { <StatusBadge tone=level.tone() label=format!("{} ({score})", level.label())/> }.into_any(),
                        None => view! { <span class="muted">"Not assessed"</span> }.into_any(),
                    }}</dd>
                    {change.team.clone().map(|t| view! { <dt>"Assignment group"</dt><dd>{t.name}</dd> })}
                    {change.assignee.clone().map(|a| view! { <dt>"Implemented by"</dt><dd>{a.name}</dd> })}
                    <dt>"Raised"</dt><dd>{format!("{} by {}", change.opened_at, change.opened_by)}</dd>
                    {(!change.watchers.is_empty()).then(|| view! { <dt>"Watchers"</dt><dd>{change.watchers.join(", ")}</dd> })}
                </dl>
                {(!answers.is_empty()).then(|| view! {
                    <ul class="plain muted" aria-label="Risk answers">{answers.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                })}
                {(!change.description.is_empty()).then(|| view! { <p class="prewrap">{change.description.clone()}</p> })}
            </section>
            <div>
                <Can action=Action::ChangeWrite>
                    <MovePanel change=for_moves.clone() action=actions.step/>
                </Can>
                <CabPanel change=for_cab action=actions.vote/>
            </div>
        </div>
        <section class="panel" aria-labelledby="change-plans">
            <h2 id="change-plans">"Plans"</h2>
            {[("Implementation", change.implementation_plan.clone()), ("Backout", change.backout_plan.clone()), ("Test", change.test_plan.clone())]
                .into_iter()
                .map(|(name, text)| view! {
                    <h3>{name}</h3>
                    {if text.is_empty() { view! { <p class="muted">"Not written yet."</p> }.into_any() } else { view! { <p class="prewrap">{text}</p> }.into_any() }}
                })
                .collect_view()}
            {(!change.review.is_empty()).then(|| view! { <h3>"Post-implementation review"</h3><p class="prewrap">{change.review.clone()}</p> })}
        </section>
        {editable.then(|| view! {
            <Can action=Action::ChangeWrite>
                <PlanPanel change=for_plan.clone() action=actions.plan people/>
            </Can>
        })}
        <Timeline entries label="Change timeline"/>
    }
}

#[component]
fn MovePanel(change: Change, action: ServerAction<MoveChange>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let moves = open_moves(change.kind, change.state);
    let empty = moves.is_empty();
    let closing = change.state == State::Review;
    view! {
        <section class="panel" aria-labelledby="change-moves">
            <h2 id="change-moves">"Actions"</h2>
            {(change.state == State::CabApproval).then(|| view! { <p class="muted">"Waiting for the CAB's decision."</p> })}
            {empty.then(|| view! { <p class="muted">"None: this change is final."</p> })}
            {(!empty).then(|| view! {
                <ActionForm action attr:aria-label="Change actions">
                    {move || alert(problem.get())}
                    {move || ["to", "cis", "plans", "window", "risk", "note"].into_iter()
                        .filter_map(|f| error_of(errors, f).get())
                        .map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })
                        .collect_view()}
                    <input type="hidden" name="number" value=change.number.clone()/>
                    <input type="hidden" name="version" value=change.version/>
                    {if closing {
                        view! { <TextArea id="change-note" name="note" label="Post-implementation review (to close)" error=Signal::derive(|| None::<String>)/> }.into_any()
                    } else {
                        view! { <TextField id="change-note" name="note" label="Note (optional)" error=Signal::derive(|| None::<String>)/> }.into_any()
                    }}
                    <div class="form-actions" role="group" aria-label="Moves">
                        {moves.into_iter().map(|m| view! {
                            <button type="submit" class="btn" name="to" value=m.to.label()>{m.action}</button>
                        }).collect_view()}
                    </div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn CabPanel(change: Change, action: ServerAction<VoteChange>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let voting = change.state == State::CabApproval;
    let shown = voting || !change.votes.is_empty();
    let can_vote = voting && change.on_board;
    let approvals = change
        .votes
        .iter()
        .filter(|v| v.vote == crate::changes::cab::Vote::Approve)
        .count();
    shown.then(|| view! {
        <section class="panel" aria-labelledby="change-cab">
            <h2 id="change-cab">"CAB"</h2>
            <p>{format!("{approvals} of {} approvals needed; {} on the board.", change.quorum, change.members)}</p>
            <ul class="plain" aria-label="CAB votes">
                {change.votes.iter().map(|v| {
                    let tone = if v.vote == crate::changes::cab::Vote::Approve { Tone::Ok } else { Tone::Critical };
                    view! {
                        <li>
                            <StatusBadge tone label=v.vote.label()/>
                            {format!(" {} · {}: {}", v.voter, v.at, v.comment)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_vote.then(|| view! {
                <ActionForm action attr:aria-label="CAB vote">
                    {move || alert(problem.get())}
                    <input type="hidden" name="number" value=change.number.clone()/>
                    <TextArea id="change-vote-comment" name="comment" label="Comment for the board" error=error_of(errors, "comment")/>
                    {move || error_of(errors, "vote").get().map(|e| view! { <p class="alert tone-critical" role="alert">{e}</p> })}
                    <div class="form-actions" role="group" aria-label="Vote">
                        <button type="submit" class="btn btn-primary" name="vote" value="Approve">"Approve"</button>
                        <button type="submit" class="btn" name="vote" value="Reject">"Reject"</button>
                    </div>
                </ActionForm>
            })}
        </section>
    })
}

#[component]
fn PlanPanel(
    change: Change,
    action: ServerAction<PlanChange>,
    people: crate::tickets::People,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    view! {
        <section class="panel" aria-labelledby="change-plan">
            <h2 id="change-plan">"Edit the RFC"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || {
                    let change = change.clone();
                    Suspend::new(async move {
                        match people.await {
                            Ok((teams, users)) => view! {
                                <ActionForm action attr:aria-label="Edit the RFC">
                                    {move || alert(problem.get())}
                                    <input type="hidden" name="number" value=change.number.clone()/>
                                    <input type="hidden" name="version" value=change.version/>
                                    <input type="hidden" name="input[kind]" value=change.kind.label()/>
                                    <RfcFields change=Some(change.clone()) errors teams users/>
                                    <div class="form-actions"><button type="submit" class="btn">"Save RFC"</button></div>
                                </ActionForm>
                            }.into_any(),
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
