//! One improvement: what it is for, its stage among the 7 steps with the moves on or
//! back (closing asks for the measured outcome), its edit form and its history. Live.

use super::improvements::{ImprovementForm, People, StageBar};
use crate::audit::{record_history, History};
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::sla::api::{get_improvement, MoveImprovement};
use crate::sla::improvement::{Improvement, Stage};
use crate::ui::{field_errors, form_error, ErrorNotice};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImprovementPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| {
        params
            .read()
            .get("number")
            .unwrap_or_default()
            .to_uppercase()
    });
    let live = expect_context::<Live>();
    let changed = live.of("improvement");
    let step = ServerAction::<MoveImprovement>::new();
    let item = Resource::new(
        move || (number.get(), changed.get(), step.version().get()),
        |(number, ..)| get_improvement(number),
    );
    // Made here, outside the suspense and the permission check, so it is sent once.
    let people = Resource::new(|| (), |_| crate::tickets::api::assignable());
    let history = Resource::new(
        move || (number.get(), changed.get(), step.version().get()),
        |(number, ..)| record_history("improvement".into(), number.to_lowercase()),
    );
    view! {
        <div class="breadcrumb"><A href="/reports/improvements" exact=true>"Improvements"</A></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(item) => view! { <ItemView item step people/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <History entries=history/>
    }
}

#[component]
fn ItemView(
    item: Improvement,
    step: ServerAction<MoveImprovement>,
    people: People,
) -> impl IntoView {
    let title = format!("{} · {}", item.number, item.title);
    let (for_stage, for_edit) = (item.clone(), item.clone());
    let editable = item.stage != Stage::Closed;
    view! {
        <Title text=title.clone()/>
        <div class="page-header"><h1>{title}</h1></div>
        <div class="two-col">
            <section class="panel" aria-labelledby="csi-facts">
                <h2 id="csi-facts">"Details"</h2>
                <dl class="props">
                    <dt>"Stage"</dt><dd data-field="stage"><StageBar stage=item.stage/></dd>
                    <dt>"Source"</dt><dd>{item.source.label()} {(!item.reference.is_empty()).then(|| format!(": {}", item.reference))}</dd>
                    <dt>"Expected benefit"</dt><dd>{item.benefit.clone()}</dd>
                    <dt>"Cost"</dt><dd>{item.cost.clone()}</dd>
                    <dt>"Owner"</dt><dd>{item.owner_name.clone()}</dd>
                    <dt>"Recorded"</dt><dd>{item.opened_at.clone()}</dd>
                    {item.outcome.clone().map(|o| view! { <dt>"Measured outcome"</dt><dd data-field="outcome">{o}</dd> })}
                </dl>
                {(!item.description.is_empty()).then(|| view! { <p class="prewrap">{item.description.clone()}</p> })}
            </section>
            <Can action=Action::SlaManage>
                <StagePanel item=for_stage.clone() step/>
            </Can>
        </div>
        <Can action=Action::SlaManage>
            {editable.then(|| view! { <ImprovementForm item=Some(for_edit.clone()) people/> })}
        </Can>
    }
}

#[component]
fn StagePanel(item: Improvement, step: ServerAction<MoveImprovement>) -> impl IntoView {
    let errors = field_errors(step.value().into());
    let problem = form_error(step.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let closing = item.stage.next() == Some(Stage::Closed);
    view! {
        <section class="panel" aria-labelledby="csi-stage">
            <h2 id="csi-stage">"Stage"</h2>
            {(item.stage == Stage::Closed).then(|| view! { <p class="muted">"Closed: the outcome is on record."</p> })}
            {(item.stage != Stage::Closed).then(|| view! {
                <ActionForm action=step attr:aria-label="Move the improvement">
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    {move || error("to").get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <input type="hidden" name="number" value=item.number.clone()/>
                    <input type="hidden" name="version" value=item.version/>
                    {closing.then(|| view! {
                        <div class="field wide">
                            <label for="csi-outcome">"Measured outcome (to close)"</label>
                            <textarea id="csi-outcome" name="outcome" rows=3 aria-describedby="csi-outcome-error"></textarea>
                            {move || error("outcome").get().map(|p| view! { <span class="field-error" id="csi-outcome-error" role="alert">{p}</span> })}
                        </div>
                    })}
                    <div class="form-actions">
                        {item.stage.next().map(|next| view! {
                            <button type="submit" name="to" value=next.key() class="btn btn-primary">
                                {if next == Stage::Closed { "Close with the outcome".to_owned() } else { format!("On to {}", next.label()) }}
                            </button>
                        })}
                        {item.stage.back().map(|back| view! {
                            <button type="submit" name="to" value=back.key() class="btn">{format!("Back to {}", back.label())}</button>
                        })}
                    </div>
                </ActionForm>
            })}
        </section>
    }
}
