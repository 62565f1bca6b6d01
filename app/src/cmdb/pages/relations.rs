//! A CI's relations in both directions, grouped by how they read, with adding and
//! removing for those who may change the CMDB.

use super::picker::CiPicker;
use crate::auth::{Action, Can};
use crate::cmdb::api::{RelateCis, UnrelateCis};
use crate::cmdb::relations::RelationType;
use crate::cmdb::relations::{relation_choices, Relation};
use crate::error::AppError;
use crate::ui::{field_errors, form_error, SelectField, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;

/// The relation types come from the page: resources made inside a Suspense's
/// children are made again on each of its re-renders.
pub type RelationTypes = Resource<Result<Vec<RelationType>, AppError>>;

#[component]
pub fn RelationsPanel(
    ci: String,
    name: String,
    relations: Vec<Relation>,
    types: RelationTypes,
) -> impl IntoView {
    let mut groups: Vec<(String, Vec<Relation>)> = Vec::new();
    for relation in relations {
        match groups.last_mut() {
            Some((label, list)) if *label == relation.label => list.push(relation),
            _ => groups.push((relation.label.clone(), vec![relation])),
        }
    }
    let empty = groups.is_empty();
    let remove = ServerAction::<UnrelateCis>::new();
    view! {
        <section class="panel" aria-labelledby="ci-relations">
            <h2 id="ci-relations">"Relations"</h2>
            {groups.into_iter().map(|(label, list)| {
                let ci = ci.clone();
                let name = name.clone();
                view! {
                    <h3 class="relation-label">{format!("{name} {label}")}</h3>
                    <ul class="links">
                        {list.into_iter().map(|relation| {
                            let ci = ci.clone();
                            let other = relation.other.name.clone();
                            view! {
                                <li>
                                    <StatusBadge tone=relation.other.status.tone() label=relation.other.status.label()/>
                                    <A href=format!("/cis/{}", relation.other.id)>{relation.other.name}</A>
                                    <Can action=Action::CmdbWrite>
                                        {
                                            let (ci, edge, other) = (ci.clone(), relation.id.clone(), other.clone());
                                            view! {
                                                <ActionForm action=remove attr:class="inline">
                                                    <input type="hidden" name="ci" value=ci/>
                                                    <input type="hidden" name="relation" value=edge/>
                                                    <button type="submit" class="btn btn-icon"
                                                        aria-label=format!("Remove relation to {other}") title="Remove relation">
                                                        "×"
                                                    </button>
                                                </ActionForm>
                                            }
                                        }
                                    </Can>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
            {empty.then(|| view! { <p class="muted">"No relations recorded."</p> })}
            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            <Can action=Action::CmdbWrite>
                <AddRelation ci=ci.clone() types/>
            </Can>
        </section>
    }
}

#[component]
fn AddRelation(ci: String, types: RelationTypes) -> impl IntoView {
    let action = ServerAction::<RelateCis>::new();
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            text.set(String::new());
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {
                let ci = ci.clone();
                move || {
                    let ci = ci.clone();
                    Suspend::new(async move {
                        let choices = relation_choices(&types.await.unwrap_or_default());
                        view! {
                            <ActionForm action=action attr:class="add-relation" attr:aria-label="Add a relation">
                                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                <input type="hidden" name="input[ci]" value=ci/>
                                <SelectField id="relation-kind" name="input[relation]" label="This CI" options=choices
                                    selected="depends_on:out" error=error("relation")/>
                                <CiPicker id="relation-other" name="input[other]" label="Other CI" text found error=error("other")/>
                                <div class="form-actions">
                                    <button type="submit" class="btn" disabled=move || action.pending().get()>"Add relation"</button>
                                </div>
                            </ActionForm>
                        }
                    })
                }
            }
        </Suspense>
    }
}
