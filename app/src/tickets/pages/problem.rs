//! One problem: its facts and incidents, the root cause analysis, the moves open from its
//! state (and only those), assignment, and its timeline; kept live.

use super::timeline::Timeline;
use super::People;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::tickets::api::assignable;
use crate::tickets::flow::Flow;
use crate::tickets::problem::WHYS;
use crate::tickets::problems_api::{
    get_problem, AnalyseProblem, AssignProblem, LinkIncident, MoveProblem, WatchProblem,
};
use crate::tickets::views::Problem;
use crate::ui::{
    field_errors, form_error, ErrorNotice, SelectField, StatusBadge, TextArea, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    step: ServerAction<MoveProblem>,
    assign: ServerAction<AssignProblem>,
    analyse: ServerAction<AnalyseProblem>,
    link: ServerAction<LinkIncident>,
    watch: ServerAction<WatchProblem>,
}

#[component]
pub fn ProblemPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let live = expect_context::<Live>();
    let (problems, entries) = (live.of("problem"), live.of("problem_entry"));
    let actions = Actions {
        step: ServerAction::new(),
        assign: ServerAction::new(),
        analyse: ServerAction::new(),
        link: ServerAction::new(),
        watch: ServerAction::new(),
    };
    let problem = Resource::new(
        move || {
            (
                number.get(),
                problems.get(),
                entries.get(),
                actions.step.version().get()
                    + actions.assign.version().get()
                    + actions.analyse.version().get()
                    + actions.link.version().get()
                    + actions.watch.version().get(),
            )
        },
        |(number, ..)| get_problem(number),
    );
    // Made here, outside the suspense and the permission check, so it is sent once.
    let people = Resource::new(|| (), |_| assignable());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match problem.await {
                    Ok(problem) => view! { <ProblemView problem actions people/> }.into_any(),
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
fn ProblemView(problem: Problem, actions: Actions, people: People) -> impl IntoView {
    let title = format!("{} · {}", problem.number, problem.title);
    let assigned = [
        problem.team.as_ref().map(|t| t.name.clone()),
        problem.assignee.as_ref().map(|a| a.name.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let cis = problem.cis.clone();
    let incidents = problem.incidents.clone();
    let (shown, entries) = (problem.clone(), problem.entries.clone());
    let (for_link, for_moves) = (problem.clone(), problem.clone());
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/problems" exact=true>"Problems"</A></div>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=problem.state.tone() label=problem.state.label()/></h1>
            <div class="actions">
                <ActionForm action=actions.watch attr:class="inline" attr:aria-label="Watch">
                    <input type="hidden" name="number" value=problem.number.clone()/>
                    <input type="hidden" name="watching" value=(!problem.watching).to_string()/>
                    <button type="submit" class="btn">{if problem.watching { "Stop watching" } else { "Watch" }}</button>
                </ActionForm>
            </div>
        </div>
        <div class="two-col">
            <section class="panel" aria-labelledby="problem-facts">
                <h2 id="problem-facts">"Details"</h2>
                <dl class="props">
                    {(!assigned.is_empty()).then(|| view! { <dt>"Assigned to"</dt><dd>{assigned}</dd> })}
                    {(!cis.is_empty()).then(|| view! {
                        <dt>"Affected"</dt>
                        <dd>{cis.into_iter().map(|c| view! { <A href=format!("/cis/{}", c.key)>{c.name}</A> " " }).collect_view()}</dd>
                    })}
                    <dt>"Opened"</dt><dd>{format!("{} by {}", problem.opened_at, problem.opened_by)}</dd>
                    {(!problem.watchers.is_empty()).then(|| view! { <dt>"Watchers"</dt><dd>{problem.watchers.join(", ")}</dd> })}
                </dl>
                {(!problem.description.is_empty()).then(|| view! { <p class="prewrap">{problem.description.clone()}</p> })}
                <h3>"Incidents"</h3>
                {incidents.is_empty().then(|| view! { <p class="muted">"None linked yet."</p> })}
                <ul class="plain" aria-label="Linked incidents">
                    {incidents.into_iter().map(|i| view! {
                        <li>
                            <A href=format!("/incidents/{}", i.number)>{i.number.clone()}</A>
                            " " {i.title} " " <StatusBadge tone=i.state.tone() label=i.state.label()/>
                        </li>
                    }).collect_view()}
                </ul>
                <Can action=Action::ProblemWrite>
                    <LinkForm problem=for_link.clone() action=actions.link/>
                </Can>
            </section>
            <Can action=Action::ProblemWrite>
                <MovePanel problem=for_moves.clone() action=actions.step/>
                <AssignPanel problem=for_moves.clone() action=actions.assign people/>
            </Can>
        </div>
        <AnalysisPanel problem=shown action=actions.analyse/>
        <Timeline entries label="Problem timeline"/>
    }
}

#[component]
fn LinkForm(problem: Problem, action: ServerAction<LinkIncident>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let error = Signal::derive(move || {
        errors
            .get()
            .and_then(|e| e.get("incident").map(str::to_owned))
    });
    let problem_text = form_error(action.value().into());
    view! {
        <ActionForm action attr:aria-label="Link an incident" attr:class="inline-form">
            {move || alert(problem_text.get())}
            <input type="hidden" name="number" value=problem.number/>
            <input type="hidden" name="version" value=problem.version/>
            <TextField id="problem-link" name="incident" label="Link an incident (number)" error/>
            <div class="form-actions"><button type="submit" class="btn">"Link"</button></div>
        </ActionForm>
    }
}

#[component]
fn MovePanel(problem: Problem, action: ServerAction<MoveProblem>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem_text = form_error(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let moves: Vec<_> = problem.state.moves().collect();
    let empty = moves.is_empty();
    view! {
        <section class="panel" aria-labelledby="problem-moves">
            <h2 id="problem-moves">"Actions"</h2>
            {empty.then(|| view! { <p class="muted">"None: this problem is final."</p> })}
            {(!empty).then(|| view! {
                <ActionForm action attr:aria-label="Problem actions">
                    {move || alert(problem_text.get())}
                    {move || ["to", "root_cause", "workaround", "fix"].into_iter().filter_map(|f| error(f).get()).map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> }).collect_view()}
                    <input type="hidden" name="number" value=problem.number.clone()/>
                    <input type="hidden" name="version" value=problem.version/>
                    <TextField id="problem-move-note" name="input[note]" label="Note (why, to reopen or cancel)" error=error("note")/>
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
    problem: Problem,
    action: ServerAction<AssignProblem>,
    people: People,
) -> impl IntoView {
    let problem_text = form_error(action.value().into());
    let errors = field_errors(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let team = problem
        .team
        .as_ref()
        .map(|t| t.key.clone())
        .unwrap_or_default();
    let person = problem
        .assignee
        .as_ref()
        .map(|a| a.key.clone())
        .unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="problem-assign">
            <h2 id="problem-assign">"Assignment"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || {
                    let (number, version, team, person) = (problem.number.clone(), problem.version, team.clone(), person.clone());
                    Suspend::new(async move {
                        match people.await {
                            Ok((teams, users)) => {
                                let teams: Vec<(String, String)> = teams.into_iter().map(|t| (t.key, t.name)).collect();
                                let users: Vec<(String, String)> = users.into_iter().map(|u| (u.key, u.name)).collect();
                                view! {
                                    <ActionForm action attr:aria-label="Assign problem">
                                        {move || alert(problem_text.get())}
                                        <input type="hidden" name="number" value=number/>
                                        <input type="hidden" name="version" value=version/>
                                        <SelectField id="problem-assign-team" name="team" label="Assignment group" options=teams selected=team placeholder="Nobody" error=error("team")/>
                                        <SelectField id="problem-assign-person" name="assignee" label="Assigned to" options=users selected=person placeholder="Nobody" error=error("assignee")/>
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

/// The five whys, the root cause, the workaround and the fix: read by all, written by
/// those who record problems.
#[component]
fn AnalysisPanel(problem: Problem, action: ServerAction<AnalyseProblem>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem_text = form_error(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let analysis = problem.analysis.clone();
    let why = move |i: usize| analysis.whys.get(i).cloned().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="problem-analysis">
            <h2 id="problem-analysis">"Root cause analysis"</h2>
            <ActionForm action attr:aria-label="Root cause analysis">
                {move || alert(problem_text.get())}
                <input type="hidden" name="number" value=problem.number.clone()/>
                <input type="hidden" name="version" value=problem.version/>
                <fieldset class="checkboxes">
                    <legend>"Five whys"</legend>
                    {(0..WHYS).map(|i| view! {
                        <TextField id=format!("problem-why-{i}") name=format!("analysis[whys][{i}]") label=format!("Why {}?", i + 1) value=why(i) error=error("whys")/>
                    }).collect_view()}
                </fieldset>
                <TextArea id="problem-root-cause" name="analysis[root_cause]" label="Root cause" value=problem.analysis.root_cause.clone() error=error("root_cause")/>
                <TextArea id="problem-workaround" name="analysis[workaround]" label="Workaround" value=problem.analysis.workaround.clone() error=error("workaround")/>
                <TextArea id="problem-fix" name="analysis[fix]" label="Permanent fix" value=problem.analysis.fix.clone() error=error("fix")/>
                <Can action=Action::ProblemWrite>
                    <div class="form-actions"><button type="submit" class="btn">"Save analysis"</button></div>
                </Can>
            </ActionForm>
        </section>
    }
}
