//! One CI: its properties and its dependencies in both directions.

use crate::audit::{record_history, History};
use crate::auth::{Action, Can};
use crate::cmdb::api::get_ci;
use crate::cmdb::domain::{Ci, CiLink};
use crate::live::{Live, PresenceBar};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route.
pub fn route_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

#[component]
pub fn CiDetailPage() -> impl IntoView {
    let id = route_id();
    let changes = expect_context::<Live>().of("ci");
    let ci = Resource::new(move || (id.get(), changes.get()), |(id, _)| get_ci(id));
    let history = Resource::new(
        move || (id.get(), changes.get()),
        |(id, _)| record_history("ci".into(), id),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match ci.await {
                    Ok(ci) => view! { <CiView ci/> <History entries=history/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CiView(ci: Ci) -> impl IntoView {
    let edit = format!("/cis/{}/edit", ci.id);
    let key = ci.id.clone();
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
            <Can action=Action::CmdbWrite>
                <A href=edit.clone() attr:class="btn">"Edit"</A>
            </Can>
        </div>
        <PresenceBar table="ci" key editing=false/>
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
                    <dt>"Created"</dt>
                    <dd class="muted">{ci.created_at}</dd>
                    <dt>"Updated"</dt>
                    <dd class="muted">{ci.updated_at} " · version " {ci.version}</dd>
                </dl>
            </section>
            <div>
                <Links id="ci-depends-on" title="Depends on" links=ci.depends_on
                    empty="This CI depends on nothing recorded."/>
                <Links id="ci-used-by" title="Depended on by" links=ci.depended_on_by
                    empty="Nothing recorded depends on this CI."/>
            </div>
        </div>
    }
}

#[component]
fn Links(
    id: &'static str,
    title: &'static str,
    links: Vec<CiLink>,
    empty: &'static str,
) -> impl IntoView {
    let none = links.is_empty();
    view! {
        <section class="panel" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <ul class="links">
                {links
                    .into_iter()
                    .map(|link| {
                        view! {
                            <li>
                                <StatusBadge tone=link.status.tone() label=link.status.label()/>
                                <A href=format!("/cis/{}", link.id)>{link.name}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {none.then(|| view! { <p class="muted">{empty}</p> })}
        </section>
    }
}
