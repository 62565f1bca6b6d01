//! The continual improvement register: every item with its source, owner and stage of
//! the 7-step process, and (for Service Level Managers) the form to record one. Live.

use super::ReportTabs;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::sla::api::{list_improvements, SaveImprovement};
use crate::sla::improvement::{Improvement, Source, Stage};
use crate::sla::kpi::Kpi;
use crate::tickets::api::assignable;
use crate::tickets::views::Named;

/// The people who may own an improvement, loaded once per page.
pub(super) type People = Resource<Result<(Vec<Named>, Vec<Named>), crate::error::AppError>>;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ImprovementsPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let changed = live.of("improvement");
    let items = Resource::new(move || changed.get(), |_| list_improvements());
    // Made here, outside the permission check, so it is sent once.
    let people = Resource::new(|| (), |_| assignable());
    view! {
        <Title text="Improvements"/>
        <div class="page-header"><h1>"Reports"</h1></div>
        <ReportTabs/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match items.await {
                    Ok(items) => view! { <Register items/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <Can action=Action::SlaManage>
            <ImprovementForm item=None people/>
        </Can>
    }
}

/// How far along the 7 steps an item is, as a bar and in words.
#[component]
pub(super) fn StageBar(stage: Stage) -> impl IntoView {
    let done = stage.number().min(7);
    view! {
        <span class="task-progress">
            <progress max="7" value=done aria-label=format!("Stage {} of 7", done)></progress>
            {stage.label()}
        </span>
    }
}

#[component]
fn Register(items: Vec<Improvement>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <section class="panel" aria-labelledby="csi-register">
            <h2 id="csi-register">"Continual improvement register"</h2>
            <p class="muted small">"Each improvement goes through the 7 steps, from the strategy to implementing it, and is closed with the outcome as measured."</p>
            <div class="table-wrap">
                <table class="data" aria-label="Improvements">
                    <thead>
                        <tr>
                            <th scope="col">"Number"</th>
                            <th scope="col">"Title"</th>
                            <th scope="col">"Source"</th>
                            <th scope="col">"Owner"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col">"Expected benefit"</th>
                            <th scope="col" class="num">"Cost"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|i| view! {
                            <tr>
                                <td><A href=format!("/reports/improvements/{}", i.number)>{i.number.clone()}</A></td>
                                <td>{i.title}</td>
                                <td>{i.source.label()} {(!i.reference.is_empty()).then(|| format!(": {}", i.reference))}</td>
                                <td>{i.owner_name}</td>
                                <td><StageBar stage=i.stage/></td>
                                <td>{i.benefit}</td>
                                <td class="num">{i.cost}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"No improvements yet."</p> })}
            </div>
        </section>
    }
}

/// Records an improvement, or edits `item`.
#[component]
pub(super) fn ImprovementForm(item: Option<Improvement>, people: People) -> impl IntoView {
    let save = ServerAction::<SaveImprovement>::new();
    let errors = field_errors(save.value().into());
    let problem = form_error(save.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let navigate = use_navigate();
    Effect::watch(
        move || save.version().get(),
        move |_, _, _| {
            if let Some(Ok(number)) = save.value().get_untracked() {
                navigate(
                    &format!("/reports/improvements/{number}"),
                    Default::default(),
                );
            }
        },
        false,
    );
    let i = item.clone();
    let value = move |f: fn(&Improvement) -> String| i.as_ref().map(f).unwrap_or_default();
    let sources: Vec<(String, String)> = Source::ALL
        .iter()
        .map(|s| (s.key().to_owned(), s.label().to_owned()))
        .collect();
    let kpis: Vec<String> = Kpi::ALL
        .iter()
        .map(|k| format!("{} ({})", k.key(), k.label()))
        .collect();
    let heading = if item.is_some() {
        "Edit the improvement"
    } else {
        "New improvement"
    };
    let owner = value(|i| i.owner.clone());
    view! {
        <section class="panel" aria-labelledby="csi-form">
            <h2 id="csi-form">{heading}</h2>
            <ActionForm action=save attr:aria-label="Improvement">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="number" value=value(|i| i.number.clone())/>
                <input type="hidden" name="version" value=item.as_ref().map_or(0, |i| i.version)/>
                <div class="form-grid">
                    <TextField id="csi-title" name="input[title]" label="Title" value=value(|i| i.title.clone()) required=true max_length=200 error=error("title")/>
                    <SelectField id="csi-source" name="input[source]" label="Source" options=sources selected=value(|i| i.source.key().to_owned()) placeholder="Choose where it comes from" error=error("source")/>
                    <TextField id="csi-reference" name="input[reference]" label="Which KPI, problem or review" value=value(|i| i.reference.clone()) error=error("reference")/>
                    <TextField id="csi-benefit" name="input[benefit]" label="Expected benefit" value=value(|i| i.benefit.clone()) required=true error=error("benefit")/>
                    <TextField id="csi-cost" name="input[cost]" label="Cost" value=value(|i| i.cost.clone()) error=error("cost")/>
                    <Transition fallback=|| ()>
                        {
                            let owner = owner.clone();
                            move || {
                                let owner = owner.clone();
                                Suspend::new(async move {
                                    let options: Vec<(String, String)> = people.await.map(|(_, p)| p).unwrap_or_default()
                                        .into_iter().map(|p| (p.key, p.name)).collect();
                                    view! { <SelectField id="csi-owner" name="input[owner]" label="Owner" options selected=owner placeholder="Choose the owner" error=error("owner")/> }
                                })
                            }
                        }
                    </Transition>
                    <TextArea id="csi-description" name="input[description]" label="Description" value=value(|i| i.description.clone()) error=error("description")/>
                </div>
                <p class="muted small">"For a KPI, name it by its key: " {kpis.join(", ")} ". For a problem, by its number (PRB0000001)."</p>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>"Save improvement"</button>
                </div>
            </ActionForm>
        </section>
    }
}
