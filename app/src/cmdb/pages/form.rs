//! The CI form fields, shared by the create and edit forms.

use crate::cmdb::classes::{
    attribute_field, effective_attributes, AttrKind, AttributeDef, ClassDef,
};
use crate::cmdb::domain::{CiInput, CiStatus, Environment, DESCRIPTION_MAX, NAME_MAX, OWNER_MAX};
use crate::error::FieldErrors;
use crate::ui::{FieldError, SelectField, TextArea, TextField};
use leptos::prelude::*;

#[component]
pub fn CiFields(
    classes: Vec<ClassDef>,
    initial: CiInput,
    errors: Signal<Option<FieldErrors>>,
) -> impl IntoView {
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let labelled = |labels: &[&str]| -> Vec<(String, String)> {
        labels
            .iter()
            .map(|l| (l.to_string(), l.to_string()))
            .collect()
    };
    let statuses: Vec<&str> = CiStatus::ALL.iter().map(|s| s.label()).collect();
    let environments: Vec<&str> = Environment::ALL.iter().map(|e| e.label()).collect();
    let class_options = classes
        .iter()
        .map(|c| (c.key.clone(), c.name.clone()))
        .collect();
    // The attribute fields follow the chosen class.
    let chosen = RwSignal::new(initial.class.clone());
    let values = initial.attributes.clone();
    let attribute_fields = move || {
        let defs = effective_attributes(&classes, &chosen.get());
        defs.into_iter()
            .map(|def| {
                let value = values.get(&def.label).cloned().unwrap_or_default();
                let field = attribute_field(&def.label);
                let error = Signal::derive(move || {
                    errors.get().and_then(|e| e.get(&field).map(str::to_owned))
                });
                view! { <AttributeField def value error/> }
            })
            .collect_view()
    };
    let criticalities = (1..=5)
        .map(|c| {
            let meaning = match c {
                1 => " (highest)",
                5 => " (lowest)",
                _ => "",
            };
            (c.to_string(), format!("{c}{meaning}"))
        })
        .collect();
    let initial_status = if initial.status.is_empty() {
        "Active".to_owned()
    } else {
        initial.status
    };
    let initial_env = if initial.environment.is_empty() {
        "Production".to_owned()
    } else {
        initial.environment
    };
    let initial_crit = if initial.criticality.is_empty() {
        "3".to_owned()
    } else {
        initial.criticality
    };
    view! {
        <div class="form-grid" on:change=move |ev| {
            let target = event_target::<web_sys::HtmlElement>(&ev);
            if target.id() == "ci-class" {
                chosen.set(event_target_value(&ev));
            }
        }>
            <TextField
                id="ci-name"
                name="input[name]"
                label="Name"
                value=initial.name
                required=true
                max_length=NAME_MAX
                error=error("name")
            />
            <SelectField
                id="ci-class"
                name="input[class]"
                label="Class"
                options=class_options
                selected=initial.class
                placeholder="Choose a class…"
                error=error("class")
            />
            <SelectField
                id="ci-status"
                name="input[status]"
                label="Status"
                options=labelled(&statuses)
                selected=initial_status
                error=error("status")
            />
            <SelectField
                id="ci-environment"
                name="input[environment]"
                label="Environment"
                options=labelled(&environments)
                selected=initial_env
                error=error("environment")
            />
            <SelectField
                id="ci-criticality"
                name="input[criticality]"
                label="Criticality"
                options=criticalities
                selected=initial_crit
                error=error("criticality")
            />
            <OwnerField value=initial.owner error=error("owner")/>
            <TextField
                id="ci-tags"
                name="input[tags]"
                label="Tags (comma-separated)"
                value=initial.tags
                error=error("tags")
            />
            <TextArea
                id="ci-description"
                name="input[description]"
                label="Description"
                value=initial.description
                max_length=DESCRIPTION_MAX
                error=error("description")
            />
            {attribute_fields}
        </div>
    }
}

/// One class attribute, as the input its type calls for.
#[component]
fn AttributeField(
    def: AttributeDef,
    value: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!(
        "ci-attr-{}",
        def.label
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "-")
    );
    let name = format!("input[attributes][{}]", def.label);
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let invalid = move || error.get().map(|_| "true");
    let label = if def.required {
        format!("{} (required)", def.label)
    } else {
        def.label.clone()
    };
    let input = match def.kind {
        AttrKind::Choice => view! {
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=described>
                <option value="">"—"</option>
                {def.choices.iter().map(|c| {
                    let selected = *c == value;
                    view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        kind => {
            let kind = match kind {
                AttrKind::Number => "number",
                AttrKind::Date => "date",
                _ => "text",
            };
            view! {
                <input type=kind id=id.clone() name=name value=value step="any"
                    required=def.required aria-invalid=invalid aria-describedby=described/>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <FieldError id=error_id error/>
        </div>
    }
}

/// The owner: free text, with the teams and users suggested as you type. The names are
/// fetched when the field first gets focus: a resource made here would be made again
/// each time the enclosing Suspense re-renders.
#[component]
fn OwnerField(value: String, error: Signal<Option<String>>) -> impl IntoView {
    let owners = RwSignal::new(None::<Vec<String>>);
    let load = move |_| {
        if owners.get_untracked().is_none() {
            owners.set(Some(Vec::new()));
            leptos::task::spawn_local(async move {
                if let Ok(names) = crate::people::api::owner_names().await {
                    owners.set(Some(names));
                }
            });
        }
    };
    view! {
        <div class="field">
            <label for="ci-owner">"Owner (team or person)"</label>
            <input type="text" id="ci-owner" name="input[owner]" value=value list="ci-owner-suggestions"
                maxlength=OWNER_MAX aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| "ci-owner-error") on:focus=load/>
            <datalist id="ci-owner-suggestions">
                {move || owners.get().unwrap_or_default().into_iter().map(|name| view! { <option value=name/> }).collect_view()}
            </datalist>
            <FieldError id="ci-owner-error".to_owned() error/>
        </div>
    }
}
