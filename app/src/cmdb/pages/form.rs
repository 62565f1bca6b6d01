//! The CI form fields, shared by the create and edit forms.

use crate::cmdb::domain::{
    CiClass, CiInput, CiStatus, Environment, DESCRIPTION_MAX, NAME_MAX, OWNER_MAX,
};
use crate::error::FieldErrors;
use crate::ui::{SelectField, TextArea, TextField};
use leptos::prelude::*;

#[component]
pub fn CiFields(
    classes: Vec<CiClass>,
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
    let class_options = classes.into_iter().map(|c| (c.key, c.name)).collect();
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
        <div class="form-grid">
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
            <TextField
                id="ci-owner"
                name="input[owner]"
                label="Owner"
                value=initial.owner
                max_length=OWNER_MAX
                error=error("owner")
            />
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
        </div>
    }
}
