//! Picking a CI by name: a text field whose suggestions come from the server as you type.

use crate::cmdb::api::search_cis;
use crate::cmdb::domain::CiLink;
use crate::ui::FieldError;
use leptos::prelude::*;

/// A CI name field with live suggestions (a native datalist, so it works with the
/// keyboard and screen readers). `text` holds what is typed; `found` the suggestions.
#[component]
pub fn CiPicker(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    text: RwSignal<String>,
    found: RwSignal<Vec<CiLink>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let list_id = format!("{id}-suggestions");
    let error_id = format!("{id}-error");
    let suggestions = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().is_empty() {
                Ok(Vec::new())
            } else {
                search_cis(text).await
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(links)) = suggestions.get() {
            found.set(links);
        }
    });
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                type="text"
                id=id.clone()
                name=name
                list=list_id.clone()
                autocomplete="off"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
            />
            <datalist id=list_id>
                {move || found.get().into_iter().map(|link| view! { <option value=link.name/> }).collect_view()}
            </datalist>
            <FieldError id=error_id error=error/>
        </div>
    }
}
