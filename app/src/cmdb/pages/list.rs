//! The inventory: a server-rendered, paged list of CIs with an inline create form.

use super::form::CiFields;
use crate::auth::{Action, Can};
use crate::cmdb::api::{list_cis, list_classes, CreateCi};
use crate::cmdb::domain::{CiInput, CiPage};
use crate::live::Live;
use crate::ui::{field_errors, form_error};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const PER_PAGE: u32 = 50;

#[component]
pub fn CiListPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let create = ServerAction::<CreateCi>::new();
    let changes = expect_context::<Live>().of("ci");
    let cis = Resource::new(
        move || (page(), create.version().get(), changes.get()),
        |(page, _, _)| list_cis(page, PER_PAGE),
    );
    let (show_form, set_show_form) = signal(false);
    view! {
        <Title text="Configuration items"/>
        <div class="page-header">
            <h1>"Configuration items"</h1>
            <Can action=Action::CmdbWrite>
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
        <Show when=move || show_form.get()>
            <NewCiPanel action=create/>
        </Show>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match cis.await {
                    Ok(page) => view! { <CiTable page/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewCiPanel(action: ServerAction<CreateCi>) -> impl IntoView {
    let classes = Resource::new(|| (), |_| list_classes());
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

#[component]
fn CiTable(page: CiPage) -> impl IntoView {
    let first = (page.page - 1) * page.per_page + 1;
    let last = first - 1 + u32::try_from(page.rows.len()).unwrap_or(0);
    let pages = page.page_count();
    let current = page.page;
    let empty = page.rows.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Configuration items">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Class"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Environment"</th>
                        <th scope="col" class="num">"Criticality"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
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
            {empty.then(|| view! { <p class="empty">"No configuration items yet. Create the first one with New CI."</p> })}
        </div>
        <div class="table-footer">
            <span>
                {if empty { "0 items".to_owned() } else { format!("{first}–{last} of {}", page.total) }}
            </span>
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <A href=format!("/cis?page={}", current - 1)>"← Previous"</A> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <A href=format!("/cis?page={}", current + 1)>"Next →"</A> })}
            </nav>
        </div>
    }
}
