//! Redundancy groups: CIs that back each other up, so a failure passes through the group
//! only once enough of them have failed. And the relation types, with how failures travel.

use crate::auth::{Action, Can};
use crate::cmdb::api::{list_groups, list_relation_types, AddRelationType, DeleteGroup, SaveGroup};
use crate::cmdb::groups::{Group, PROPAGATIONS};
use crate::cmdb::relations::RelationType;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let save = ServerAction::<SaveGroup>::new();
    let delete = ServerAction::<DeleteGroup>::new();
    let add_type = ServerAction::<AddRelationType>::new();
    let groups = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| list_groups(),
    );
    let types = Resource::new(move || add_type.version().get(), |_| list_relation_types());
    view! {
        <Title text="Redundancy and relation types"/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / redundancy and relation types"</div>
        <div class="page-header"><h1>"Redundancy groups"</h1></div>
        <p class="muted">"Members back each other up: what depends on them is impacted only when all members (or the number you set) have failed."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match groups.await {
                    Ok(list) => view! { <GroupTable list delete/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <Can action=Action::CmdbWrite>
            <GroupForm save/>
        </Can>
        <div class="page-header"><h1>"Relation types"</h1></div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match types.await {
                    Ok(list) => view! { <TypeTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <Can action=Action::CmdbSchema>
            <TypeForm add=add_type/>
        </Can>
    }
}

#[component]
fn GroupTable(list: Vec<Group>, delete: ServerAction<DeleteGroup>) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Redundancy groups">
                <thead><tr><th scope="col">"Group"</th><th scope="col">"Members"</th><th scope="col">"Failure passes on when"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    {list.into_iter().map(|g| {
                        let when = match g.failures_to_propagate {
                            Some(n) => format!("{n} of {} have failed", g.members.len()),
                            None => format!("all {} have failed", g.members.len()),
                        };
                        let label = format!("Delete group {}", g.name);
                        let id = g.id.clone();
                        view! {
                            <tr>
                                <td>{g.name}</td>
                                <td>{g.members.into_iter().map(|m| view! { <A href=format!("/cis/{}", m.id)>{m.name}</A> " " }).collect_view()}</td>
                                <td>{when}</td>
                                <td>
                                    <Can action=Action::CmdbWrite>
                                        {
                                            let (id, label) = (id.clone(), label.clone());
                                            view! {
                                                <ActionForm action=delete attr:class="inline">
                                                    <input type="hidden" name="id" value=id/>
                                                    <button type="submit" class="btn btn-icon" aria-label=label>"×"</button>
                                                </ActionForm>
                                            }
                                        }
                                    </Can>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No redundancy groups yet."</p> })}
        </div>
    }
}

#[component]
fn GroupForm(save: ServerAction<SaveGroup>) -> impl IntoView {
    let errors = field_errors(save.value().into());
    let problem = form_error(save.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <section class="panel" aria-labelledby="group-form-title">
            <h2 id="group-form-title">"New or changed group"</h2>
            <ActionForm action=save attr:aria-labelledby="group-form-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="group-name" name="input[name]" label="Group name (an existing one is replaced)" required=true error=error("name")/>
                    <TextField id="group-needed" name="input[needed]" label="Failures before it passes on (empty: all)" error=error("needed")/>
                    <TextArea id="group-members" name="input[members]" label="Member CIs, by name, one per line" error=error("members")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Save group"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn TypeTable(list: Vec<RelationType>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Relation types">
                <thead><tr><th scope="col">"Read from the source"</th><th scope="col">"Read from the target"</th><th scope="col">"A failure travels"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|t| {
                        let how = PROPAGATIONS.iter().find(|(k, _)| *k == t.propagation.key()).map_or("", |(_, l)| *l);
                        view! { <tr><td>{t.name}</td><td>{t.reverse}</td><td>{how}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn TypeForm(add: ServerAction<AddRelationType>) -> impl IntoView {
    let errors = field_errors(add.value().into());
    let problem = form_error(add.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let options: Vec<(String, String)> = PROPAGATIONS
        .iter()
        .map(|(k, l)| ((*k).to_owned(), (*l).to_owned()))
        .collect();
    view! {
        <section class="panel" aria-labelledby="type-form-title">
            <h2 id="type-form-title">"New relation type"</h2>
            <ActionForm action=add attr:aria-labelledby="type-form-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="type-name" name="input[name]" label="Read from the source" required=true error=error("name")/>
                    <TextField id="type-reverse" name="input[reverse]" label="Read from the target" required=true error=error("reverse")/>
                    <SelectField id="type-propagation" name="input[propagation]" label="A failure travels" options selected="to_source" error=error("propagation")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Add relation type"</button></div>
            </ActionForm>
        </section>
    }
}
