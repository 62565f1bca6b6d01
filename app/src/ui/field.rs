//! Labelled form fields whose server-side errors appear right below them.

use leptos::prelude::*;

/// The error under a field; its id is what the field's `aria-describedby` points at.
#[component]
pub fn FieldError(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! { <span class="field-error" id=id.clone() role="alert">{message}</span> }
        })
    }
}

fn error_id(id: &str) -> String {
    format!("{id}-error")
}

fn described_by(id: &str, error: Signal<Option<String>>) -> impl Fn() -> Option<String> {
    let error_id = error_id(id);
    move || error.get().map(|_| error_id.clone())
}

fn invalid(error: Signal<Option<String>>) -> impl Fn() -> Option<&'static str> {
    move || error.get().map(|_| "true")
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] max_length: Option<usize>,
    /// The input type, `text` unless given (`email`, `password`, `date`, `search`).
    #[prop(optional)]
    kind: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                type=kind.unwrap_or("text")
                autocomplete=autocomplete
                id=id.clone()
                name=name
                // The attribute for the server's HTML; the property so that a form shown
                // again with other values (a merge) shows them, not what was typed.
                value=value.clone()
                prop:value=value
                required=required
                maxlength=max_length
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
            />
            <FieldError id=error_id(&id) error=error/>
        </div>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] value: String,
    #[prop(optional)] max_length: Option<usize>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field wide">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                name=name
                maxlength=max_length
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
                prop:value=value.clone()
            >
                {value.clone()}
            </textarea>
            <FieldError id=error_id(&id) error=error/>
        </div>
    }
}

/// A select whose options are `(value, label)` pairs.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=name
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
            >
                {placeholder.map(|text| view! { <option value="">{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError id=error_id(&id) error=error/>
        </div>
    }
}

/// A group of checkboxes named `name[value]`, so a plain form post sends the checked
/// values as a map.
#[component]
pub fn Checkboxes(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    /// `(value, label, checked)`
    options: Vec<(String, String, bool)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="field wide checkboxes" id=id.clone() aria-describedby=described_by(&id, error)>
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(value, label, checked)| {
                    let input_id = format!("{id}-{value}");
                    let label_for = input_id.clone();
                    // `name[]=value`, a list: a key in the name (`name[value]`) that
                    // starts with a digit is read as a list index and refused.
                    let input_name = format!("{name}[]");
                    view! {
                        <label class="check" for=label_for>
                            <input type="checkbox" id=input_id name=input_name value=value checked=checked/>
                            {label}
                        </label>
                    }
                })
                .collect_view()}
            <FieldError id=error_id(&id) error=error/>
        </fieldset>
    }
}
