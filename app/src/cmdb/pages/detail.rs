//! One CI: its properties, its relations in both directions, and deleting it.

use super::relations::{RelationTypes, RelationsPanel};
use crate::audit::{record_history, History};
use crate::auth::{Action, Can};
use crate::cmdb::api::{get_ci, list_relation_types, DeleteCi};
use crate::cmdb::domain::Ci;
use crate::live::{Live, PresenceBar};
use crate::monitoring::{
    CiChecks, CiMonitoringState, MaintenanceState, MaintenanceWindows, PlannedOn,
};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The `:id` of the current route.
pub fn route_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

#[component]
pub fn CiDetailPage() -> impl IntoView {
    let id = route_id();
    let changes = expect_context::<Live>().of("ci");
    let relations = expect_context::<Live>().of("rel");
    let ci = Resource::new(
        move || (id.get(), changes.get(), relations.get()),
        |(id, _, _)| get_ci(id),
    );
    let history = Resource::new(
        move || (id.get(), changes.get()),
        |(id, _)| record_history("ci".into(), id),
    );
    let monitoring = CiMonitoringState::new(id);
    let maintenance = MaintenanceState::new(PlannedOn::Ci, id);
    let types = Resource::new(|| (), |_| list_relation_types());
    // Here, not in the dialog: the deletion's own live update re-renders the CI as not
    // found, which can drop the dialog before its answer arrives.
    let delete = ServerAction::<DeleteCi>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/cis", Default::default());
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match ci.await {
                    Ok(ci) => {
                        let key = ci.id.clone();
                        view! {
                            <CiView ci types delete/>
                            <Can action=Action::MonitoringRead>
                                <CiChecks ci=key.clone() state=monitoring/>
                                <MaintenanceWindows key=key.clone() state=maintenance/>
                            </Can>
                            <History entries=history/>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CiView(ci: Ci, types: RelationTypes, delete: ServerAction<DeleteCi>) -> impl IntoView {
    let edit = format!("/cis/{}/edit", ci.id);
    let key = ci.id.clone();
    let confirming = RwSignal::new(false);
    let (delete_id, delete_name, version) = (ci.id.clone(), ci.name.clone(), ci.version);
    let relations = ci.relations.len();
    let tags = ci
        .tags
        .into_iter()
        .map(|t| view! { <span class="tag">{t}</span> })
        .collect_view();
    view! {
        <Title text=ci.name.clone()/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / " {ci.class.name.clone()}</div>
        <div class="page-header">
            <h1>{ci.name.clone()}</h1>
            <div class="actions">
                <A href=format!("/map/{}", ci.id) attr:class="btn">"Map"</A>
                <A href=format!("/impact?failed={}", ci.id) attr:class="btn">"Impact analysis"</A>
                <Can action=Action::CmdbWrite>
                    <A href=edit.clone() attr:class="btn">"Edit"</A>
                    <button class="btn btn-danger" aria-expanded=move || confirming.get().to_string()
                        aria-controls="delete-ci" on:click=move |_| confirming.update(|c| *c = !*c)>
                        "Delete"
                    </button>
                </Can>
            </div>
        </div>
        <Show when=move || confirming.get()>
            <DeleteConfirm action=delete id=delete_id.clone() name=delete_name.clone() version relations on_cancel=move || confirming.set(false)/>
        </Show>
        <PresenceBar table="ci" key=key.clone() editing=false/>
        <div class="two-col">
            <section class="panel" aria-labelledby="ci-props">
                <h2 id="ci-props">"Details"</h2>
                <dl class="props">
                    <dt>"Status"</dt>
                    <dd><StatusBadge tone=ci.status.tone() label=ci.status.label()/></dd>
                    <dt>"Class"</dt>
                    <dd>{ci.class.name}</dd>
                    <dt>"Environment"</dt>
                    <dd>{ci.environment.label()}</dd>
                    <dt>"Criticality"</dt>
                    <dd>{ci.criticality} " of 5"</dd>
                    <dt>"Owner"</dt>
                    <dd>{ci.owner.unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Tags"</dt>
                    <dd>{tags}</dd>
                    <dt>"Description"</dt>
                    <dd>{ci.description}</dd>
                    {ci.attributes.into_iter().map(|(label, value)| view! {
                        <dt>{label}</dt>
                        <dd>{value}</dd>
                    }).collect_view()}
                    <dt>"Created"</dt>
                    <dd class="muted">{ci.created_at}</dd>
                    <dt>"Updated"</dt>
                    <dd class="muted">{ci.updated_at} " · version " {ci.version}</dd>
                </dl>
            </section>
            <RelationsPanel ci=key.clone() name=ci.name.clone() relations=ci.relations types/>
        </div>
    }
}

#[component]
fn DeleteConfirm(
    action: ServerAction<DeleteCi>,
    id: String,
    name: String,
    version: u64,
    relations: usize,
    on_cancel: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let consequence = match relations {
        0 => "It has no relations.".to_owned(),
        1 => "Its one relation goes with it.".to_owned(),
        n => format!("Its {n} relations go with it."),
    };
    view! {
        <section class="panel conflict" id="delete-ci" role="alertdialog" aria-labelledby="delete-title">
            <h2 id="delete-title">{format!("Delete {name}?")}</h2>
            <p>{consequence} " The audit log keeps every field and relation it had."</p>
            {move || action.value().get().and_then(Result::err).map(|e| view! { <p class="alert tone-critical" role="alert">{e.to_string()}</p> })}
            <ActionForm action=action>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" disabled=move || action.pending().get()>"Delete CI"</button>
                    <button type="button" class="btn" on:click=move |_| on_cancel()>"Cancel"</button>
                </div>
            </ActionForm>
        </section>
    }
}
