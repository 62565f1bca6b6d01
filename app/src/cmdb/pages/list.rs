//! The inventory: a server-rendered list of CIs, filtered, searched, sorted and paged by
//! its URL, with bulk changes, CSV export and an inline create form.

use super::bulk::BulkBar;
use super::form::CiFields;
use crate::auth::{Action, Can};
use crate::cmdb::api::{list_cis, list_class_defs, list_classes, CreateCi};
use crate::cmdb::domain::{CiClass, CiInput, CiPage, CiStatus, Environment};
use crate::cmdb::query::{ListQuery, SortKey};
use crate::live::Live;
use crate::ui::{field_errors, form_error};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

/// The list's query, read from the URL.
fn url_query() -> Memo<ListQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        ListQuery {
            q: get("q"),
            class: get("class"),
            status: get("status"),
            environment: get("environment"),
            owner: get("owner"),
            tag: get("tag"),
            sort: get("sort"),
            dir: get("dir"),
            page: get("page").parse().unwrap_or(1),
            per_page: 0,
        }
    })
}

#[component]
pub fn CiListPage() -> impl IntoView {
    let query = url_query();
    let create = ServerAction::<CreateCi>::new();
    let changes = expect_context::<Live>().of("ci");
    let cis = Resource::new(
        move || (query.get(), create.version().get(), changes.get()),
        |(query, _, _)| list_cis(query),
    );
    let classes = Resource::new(|| (), |_| list_classes());
    let (show_form, set_show_form) = signal(false);
    // The selection outlives reloads of the table; a new view starts empty.
    let selected = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        query.track();
        selected.set(Vec::new());
    });
    let export = move || format!("/api/cmdb/export.csv?{}", query.get().to_url());
    view! {
        <Title text="Configuration items"/>
        <div class="page-header">
            <h1>"Configuration items"</h1>
            <div class="actions">
                <A href="/cis/classes" attr:class="btn">"Classes"</A>
                <A href="/cis/groups" attr:class="btn">"Redundancy"</A>
                <a class="btn" href=export download="configuration-items.csv">"Export CSV"</a>
                <Can action=Action::CmdbWrite>
                    <A href="/cis/import" attr:class="btn">"Import"</A>
                    <button
                        class="btn btn-primary"
                        aria-expanded=move || show_form.get().to_string()
                        aria-controls="new-ci"
                        on:click=move |_| set_show_form.update(|shown| *shown = !*shown)
                    >
                        "New CI"
                    </button>
                </Can>
            </div>
        </div>
        <Show when=move || show_form.get()>
            <NewCiPanel action=create/>
        </Show>
        <Suspense fallback=|| ()>
            {move || {
                let current = query.get();
                Suspend::new(async move {
                    let classes = classes.await.unwrap_or_default();
                    view! { <Filters query=current classes/> }
                })
            }}
        </Suspense>
        <Can action=Action::CmdbWrite>
            <BulkBar selected/>
        </Can>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match cis.await {
                    Ok(page) => view! { <CiTable page query=query.get_untracked() selected/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewCiPanel(action: ServerAction<CreateCi>) -> impl IntoView {
    let classes = Resource::new(|| (), |_| list_class_defs(false));
    let form_ref = NodeRef::<html::Form>::new();
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    view! {
        <section class="panel" id="new-ci">
            <h2 id="new-ci-title">"New configuration item"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading classes…"</p> }>
                {move || Suspend::new(async move {
                    match classes.await {
                        Ok(classes) => view! {
                            <ActionForm action=action node_ref=form_ref attr:aria-labelledby="new-ci-title">
                                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                <CiFields classes initial=CiInput::default() errors/>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                                        "Create CI"
                                    </button>
                                    <CreatedNotice action/>
                                </div>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CreatedNotice(action: ServerAction<CreateCi>) -> impl IntoView {
    move || {
        let created = action.value().get()?.ok()?;
        Some(view! {
            <span role="status" class="muted">
                "Created " <A href=format!("/cis/{}", created.id)>{created.name}</A> "."
            </span>
        })
    }
}

/// The filter bar: a GET form, so every filtered view has its own URL.
#[component]
fn Filters(query: ListQuery, classes: Vec<CiClass>) -> impl IntoView {
    let choice = |value: &str, label: &str, current: &str| {
        let selected = value.eq_ignore_ascii_case(current);
        view! { <option value=value.to_owned() selected=selected>{label.to_owned()}</option> }
    };
    let filtered = query.is_filtered();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Filter configuration items">
            <div class="field grow">
                <label for="ci-search">"Search"</label>
                <input type="search" id="ci-search" name="q" value=query.q.clone()
                    placeholder="Name, owner, description or tag"/>
            </div>
            <div class="field">
                <label for="filter-class">"Class"</label>
                <select id="filter-class" name="class">
                    <option value="">"Any class"</option>
                    {classes.into_iter().map(|c| choice(&c.key, &c.name, &query.class)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status">
                    <option value="">"Any status"</option>
                    {CiStatus::ALL.iter().map(|s| choice(s.label(), s.label(), &query.status)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-environment">"Environment"</label>
                <select id="filter-environment" name="environment">
                    <option value="">"Any environment"</option>
                    {Environment::ALL.iter().map(|e| choice(e.label(), e.label(), &query.environment)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-owner">"Owner"</label>
                <input type="text" id="filter-owner" name="owner" value=query.owner.clone()/>
            </div>
            <div class="field">
                <label for="filter-tag">"Tag"</label>
                <input type="text" id="filter-tag" name="tag" value=query.tag.clone()/>
            </div>
            <input type="hidden" name="sort" value=query.sort.clone()/>
            <input type="hidden" name="dir" value=query.dir.clone()/>
            <div class="form-actions">
                <button type="submit" class="btn">"Apply"</button>
                {filtered.then(|| view! { <A href="/cis" attr:class="btn btn-quiet-light">"Clear"</A> })}
            </div>
        </Form>
    }
}

/// A sortable column header: a link that sorts by it, with `aria-sort` when it is the
/// current sort.
#[component]
fn SortHeader(
    query: ListQuery,
    key: SortKey,
    label: &'static str,
    #[prop(optional)] num: bool,
) -> impl IntoView {
    let current = query.clean();
    let aria = (current.sort == key).then_some(if current.descending {
        "descending"
    } else {
        "ascending"
    });
    let arrow = match aria {
        Some("ascending") => " ▲",
        Some(_) => " ▼",
        None => "",
    };
    let href = format!("/cis?{}", query.sorted_by(key).to_url());
    view! {
        <th scope="col" aria-sort=aria class:num=num>
            <A href=href>{label}{arrow}</A>
        </th>
    }
}

#[component]
fn CiTable(page: CiPage, query: ListQuery, selected: RwSignal<Vec<String>>) -> impl IntoView {
    let first = (page.page - 1) * page.per_page + 1;
    let last = first - 1 + u32::try_from(page.rows.len()).unwrap_or(0);
    let pages = page.page_count();
    let current = page.page;
    let empty = page.rows.is_empty();
    let on_page: Vec<String> = page.rows.iter().map(|r| r.id.clone()).collect();
    let all_selected = {
        let on_page = on_page.clone();
        move || !on_page.is_empty() && selected.with(|s| on_page.iter().all(|id| s.contains(id)))
    };
    let select_all = move |on: bool| selected.set(if on { on_page.clone() } else { Vec::new() });
    let (previous, next) = (
        format!("/cis?{}", query.at_page(current.saturating_sub(1)).to_url()),
        format!("/cis?{}", query.at_page(current + 1).to_url()),
    );
    let none_match = if query.is_filtered() {
        "No configuration items match these filters."
    } else {
        "No configuration items yet. Create the first one with New CI."
    };
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Configuration items">
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <input type="checkbox" aria-label="Select every CI on this page"
                                prop:checked=all_selected
                                on:change=move |ev| select_all(event_target_checked(&ev))/>
                        </th>
                        <SortHeader query=query.clone() key=SortKey::Name label="Name"/>
                        <SortHeader query=query.clone() key=SortKey::Class label="Class"/>
                        <SortHeader query=query.clone() key=SortKey::Status label="Status"/>
                        <SortHeader query=query.clone() key=SortKey::Environment label="Environment"/>
                        <SortHeader query=query.clone() key=SortKey::Criticality label="Criticality" num=true/>
                        <SortHeader query=query.clone() key=SortKey::Owner label="Owner"/>
                        <SortHeader query=query.clone() key=SortKey::Updated label="Updated"/>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .rows
                        .into_iter()
                        .map(|row| {
                            let id = row.id.clone();
                            let toggled = row.id.clone();
                            let label = format!("Select {}", row.name);
                            view! {
                                <tr class:selected=move || selected.with(|s| s.contains(&id))>
                                    <td class="select">
                                        <input type="checkbox" aria-label=label
                                            prop:checked={
                                                let id = row.id.clone();
                                                move || selected.with(|s| s.contains(&id))
                                            }
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.update(|s| {
                                                    s.retain(|x| *x != toggled);
                                                    if on {
                                                        s.push(toggled.clone());
                                                    }
                                                });
                                            }/>
                                    </td>
                                    <td><A href=format!("/cis/{}", row.id)>{row.name}</A></td>
                                    <td>{row.class_name}</td>
                                    <td><StatusBadge tone=row.status.tone() label=row.status.label()/></td>
                                    <td>{row.environment.label()}</td>
                                    <td class="num">{row.criticality}</td>
                                    <td>{row.owner.unwrap_or_default()}</td>
                                    <td class="muted">{row.updated_at}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">{none_match}</p> })}
        </div>
        <div class="table-footer">
            <span>
                {if empty { "0 items".to_owned() } else { format!("{first}–{last} of {}", page.total) }}
            </span>
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <A href=previous>"← Previous"</A> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <A href=next>"Next →"</A> })}
            </nav>
        </div>
    }
}
