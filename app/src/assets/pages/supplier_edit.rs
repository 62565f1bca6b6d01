//! Editing a supplier or a contract: the same forms as adding one, filled in, saved only
//! if nobody saved the record since it was opened.

use super::suppliers::{ContractForm, SupplierForm};
use crate::assets::api::{list_suppliers, SaveContract, SaveSupplier};
use crate::auth::{Action, Can};
use crate::error::AppError;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Back to the suppliers once a save went through.
fn back_after_save(value: Signal<Option<Result<String, AppError>>>) {
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            navigate("/assets/suppliers", Default::default());
        }
    });
}

fn not_found(what: &str) -> AppError {
    AppError::NotFound(format!("This {what}"))
}

#[component]
pub fn EditSupplierPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let save = ServerAction::<SaveSupplier>::new();
    back_after_save(save.value().into());
    let found = Resource::new(move || id.get(), |_| list_suppliers());
    view! {
        <Title text="Edit supplier"/>
        <div class="breadcrumb"><A href="/assets/suppliers" exact=true>"Suppliers and contracts"</A> " / edit"</div>
        <Can action=Action::AssetWrite>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let supplier = found.await.and_then(|list| {
                        list.into_iter().find(|s| s.id == id.get_untracked()).ok_or_else(|| not_found("supplier"))
                    });
                    match supplier {
                        Ok(s) => view! {
                            <div class="page-header"><h1>{format!("Edit {}", s.name)}</h1></div>
                            <SupplierForm action=save editing=Some((s.id.clone(), s.version)) values=s.input()/>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Can>
    }
}

#[component]
pub fn EditContractPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let save = ServerAction::<SaveContract>::new();
    back_after_save(save.value().into());
    let found = Resource::new(move || id.get(), |_| list_suppliers());
    view! {
        <Title text="Edit contract"/>
        <div class="breadcrumb"><A href="/assets/suppliers" exact=true>"Suppliers and contracts"</A> " / edit"</div>
        <Can action=Action::AssetWrite>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let list = match found.await {
                        Ok(list) => list,
                        Err(error) => return view! { <ErrorNotice error/> }.into_any(),
                    };
                    let choices: Vec<(String, String)> = list.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
                    let wanted = id.get_untracked();
                    let contract = list.iter().find_map(|s| {
                        s.contracts.iter().find(|c| c.id == wanted).map(|c| (s.id.clone(), c.clone()))
                    });
                    match contract {
                        Some((supplier, c)) => view! {
                            <div class="page-header"><h1>{format!("Edit contract {}", c.reference)}</h1></div>
                            <ContractForm action=save editing=Some((c.id.clone(), c.version)) values=c.input(&supplier) suppliers=choices/>
                        }.into_any(),
                        None => view! { <ErrorNotice error=not_found("contract")/> }.into_any(),
                    }
                })}
            </Suspense>
        </Can>
    }
}
