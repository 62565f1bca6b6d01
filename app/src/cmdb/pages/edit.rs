//! Editing a CI. The update names the version it started from, so a concurrent
//! change is refused instead of overwritten.

use super::detail::route_id;
use super::form::{field_errors, form_error, CiFields};
use crate::cmdb::api::{get_ci, list_classes, UpdateCi};
use crate::cmdb::domain::Ci;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CiEditPage() -> impl IntoView {
    let id = route_id();
    let ci = Resource::new(move || id.get(), get_ci);
    let classes = Resource::new(|| (), |_| list_classes());
    let update = ServerAction::<UpdateCi>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = update.value().get() {
            navigate(&format!("/cis/{}", id.get_untracked()), Default::default());
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (ci.await, classes.await) {
                    (Ok(ci), Ok(classes)) => view! { <EditForm ci classes action=update/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditForm(
    ci: Ci,
    classes: Vec<crate::cmdb::domain::CiClass>,
    action: ServerAction<UpdateCi>,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let back = format!("/cis/{}", ci.id);
    let crumb = ci.name.clone();
    view! {
        <Title text=format!("Edit {}", ci.name)/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / " <A href=back.clone()>{crumb}</A></div>
        <div class="page-header"><h1>"Edit " {ci.name.clone()}</h1></div>
        <section class="panel">
            <h2 id="edit-ci-title">"Edit configuration item"</h2>
            <ActionForm action attr:aria-labelledby="edit-ci-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="id" value=ci.id.clone()/>
                <input type="hidden" name="version" value=ci.version/>
                <CiFields classes initial=ci.to_input() errors/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Save"</button>
                    <A href=back attr:class="btn">"Cancel"</A>
                </div>
            </ActionForm>
        </section>
    }
}
