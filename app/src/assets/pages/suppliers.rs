//! Suppliers with their contracts, and forms to add either; kept live.

use crate::assets::api::{list_suppliers, CreateContract, CreateSupplier};
use crate::assets::money::format_amount;
use crate::assets::suppliers::{ContractKind, SupplierView};
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
    let add_supplier = ServerAction::<CreateSupplier>::new();
    let add_contract = ServerAction::<CreateContract>::new();
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
                                    <SupplierForm action=add_supplier/>
                                    <ContractForm action=add_contract suppliers=choices.clone()/>
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
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{supplier.name.clone()}</h2>
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
                        </tr>
                    </thead>
                    <tbody>
                        {supplier.contracts.into_iter().map(|c| view! {
                            <tr>
                                <td>{c.reference}</td>
                                <td>{c.kind.label()}</td>
                                <td>{c.starts_on}</td>
                                <td>{c.ends_on}</td>
                                <td class="num">{c.cost.map(|v| format!("{} {}", c.currency, format_amount(v)))}</td>
                                <td>{c.covers.join(", ")}</td>
                                <td>{c.sla_terms}</td>
                            </tr>
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

#[component]
fn SupplierForm(action: ServerAction<CreateSupplier>) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    view! {
        <section class="panel" aria-labelledby="new-supplier">
            <h2 id="new-supplier">"New supplier"</h2>
            <ActionForm action attr:aria-labelledby="new-supplier">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <TextField id="supplier-name" name="input[name]" label="Name" required=true max_length=100 error=error_of(errors, "name")/>
                <TextField id="supplier-contacts" name="input[contacts]" label="Contacts" error=error_of(errors, "contacts")/>
                <TextField id="supplier-rating" name="input[rating]" label="Rating (1 to 5)" kind="number" error=error_of(errors, "rating")/>
                <TextField id="supplier-notes" name="input[notes]" label="Notes" error=error_of(errors, "notes")/>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Add supplier"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ContractForm(
    action: ServerAction<CreateContract>,
    suppliers: Vec<(String, String)>,
) -> impl IntoView {
    let errors = field_errors(action.value().into());
    let problem = form_error(action.value().into());
    let kinds: Vec<(String, String)> = ContractKind::ALL
        .iter()
        .map(|k| (k.label().to_owned(), k.label().to_owned()))
        .collect();
    view! {
        <section class="panel" aria-labelledby="new-contract">
            <h2 id="new-contract">"New contract"</h2>
            <ActionForm action attr:aria-labelledby="new-contract">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <SelectField id="contract-supplier" name="input[supplier]" label="Supplier" options=suppliers placeholder="Choose a supplier" error=error_of(errors, "supplier")/>
                <SelectField id="contract-kind" name="input[kind]" label="Kind" options=kinds error=error_of(errors, "kind")/>
                <TextField id="contract-reference" name="input[reference]" label="Reference" required=true error=error_of(errors, "reference")/>
                <div class="form-grid">
                    <TextField id="contract-start" name="input[starts_on]" label="Starts" kind="date" required=true error=error_of(errors, "starts_on")/>
                    <TextField id="contract-end" name="input[ends_on]" label="Ends" kind="date" required=true error=error_of(errors, "ends_on")/>
                    <TextField id="contract-cost" name="input[cost]" label="Cost" error=error_of(errors, "cost")/>
                    <TextField id="contract-currency" name="input[currency]" label="Currency" value="EUR" max_length=3 error=error_of(errors, "currency")/>
                </div>
                <TextField id="contract-covers" name="input[covers]" label="Covers (asset tags, e.g. A002, A004)" error=error_of(errors, "covers")/>
                <TextField id="contract-sla" name="input[sla_terms]" label="SLA terms" error=error_of(errors, "sla_terms")/>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Add contract"</button></div>
            </ActionForm>
        </section>
    }
}
