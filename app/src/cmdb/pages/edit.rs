//! Editing a CI. The update names the version it started from, so a concurrent
//! change is refused instead of overwritten.

use super::detail::route_id;
use super::form::CiFields;
use crate::cmdb::api::{get_ci, list_class_defs, UpdateCi};
use crate::cmdb::classes::ClassDef;
use crate::cmdb::domain::{Ci, CiInput};
use crate::error::AppError;
use crate::live::{Live, PresenceBar};
use crate::ui::{field_errors, form_error};
use crate::ui::{ConflictPanel, ErrorNotice};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CiEditPage() -> impl IntoView {
    let id = route_id();
    let ci = Resource::new(move || id.get(), get_ci);
    let classes = Resource::new(|| (), |_| list_class_defs(false));
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
fn EditForm(ci: Ci, classes: Vec<ClassDef>, action: ServerAction<UpdateCi>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let back = format!("/cis/{}", ci.id);
    let crumb = ci.name.clone();
    let id = ci.id.clone();
    // What the form shows and the version it is based on; a merge replaces both.
    let draft = RwSignal::new((ci.to_input(), ci.version));
    // What was last submitted, and the saved record it lost against.
    let submitted = RwSignal::new(None::<CiInput>);
    let theirs = RwSignal::new(None::<Ci>);
    Effect::new(move |_| {
        if let Some(update) = action.input().get() {
            submitted.set(Some(update.input));
        }
    });
    Effect::new({
        let id = id.clone();
        move |_| {
            if let Some(Err(AppError::Conflict(_))) = action.value().get() {
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(latest) = get_ci(id).await {
                        theirs.set(Some(latest));
                    }
                });
            }
        }
    });
    // A live change to this CI never touches the form; it only says so.
    let live = expect_context::<Live>();
    let changed_meanwhile = {
        let id = id.clone();
        Memo::new(move |_| {
            live.last.with(|last| {
                last.as_ref()
                    .is_some_and(|(_, c)| c.table == "ci" && c.key == id)
            })
        })
    };
    let resolve = move |merged: CiInput, version: u64| {
        draft.set((merged, version));
        theirs.set(None);
        action.value().set(None);
    };
    view! {
        <Title text=format!("Edit {}", ci.name)/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / " <A href=back.clone()>{crumb}</A></div>
        <div class="page-header"><h1>"Edit " {ci.name.clone()}</h1></div>
        {move || {
            let (Some(yours), Some(latest)) = (submitted.get(), theirs.get()) else { return None };
            let version = latest.version;
            Some(view! { <ConflictPanel what="CI" yours theirs=latest.to_input() version on_resolve=resolve/> })
        }}
        <PresenceBar table="ci" key=id.clone() editing=true/>
        <Show when=move || changed_meanwhile.get() && theirs.with(Option::is_none)>
            <p class="alert tone-warning" role="status">
                "Someone just saved this CI. Your edits are untouched; if you save, you will see what differs."
            </p>
        </Show>
        <section class="panel">
            <h2 id="edit-ci-title">"Edit configuration item"</h2>
            <ActionForm action attr:aria-labelledby="edit-ci-title">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="id" value=id.clone()/>
                {move || {
                    let (input, version) = draft.get();
                    view! {
                        <input type="hidden" name="version" value=version/>
                        <CiFields classes=classes.clone() initial=input errors/>
                    }
                }}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Save"</button>
                    <A href=back attr:class="btn">"Cancel"</A>
                </div>
            </ActionForm>
        </section>
    }
}
