//! Ordering one catalog item: its form, built from the item's definition, what happens
//! after (approval, tasks), and the request page once it is made.

use crate::error::FieldErrors;
use crate::requests::api::{get_catalog_item, Order};
use crate::requests::form::{FieldKind, FormField};
use crate::requests::views::CatalogItem;
use crate::ui::{field_errors, form_error, ErrorNotice, FieldError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let item = Resource::new(move || key.get(), get_catalog_item);
    view! {
        <div class="breadcrumb"><A href="/portal">"Service portal"</A></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(item) => view! { <OrderForm item/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderForm(item: CatalogItem) -> impl IntoView {
    let order = ServerAction::<Order>::new();
    let errors = field_errors(order.value().into());
    let problem = form_error(order.value().into());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(number)) = order.value().get() {
            navigate(&format!("/requests/{number}"), Default::default());
        }
    });
    let approval = match item.approval {
        crate::requests::domain::Approver::Nobody => {
            "It needs no approval: work starts right away.".to_owned()
        }
        crate::requests::domain::Approver::Manager => "Your manager approves it first.".to_owned(),
        approver => format!("{} approves it first.", approver.label()),
    };
    let steps = item.tasks.clone();
    view! {
        <Title text=format!("Order: {}", item.name)/>
        <div class="page-header"><h1>{item.name.clone()}</h1></div>
        <div class="two-col">
            <section class="panel" aria-labelledby="order-form">
                <h2 id="order-form">"Your order"</h2>
                {(!item.description.is_empty()).then(|| view! { <p>{item.description.clone()}</p> })}
                {(!item.active).then(|| view! { <p class="alert tone-warning" role="status">"This item can no longer be ordered."</p> })}
                <ActionForm action=order attr:aria-label=format!("Order {}", item.name)>
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <input type="hidden" name="item" value=item.key.clone()/>
                    <div class="form-grid">
                        <FormFields fields=item.fields.clone() errors/>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || order.pending().get()>"Submit request"</button>
                        <A href="/portal" attr:class="btn">"Cancel"</A>
                    </div>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="order-next">
                <h2 id="order-next">"What happens next"</h2>
                <p>{approval}</p>
                <ol>{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                <p class="muted">"You can follow it under My requests in the portal; it updates as it moves."</p>
            </section>
        </div>
    }
}

/// The inputs of an order form, named `answers[<key>]`, with their errors. Also the
/// live preview of a definition on the catalog editor.
#[component]
pub fn FormFields(fields: Vec<FormField>, errors: Signal<Option<FieldErrors>>) -> impl IntoView {
    fields
        .into_iter()
        .map(|f| view! { <Input field=f errors/> })
        .collect_view()
}

#[component]
fn Input(field: FormField, errors: Signal<Option<FieldErrors>>) -> impl IntoView {
    let key = field.key.clone();
    let error = Signal::derive(move || errors.get().and_then(|e| e.get(&key).map(str::to_owned)));
    let id = format!("answer-{}", field.key);
    let name = format!("answers[{}]", field.key);
    let error_id = format!("{id}-error");
    let described = move || error.get().map(|_| format!("answer-{}-error", field.key));
    let invalid = move || error.get().map(|_| "true");
    let label = if field.required {
        format!("{} (required)", field.label)
    } else {
        field.label.clone()
    };
    let required = field.required;
    let input = match field.kind {
        FieldKind::LongText => view! {
            <textarea id=id.clone() name=name maxlength=5000 required=required aria-invalid=invalid aria-describedby=described></textarea>
        }.into_any(),
        FieldKind::Choice => view! {
            <select id=id.clone() name=name required=required aria-invalid=invalid aria-describedby=described>
                <option value="">"Choose…"</option>
                {field.options.into_iter().map(|o| { let value = o.clone(); view! { <option value=value>{o}</option> } }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::YesNo => {
            return view! {
                <div class="field wide">
                    <label class="check" for=id.clone()>
                        <input type="checkbox" id=id.clone() name=name required=required aria-invalid=invalid aria-describedby=described/>
                        {label}
                    </label>
                    <FieldError id=error_id error/>
                </div>
            }.into_any();
        }
        kind => {
            let (kind, step) = match kind {
                FieldKind::Number => ("number", Some("any")),
                FieldKind::Date => ("date", None),
                _ => ("text", None),
            };
            view! {
                <input type=kind step=step id=id.clone() name=name maxlength=200 required=required aria-invalid=invalid aria-describedby=described/>
            }.into_any()
        }
    };
    let wide = if field.kind == FieldKind::LongText {
        "field wide"
    } else {
        "field"
    };
    view! {
        <div class=wide>
            <label for=id>{label}</label>
            {input}
            <FieldError id=error_id error/>
        </div>
    }
    .into_any()
}
