//! Suppliers with their contracts, forms to add or edit either, and the edit pages; kept
//! live.

use crate::assets::api::{list_suppliers, SaveContract, SaveSupplier};
use crate::assets::money::format_amount;
use crate::assets::suppliers::{ContractInput, ContractKind, SupplierInput, SupplierView};
use crate::auth::{Action, Can};
use crate::error::FieldErrors;
use crate::live::Live;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SuppliersPage() -> impl IntoView {
    let live = expect_context::<Live>();
    let (suppliers, contracts) = (live.of("supplier"), live.of("contract"));
    let add_supplier = ServerAction::<SaveSupplier>::new();
    let add_contract = ServerAction::<SaveContract>::new();
    // Reloaded by the live change a successful save makes, not by the save itself: a
    // refused one must leave the forms as they were typed.
    let found = Resource::new(
        move || (suppliers.get(), contracts.get()),
        |_| list_suppliers(),
    );
    view! {
        <Title text="Suppliers and contracts"/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A></div>
        <div class="page-header">
            <h1>"Suppliers and contracts"</h1>
            <div class="actions"><A href="/assets/expiring" attr:class="btn">"Expiring soon"</A></div>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(list) => {
                        let choices: Vec<(String, String)> = list.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
                        view! {
                            {list.into_iter().map(|s| view! { <Supplier supplier=s/> }).collect_view()}
                            <Can action=Action::AssetWrite>
                                <div class="halves">
                                    <SupplierForm action=add_supplier editing=None values=SupplierInput::default()/>
                                    <ContractForm action=add_contract editing=None values=ContractInput::default() suppliers=choices.clone()/>
                                </div>
                            </Can>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Supplier(supplier: SupplierView) -> impl IntoView {
    let (labelled_by, heading) = (
        format!("supplier-{}", supplier.id),
        format!("supplier-{}", supplier.id),
    );
    let rating = supplier.rating.map(|r| {
        format!(
            "{}{} ({r} of 5)",
            "★".repeat(usize::from(r)),
            "☆".repeat(usize::from(5 - r))
        )
    });
    let empty = supplier.contracts.is_empty();
    let edit = format!("/assets/suppliers/{}/edit", supplier.id);
    let edit_label = format!("Edit {}", supplier.name);
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <div class="panel-header">
                <h2 id=heading>{supplier.name.clone()}</h2>
                <Can action=Action::AssetWrite>
                    <A href=edit.clone() attr:class="btn" attr:aria-label=edit_label.clone()>"Edit"</A>
                </Can>
            </div>
            <dl class="props">
                {(!supplier.contacts.is_empty()).then(|| view! { <dt>"Contacts"</dt><dd>{supplier.contacts.clone()}</dd> })}
                {rating.map(|r| view! { <dt>"Rating"</dt><dd>{r}</dd> })}
                {(!supplier.notes.is_empty()).then(|| view! { <dt>"Notes"</dt><dd>{supplier.notes.clone()}</dd> })}
            </dl>
            <div class="table-wrap">
                <table class="data" aria-label=format!("Contracts with {}", supplier.name)>
                    <thead>
                        <tr>
                            <th scope="col">"Reference"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"Until"</th>
                            <th scope="col" class="num">"Cost"</th>
                            <th scope="col">"Covers"</th>
                            <th scope="col">"SLA terms"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {supplier.contracts.into_iter().map(|c| {
                            let edit = format!("/assets/contracts/{}/edit", c.id);
                            let edit_label = format!("Edit {}", c.reference);
                            let covers = c.covers.iter().chain(&c.cis).cloned().collect::<Vec<_>>().join(", ");
                            view! {
                            <tr>
                                <td>{c.reference}</td>
                                <td>{c.kind.label()}</td>
                                <td>{c.starts_on}</td>
                                <td>{c.ends_on}</td>
                                <td class="num">{c.cost.map(|v| format!("{} {}", c.currency, format_amount(v)))}</td>
                                <td>{covers}</td>
                                <td>{c.sla_terms}</td>
                                <td>
                                    <Can action=Action::AssetWrite>
                                        <A href=edit.clone() attr:aria-label=edit_label.clone()>"Edit"</A>
                                    </Can>
                                </td>
                            </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"No contracts."</p> })}
            </div>
        </section>
    }
}

fn error_of(errors: Signal<Option<FieldErrors>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
}

/// The record being edited: its key and the version the form started from.
pub(super) type Editing = Option<(String, u64)>;

fn editing_fields(editing: &Editing) -> impl IntoView {
    editing.clone().map(|(id, version)| {
        view! {
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version.to_string()/>
        }
    })
}

#[component]
pub(super) fn SupplierForm(
    action: ServerAction<SaveSupplier>,
    editing: Editing,
    values: SupplierInput,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let (title, button) = match editing {
        None => ("New supplier", "Add supplier"),
        Some(_) => ("Supplier", "Save supplier"),
    };
    view! {
        <section class="panel" aria-labelledby="supplier-form">
            <h2 id="supplier-form">{title}</h2>
            <ActionForm action attr:aria-labelledby="supplier-form">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                {editing_fields(&editing)}
                <TextField id="supplier-name" name="input[name]" label="Name" value=values.name required=true max_length=100 error=error_of(errors, "name")/>
                <TextField id="supplier-contacts" name="input[contacts]" label="Contacts" value=values.contacts error=error_of(errors, "contacts")/>
                <TextField id="supplier-rating" name="input[rating]" label="Rating (1 to 5)" value=values.rating kind="number" error=error_of(errors, "rating")/>
                <TextField id="supplier-notes" name="input[notes]" label="Notes" value=values.notes error=error_of(errors, "notes")/>
                <div class="form-actions"><button type="submit" class="btn btn-primary">{button}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
pub(super) fn ContractForm(
    action: ServerAction<SaveContract>,
    editing: Editing,
    values: ContractInput,
    suppliers: Vec<(String, String)>,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let kinds: Vec<(String, String)> = ContractKind::ALL
        .iter()
        .map(|k| (k.label().to_owned(), k.label().to_owned()))
        .collect();
    let (title, button) = match editing {
        None => ("New contract", "Add contract"),
        Some(_) => ("Contract", "Save contract"),
    };
    let currency = if values.currency.is_empty() {
        "EUR".to_owned()
    } else {
        values.currency.clone()
    };
    view! {
        <section class="panel" aria-labelledby="contract-form">
            <h2 id="contract-form">{title}</h2>
            <ActionForm action attr:aria-labelledby="contract-form">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                {editing_fields(&editing)}
                <SelectField id="contract-supplier" name="input[supplier]" label="Supplier" options=suppliers selected=values.supplier placeholder="Choose a supplier" error=error_of(errors, "supplier")/>
                <SelectField id="contract-kind" name="input[kind]" label="Kind" options=kinds selected=values.kind error=error_of(errors, "kind")/>
                <TextField id="contract-reference" name="input[reference]" label="Reference" value=values.reference required=true error=error_of(errors, "reference")/>
                <div class="form-grid">
                    <TextField id="contract-start" name="input[starts_on]" label="Starts" kind="date" value=values.starts_on required=true error=error_of(errors, "starts_on")/>
                    <TextField id="contract-end" name="input[ends_on]" label="Ends" kind="date" value=values.ends_on required=true error=error_of(errors, "ends_on")/>
                    <TextField id="contract-cost" name="input[cost]" label="Cost" value=values.cost error=error_of(errors, "cost")/>
                    <TextField id="contract-currency" name="input[currency]" label="Currency" value=currency max_length=3 error=error_of(errors, "currency")/>
                </div>
                <TextField id="contract-covers" name="input[covers]" label="Covers (asset tags, e.g. A002, A004)" value=values.covers error=error_of(errors, "covers")/>
                <TextField id="contract-cis" name="input[cis]" label="Covers CIs (names, comma-separated)" value=values.cis error=error_of(errors, "cis")/>
                <TextField id="contract-sla" name="input[sla_terms]" label="SLA terms" value=values.sla_terms error=error_of(errors, "sla_terms")/>
                <div class="form-actions"><button type="submit" class="btn btn-primary">{button}</button></div>
            </ActionForm>
        </section>
    }
}
