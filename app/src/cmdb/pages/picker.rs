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
    // Fetched from the input handler, not a resource: a resource made here would be
    // made again each time an enclosing Suspense re-renders.
    let asked = StoredValue::new(String::new());
    let suggest = move |typed: String| {
        text.set(typed.clone());
        asked.set_value(typed.clone());
        if typed.trim().is_empty() {
            found.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let links = search_cis(typed.clone()).await;
            // Only the answer to what is typed now counts, whatever order answers come in.
            if let Ok(links) = links {
                if asked.get_value() == typed {
                    found.set(links);
                }
            }
        });
    };
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
                on:input=move |ev| suggest(event_target_value(&ev))
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
