//! A list's filter by state: a plain GET form, so the choice lives in the URL.

use leptos::prelude::*;
use leptos_router::components::Form;

/// "All" and each state by its label; `chosen` is the URL's `state`.
#[component]
pub fn StateFilter(
    /// The list's path, e.g. `/changes`.
    action: &'static str,
    /// What is listed, for the form's name: "changes" gives "Filter changes".
    what: &'static str,
    states: Vec<&'static str>,
    chosen: Memo<String>,
) -> impl IntoView {
    let id = format!("{what}-state");
    view! {
        <Form method="GET" action=action attr:class="filters" attr:aria-label=format!("Filter {what}")>
            <div class="field">
                <label for=id.clone()>"State"</label>
                <select id=id name="state">
                    <option value="">"All"</option>
                    {move || {
                        let chosen = chosen.get();
                        states.iter().map(|s| view! { <option value=*s selected=chosen == *s>{*s}</option> }).collect_view()
                    }}
                </select>
            </div>
            <button type="submit" class="btn">"Filter"</button>
        </Form>
    }
}
