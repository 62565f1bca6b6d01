//! The fields of an RFC, shared by raising one and replanning it.

use crate::changes::domain::QUESTIONS;
use crate::changes::views::Change;
use crate::error::FieldErrors;
use crate::tickets::views::Named;
use crate::ui::{SelectField, TextArea, TextField};
use leptos::prelude::*;

/// The field error of one field, as a signal.
pub fn error_of(
    errors: Signal<Option<FieldErrors>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
}

/// Everything but the kind and template; `change` fills it in when replanning.
#[component]
pub fn RfcFields(
    change: Option<Change>,
    errors: Signal<Option<FieldErrors>>,
    teams: Vec<Named>,
    users: Vec<Named>,
) -> impl IntoView {
    let c = change.unwrap_or_default();
    let error = move |field| error_of(errors, field);
    let pairs = |v: Vec<Named>| v.into_iter().map(|n| (n.key, n.name)).collect::<Vec<_>>();
    let cis = c
        .cis
        .iter()
        .map(|n| n.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let answer = |i: usize| c.risk.get(i).map(|a| a.to_string()).unwrap_or_default();
    view! {
        <TextField id="change-title" name="input[title]" label="Title" value=c.title.clone() required=true max_length=160 error=error("title")/>
        <TextField id="change-cis" name="input[cis]" label="CIs and services it touches (names, comma-separated)" value=cis error=error("cis")/>
        <div class="form-grid">
            <TextField id="change-starts" name="input[starts_at]" label="Window starts (UTC)" kind="datetime-local" value=c.starts_at.clone().unwrap_or_default() error=error("starts_at")/>
            <TextField id="change-ends" name="input[ends_at]" label="Window ends (UTC)" kind="datetime-local" value=c.ends_at.clone().unwrap_or_default() error=error("ends_at")/>
        </div>
        <fieldset class="checkboxes">
            <legend>"Risk assessment"</legend>
            {move || error("risk").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="form-grid">
                {QUESTIONS.iter().enumerate().map(|(i, q)| {
                    let options = q.answers.iter().enumerate()
                        .map(|(a, (text, _))| (a.to_string(), (*text).to_owned()))
                        .collect::<Vec<_>>();
                    view! {
                        <SelectField id=format!("change-risk-{}", q.key) name=format!("input[risk][{i}]") label=q.text options selected=answer(i) placeholder="Not answered" error=Signal::derive(|| None::<String>)/>
                    }
                }).collect_view()}
            </div>
        </fieldset>
        <TextArea id="change-implementation" name="input[implementation_plan]" label="Implementation plan" value=c.implementation_plan.clone() error=error("implementation_plan")/>
        <TextArea id="change-backout" name="input[backout_plan]" label="Backout plan" value=c.backout_plan.clone() error=error("backout_plan")/>
        <TextArea id="change-test" name="input[test_plan]" label="Test plan" value=c.test_plan.clone() error=error("test_plan")/>
        <TextArea id="change-description" name="input[description]" label="Description and reason" value=c.description.clone() error=error("description")/>
        <div class="form-grid">
            <SelectField id="change-team" name="input[team]" label="Assignment group" options=pairs(teams) selected=c.team.map(|t| t.key).unwrap_or_default() placeholder="Nobody yet" error=error("team")/>
            <SelectField id="change-assignee" name="input[assignee]" label="Implemented by" options=pairs(users) selected=c.assignee.map(|a| a.key).unwrap_or_default() placeholder="Nobody yet" error=error("assignee")/>
        </div>
    }
}
