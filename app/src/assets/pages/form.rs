//! Registering and editing an asset. An edit names the version it started from, so a
//! concurrent change is refused instead of overwritten, and then merged field by field.

use crate::assets::api::{get_asset, CreateAsset, UpdateAsset};
use crate::assets::depreciation::Method;
use crate::assets::domain::{Asset, AssetInput, CATEGORIES};
use crate::error::{AppError, FieldErrors};
use crate::ui::{
    field_errors, form_error, ConflictPanel, ErrorNotice, SelectField, TextArea, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

type Errors = Signal<Option<FieldErrors>>;

#[component]
fn AssetFields(initial: AssetInput, errors: Errors) -> impl IntoView {
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let i = initial;
    let methods: Vec<(String, String)> = Method::ALL
        .iter()
        .map(|m| (m.key().to_owned(), m.label().to_owned()))
        .collect();
    view! {
        <fieldset class="form-grid">
            <legend>"Identity"</legend>
            <TextField id="asset-tag" name="input[tag]" label="Asset tag (empty: next free)" value=i.tag max_length=20 error=error("tag")/>
            <TextField id="asset-name" name="input[name]" label="Name" value=i.name required=true max_length=100 error=error("name")/>
            <div class="field">
                <label for="asset-category">"Category"</label>
                <input id="asset-category" name="input[category]" list="asset-categories" required
                    value=i.category aria-invalid=move || error("category").get().map(|_| "true")
                    aria-describedby=move || error("category").get().map(|_| "asset-category-error")/>
                <datalist id="asset-categories">
                    {CATEGORIES.iter().map(|c| view! { <option value=*c/> }).collect_view()}
                </datalist>
                <crate::ui::FieldError id="asset-category-error".to_owned() error=error("category")/>
            </div>
            <TextField id="asset-manufacturer" name="input[manufacturer]" label="Manufacturer" value=i.manufacturer error=error("manufacturer")/>
            <TextField id="asset-model" name="input[model]" label="Model" value=i.model error=error("model")/>
            <TextField id="asset-serial" name="input[serial]" label="Serial number" value=i.serial error=error("serial")/>
        </fieldset>
        <fieldset class="form-grid">
            <legend>"Ownership"</legend>
            <TextField id="asset-owner" name="input[owner]" label="Owner (person or team)" value=i.owner error=error("owner")/>
            <TextField id="asset-location" name="input[location]" label="Location" value=i.location error=error("location")/>
            <TextField id="asset-ci" name="input[ci]" label="Configuration item (name)" value=i.ci error=error("ci")/>
        </fieldset>
        <fieldset class="form-grid">
            <legend>"Purchase and value"</legend>
            <TextField id="asset-supplier" name="input[supplier]" label="Supplier" value=i.supplier error=error("supplier")/>
            <TextField id="asset-po" name="input[purchase_order]" label="Purchase order" value=i.purchase_order error=error("purchase_order")/>
            <TextField id="asset-purchased" name="input[purchase_date]" label="Purchase date" kind="date" value=i.purchase_date error=error("purchase_date")/>
            <TextField id="asset-cost" name="input[cost]" label="Cost" value=i.cost error=error("cost")/>
            <TextField id="asset-currency" name="input[currency]" label="Currency" value=i.currency max_length=3 error=error("currency")/>
            <SelectField id="asset-method" name="input[method]" label="Depreciation" options=methods selected=i.method error=error("method")/>
            <TextField id="asset-life" name="input[life_months]" label="Useful life (months)" kind="number" value=i.life_months error=error("life_months")/>
            <TextField id="asset-warranty" name="input[warranty_end]" label="Warranty ends" kind="date" value=i.warranty_end error=error("warranty_end")/>
            <TextField id="asset-eol" name="input[eol_date]" label="End of life" kind="date" value=i.eol_date error=error("eol_date")/>
        </fieldset>
        <TextArea id="asset-notes" name="input[notes]" label="Notes" value=i.notes max_length=4000 error=error("notes")/>
    }
}

#[component]
pub fn NewAssetPage() -> impl IntoView {
    let create = ServerAction::<CreateAsset>::new();
    let errors = field_errors(create.value().into());
    let problem = form_error(create.value().into());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(key)) = create.value().get() {
            navigate(&format!("/assets/{key}"), Default::default());
        }
    });
    let states = vec![
        ("Ordered".to_owned(), "Ordered".to_owned()),
        ("In Stock".to_owned(), "In Stock (delivered)".to_owned()),
    ];
    let state_error =
        Signal::derive(move || errors.get().and_then(|e| e.get("state").map(str::to_owned)));
    let initial = AssetInput {
        currency: "EUR".into(),
        life_months: "36".into(),
        ..AssetInput::default()
    };
    view! {
        <Title text="New asset"/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A></div>
        <div class="page-header"><h1>"New asset"</h1></div>
        <section class="panel">
            <ActionForm action=create attr:aria-label="New asset">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <SelectField id="asset-state" name="state" label="Starts as" options=states selected="Ordered" error=state_error/>
                <AssetFields initial errors/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Register asset"</button>
                    <A href="/assets" attr:class="btn">"Cancel"</A>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditAssetPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let asset = Resource::new(move || id.get(), get_asset);
    let update = ServerAction::<UpdateAsset>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            navigate(
                &format!("/assets/{}", id.get_untracked()),
                Default::default(),
            );
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match asset.await {
                    Ok(asset) => view! { <EditForm asset action=update/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditForm(asset: Asset, action: ServerAction<UpdateAsset>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let back = format!("/assets/{}", asset.id);
    let heading = format!("Edit {}", asset.fields.tag);
    let tag = asset.fields.tag.clone();
    let id = asset.id.clone();
    // What the form shows and the version it is based on; a merge replaces both.
    let draft = RwSignal::new((asset.fields.clone(), asset.version));
    // What was last submitted, and the saved asset it lost against.
    let submitted = RwSignal::new(None::<AssetInput>);
    let theirs = RwSignal::new(None::<Asset>);
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
                    if let Ok(latest) = get_asset(id).await {
                        theirs.set(Some(latest));
                    }
                });
            }
        }
    });
    let resolve = move |merged: AssetInput, version: u64| {
        draft.set((merged, version));
        theirs.set(None);
        action.value().set(None);
    };
    view! {
        <Title text=heading.clone()/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A> " / " <A href=back.clone()>{tag}</A></div>
        <div class="page-header"><h1>{heading}</h1></div>
        {move || {
            let (Some(yours), Some(latest)) = (submitted.get(), theirs.get()) else { return None };
            let version = latest.version;
            Some(view! { <ConflictPanel what="asset" yours theirs=latest.fields version on_resolve=resolve/> })
        }}
        <section class="panel">
            <ActionForm action attr:aria-label="Edit asset">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="id" value=id.clone()/>
                {move || {
                    let (input, version) = draft.get();
                    view! {
                        <input type="hidden" name="version" value=version/>
                        <AssetFields initial=input errors/>
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
