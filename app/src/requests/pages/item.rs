//! Adding or editing a catalog item: its form defined line by line with a live preview
//! (parsed by the same code as the server), who approves it, its tasks, and its
//! fulfilment target in the hours of its service's SLA.

use super::order::FormFields;
use crate::auth::{Action, Can, Role};
use crate::requests::api::{get_catalog_item, item_services, SaveCatalogItem};
use crate::requests::form::{form_text, parse_form};
use crate::requests::views::CatalogItem;
use crate::sla::report::ServiceHours;
use crate::tickets::api::assignable;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn CatalogItemPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let data = Resource::new(
        move || key.get(),
        |key| async move {
            let item = if key == "new" {
                None
            } else {
                Some(get_catalog_item(key).await?)
            };
            Ok::<_, crate::error::AppError>((item, assignable().await?.0, item_services().await?))
        },
    );
    view! {
        <div class="breadcrumb"><A href="/requests/catalog" exact=true>"Service catalog"</A></div>
        <Can action=Action::CatalogManage>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((item, teams, services)) => view! { <ItemForm item teams services/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Can>
    }
}

const EXAMPLE: &str = "Model* : choice = Standard 14-inch | Developer 16-inch\nNeeded by : date\nWhy do you need it?* : long text";

#[component]
fn ItemForm(
    item: Option<CatalogItem>,
    teams: Vec<crate::tickets::views::Named>,
    services: Vec<ServiceHours>,
) -> impl IntoView {
    let save = ServerAction::<SaveCatalogItem>::new();
    let errors = field_errors(save.value().into());
    let problem = form_error(save.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            navigate("/requests/catalog", Default::default());
        }
    });
    let heading = item
        .as_ref()
        .map_or("New catalog item".to_owned(), |i| i.name.clone());
    let (key, version) = item
        .as_ref()
        .map_or((String::new(), 0), |i| (i.key.clone(), i.version));
    let form = item
        .as_ref()
        .map_or(EXAMPLE.to_owned(), |i| form_text(&i.fields));
    let definition = RwSignal::new(form.clone());
    let manager = crate::requests::domain::Approver::Manager;
    let approvals: Vec<(String, String)> =
        std::iter::once((manager.key().to_owned(), manager.label()))
            .chain(
                Role::ALL
                    .iter()
                    .filter(|r| **r != Role::Requester)
                    .map(|r| (r.key().to_owned(), format!("Any {}", r.label()))),
            )
            .collect();
    let teams: Vec<(String, String)> = teams.into_iter().map(|t| (t.key, t.name)).collect();
    let services: Vec<(String, String)> = services
        .into_iter()
        .map(|s| {
            let hours = s.hours.map_or("no SLA".to_owned(), |h| format!("SLA {h}"));
            (s.key, format!("{} · {hours}", s.name))
        })
        .collect();
    let i = item.clone();
    let active = i.as_ref().is_none_or(|i| i.active);
    view! {
        <Title text=heading.clone()/>
        <div class="page-header"><h1>{heading}</h1></div>
        <div class="two-col">
            <section class="panel">
                <ActionForm action=save attr:aria-label="Catalog item">
                    {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                    <input type="hidden" name="key" value=key/>
                    <input type="hidden" name="version" value=version/>
                    <div class="form-grid">
                        <TextField id="item-name" name="input[name]" label="Name" value=i.as_ref().map(|i| i.name.clone()).unwrap_or_default() required=true max_length=80 error=error("name")/>
                        <TextField id="item-category" name="input[category]" label="Category" value=i.as_ref().map(|i| i.category.clone()).unwrap_or_default() required=true max_length=40 error=error("category")/>
                        <TextArea id="item-description" name="input[description]" label="Description" value=i.as_ref().map(|i| i.description.clone()).unwrap_or_default() max_length=2000 error=error("description")/>
                        <div class="field wide">
                            <label for="item-form">"Order form: one field per line, as Label : kind; * marks a required field; a choice lists its options after ="</label>
                            <textarea id="item-form" name="input[form]" rows=6 class="mono" aria-describedby="item-form-kinds"
                                on:input=move |ev| definition.set(event_target_value(&ev)) prop:value=form.clone()>{form.clone()}</textarea>
                            <span id="item-form-kinds" class="muted small">"Kinds: text, long text, number, date, choice, yes/no."</span>
                            {move || error("form").get().map(|p| view! { <span class="field-error" role="alert">{p}</span> })}
                        </div>
                        <SelectField id="item-approval" name="input[approval]" label="Approved by" options=approvals placeholder="No approval" selected=i.as_ref().map(|i| i.approval.key().to_owned()).unwrap_or_default() error=error("approval")/>
                        <SelectField id="item-team" name="input[team]" label="Fulfilled by team" options=teams placeholder="No team" selected=i.as_ref().and_then(|i| i.team.clone()).map(|t| t.key).unwrap_or_default() error=error("team")/>
                        <TextArea id="item-tasks" name="input[tasks]" label="Fulfilment tasks, one per line, in order" value=i.as_ref().map(|i| i.tasks.join("\n")).unwrap_or_default() error=error("tasks")/>
                        <SelectField id="item-service" name="input[service]" label="Business service" options=services placeholder="No service" selected=i.as_ref().and_then(|i| i.service.clone()).map(|s| s.key).unwrap_or_default() error=error("service")/>
                        <TextField id="item-fulfilment" name="input[fulfilment]" label="Fulfilment target, in the service's SLA hours (such as 16h)" value=i.as_ref().and_then(|i| i.fulfilment.clone()).unwrap_or_default() max_length=20 error=error("fulfilment")/>
                        <div class="field wide">
                            <label class="check" for="item-active">
                                <input type="checkbox" id="item-active" name="input[active]" checked=active/>
                                "Orderable in the portal"
                            </label>
                        </div>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>"Save item"</button>
                        <A href="/requests/catalog" attr:class="btn">"Cancel"</A>
                    </div>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="item-preview">
                <h2 id="item-preview">"Preview"</h2>
                {move || match parse_form(&definition.get()) {
                    Ok(fields) => view! {
                        <fieldset class="form-preview form-grid" disabled=true aria-label="Preview of the order form">
                            <FormFields fields errors=Signal::derive(|| None)/>
                        </fieldset>
                    }.into_any(),
                    Err(problem) => view! { <p class="alert tone-warning" role="status">{problem}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}
