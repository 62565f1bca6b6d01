//! One asset: its facts, value, lifecycle with timeline, maintenance windows and audit
//! history, kept live.

use super::lifecycle::{Actions, LifecyclePanel};
use super::value::ValuePanel;
use crate::assets::api::get_asset;
use crate::assets::depreciation::Method;
use crate::assets::domain::Asset;
use crate::audit::{record_history, History};
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::monitoring::{MaintenanceState, MaintenanceWindows, PlannedOn};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssetDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let live = expect_context::<Live>();
    let (assets, events) = (live.of("asset"), live.of("asset_event"));
    let actions = Actions::new();
    let asset = Resource::new(
        move || (id.get(), assets.get(), events.get(), actions.version()),
        |(id, ..)| get_asset(id),
    );
    let history = Resource::new(
        move || (id.get(), assets.get()),
        |(id, _)| record_history("asset".into(), id),
    );
    let maintenance = MaintenanceState::new(PlannedOn::Asset, id);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match asset.await {
                    Ok(asset) => view! { <AssetView asset actions/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        {move || view! { <MaintenanceWindows key=id.get() state=maintenance/> }}
        <History entries=history/>
    }
}

#[component]
fn AssetView(asset: Asset, actions: Actions) -> impl IntoView {
    let f = asset.fields.clone();
    let title = format!("{} · {}", f.tag, f.name);
    let edit = format!("/assets/{}/edit", asset.id);
    let (basis, today) = (asset.basis(), asset.today.clone());
    let contracts = asset.contracts.clone();
    let method = Method::from_key(&f.method).map_or("", Method::label);
    let ci = asset.ci_key.clone().map(|key| {
        view! { <A href=format!("/cis/{key}")>{f.ci.clone()}</A> " " {asset.ci_status.clone().map(|s| format!("({s})"))} }
    });
    let fact = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A></div>
        <div class="page-header">
            <h1>{title} " " <StatusBadge tone=asset.state.tone() label=asset.state.label()/></h1>
            <div class="actions">
                <Can action=Action::AssetWrite>
                    <A href=edit.clone() attr:class="btn">"Edit"</A>
                </Can>
            </div>
        </div>
        <div class="two-col">
            <section class="panel" aria-labelledby="asset-facts">
                <h2 id="asset-facts">"Details"</h2>
                <dl class="props">
                    {fact("Category", f.category.clone())}
                    {fact("Manufacturer", f.manufacturer.clone())}
                    {fact("Model", f.model.clone())}
                    {fact("Serial number", f.serial.clone())}
                    {fact("Owner", f.owner.clone())}
                    {fact("Location", f.location.clone())}
                    {ci.map(|ci| view! { <dt>"Configuration item"</dt><dd>{ci}</dd> })}
                    {fact("Supplier", f.supplier.clone())}
                    {fact("Purchase order", f.purchase_order.clone())}
                    {fact("Purchased", f.purchase_date.clone())}
                    {fact("Depreciation", method.to_owned())}
                    {fact("Warranty ends", f.warranty_end.clone())}
                    {fact("End of life", f.eol_date.clone())}
                    {(!contracts.is_empty()).then(|| view! {
                        <dt>"Contracts"</dt>
                        <dd>
                            <ul class="links" aria-label="Contracts covering this asset">
                                {contracts.iter().map(|c| view! {
                                    <li>
                                        <A href="/assets/suppliers">{format!("{} {}", c.kind.label(), c.reference)}</A>
                                        {format!(" with {} until {}", c.supplier, c.ends_on)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </dd>
                    })}
                </dl>
                {(!f.notes.is_empty()).then(|| view! { <p class="notes">{f.notes.clone()}</p> })}
            </section>
            <ValuePanel basis currency=f.currency.clone() today fiscal_year=asset.fiscal_year written_off=!asset.state.on_the_books()/>
        </div>
        <LifecyclePanel asset actions/>
    }
}
