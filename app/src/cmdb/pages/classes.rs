//! CI classes as data: list them, add one, and give a class typed attributes. Changes
//! apply at once, with no restart; every change is audited.

use crate::auth::{Action, Can};
use crate::cmdb::api::{list_class_defs, AddAttribute, RemoveAttribute, SaveClass};
use crate::cmdb::classes::{AttrKind, ClassDef};
use crate::ui::{field_errors, form_error, Checkboxes, ErrorNotice, SelectField, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ClassesPage() -> impl IntoView {
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("class").unwrap_or_default());
    let save = ServerAction::<SaveClass>::new();
    let add = ServerAction::<AddAttribute>::new();
    let remove = ServerAction::<RemoveAttribute>::new();
    let classes = Resource::new(
        move || {
            (
                save.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |_| list_class_defs(true),
    );
    view! {
        <Title text="CI classes"/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / classes"</div>
        <div class="page-header"><h1>"CI classes"</h1></div>
        <p class="muted">"Classes and their attributes are data: what you define here applies to new and edited CIs at once. Subclasses inherit their parent's attributes."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match classes.await {
                    Ok(list) => {
                        let current = list.iter().find(|c| c.key == selected.get()).cloned();
                        view! {
                            <ClassTable list=list.clone()/>
                            {current.map(|class| view! { <ClassEditor class add remove/> })}
                            <Can action=Action::CmdbSchema>
                                <NewClass list=list.clone() save/>
                            </Can>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClassTable(list: Vec<ClassDef>) -> impl IntoView {
    let name_of = |key: &Option<String>, list: &[ClassDef]| {
        key.as_ref()
            .and_then(|k| list.iter().find(|c| &c.key == k))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Classes">
                <thead>
                    <tr>
                        <th scope="col">"Class"</th>
                        <th scope="col">"Parent"</th>
                        <th scope="col">"Attributes"</th>
                        <th scope="col" class="num">"CIs"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.iter().map(|class| {
                        let attributes: Vec<String> = class.attributes.iter().map(|a| a.label.clone()).collect();
                        let parent = name_of(&class.parent, &list);
                        let (edit, cis_href) = (format!("/cis/classes?class={}", class.key), format!("/cis?class={}", class.key));
                        let (name, cis) = (class.name.clone(), class.cis);
                        view! {
                            <tr>
                                <td><A href=edit>{name}</A></td>
                                <td>{parent}</td>
                                <td>{attributes.join(", ")}</td>
                                <td class="num"><A href=cis_href>{cis}</A></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ClassEditor(
    class: ClassDef,
    add: ServerAction<AddAttribute>,
    remove: ServerAction<RemoveAttribute>,
) -> impl IntoView {
    let errors = field_errors(add.value().into());
    let problem = form_error(add.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let kinds: Vec<(String, String)> = AttrKind::ALL
        .iter()
        .map(|k| (k.key().to_owned(), k.label().to_owned()))
        .collect();
    let flags = vec![
        ("required".to_owned(), "Required".to_owned(), false),
        (
            "unique".to_owned(),
            "Unique within the class".to_owned(),
            false,
        ),
    ];
    let key = class.key.clone();
    view! {
        <section class="panel" aria-labelledby="class-title">
            <h2 id="class-title">{format!("{} attributes", class.name)}</h2>
            <ul class="links">
                {class.attributes.iter().map(|a| {
                    let mut notes = vec![a.kind.label().to_owned()];
                    if a.required { notes.push("required".into()); }
                    if a.unique { notes.push("unique".into()); }
                    if !a.choices.is_empty() { notes.push(a.choices.join(" / ")); }
                    let (class, label) = (key.clone(), a.label.clone());
                    let remove_label = format!("Remove attribute {}", a.label);
                    view! {
                        <li>
                            <strong>{a.label.clone()}</strong>
                            <span class="muted">{notes.join(" · ")}</span>
                            <Can action=Action::CmdbSchema>
                                {
                                    let (class, label, remove_label) = (class.clone(), label.clone(), remove_label.clone());
                                    view! {
                                        <ActionForm action=remove attr:class="inline">
                                            <input type="hidden" name="class" value=class/>
                                            <input type="hidden" name="label" value=label/>
                                            <button type="submit" class="btn btn-icon" aria-label=remove_label>"×"</button>
                                        </ActionForm>
                                    }
                                }
                            </Can>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {class.attributes.is_empty().then(|| view! { <p class="muted">"No attributes of its own."</p> })}
            <Can action=Action::CmdbSchema>
                {
                    let (key, kinds, flags) = (key.clone(), kinds.clone(), flags.clone());
                    view! {
                        <ActionForm action=add attr:class="add-relation" attr:aria-label="Add an attribute">
                            {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                            <input type="hidden" name="class" value=key/>
                            <TextField id="attr-label" name="input[label]" label="Attribute" required=true error=error("label")/>
                            <SelectField id="attr-kind" name="input[kind]" label="Type" options=kinds selected="text" error=error("kind")/>
                            <TextField id="attr-choices" name="input[choices]" label="Choices (for Choice, comma-separated)" error=error("choices")/>
                            <Checkboxes id="attr-flags" name="input[flags]" legend="Rules" options=flags error=error("flags")/>
                            <div class="form-actions"><button type="submit" class="btn">"Add attribute"</button></div>
                        </ActionForm>
                    }
                }
            </Can>
        </section>
    }
}

#[component]
fn NewClass(list: Vec<ClassDef>, save: ServerAction<SaveClass>) -> impl IntoView {
    let errors = field_errors(save.value().into());
    let problem = form_error(save.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let parents: Vec<(String, String)> = list
        .iter()
        .map(|c| (c.key.clone(), c.name.clone()))
        .collect();
    view! {
        <section class="panel" aria-labelledby="new-class-title">
            <h2 id="new-class-title">"New class"</h2>
            <ActionForm action=save attr:aria-labelledby="new-class-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="class-name" name="input[name]" label="Name" required=true max_length=60 error=error("name")/>
                    <SelectField id="class-parent" name="input[parent]" label="Parent class" options=parents
                        placeholder="None" error=error("parent")/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Create class"</button>
                    {move || save.value().get().and_then(Result::ok).map(|key| view! {
                        <span role="status" class="muted">"Created. " <A href=format!("/cis/classes?class={key}")>"Add its attributes"</A></span>
                    })}
                </div>
            </ActionForm>
        </section>
    }
}
