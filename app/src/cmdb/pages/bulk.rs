//! Changing many CIs at once: the bar above the inventory table that appears when rows
//! are selected. Deleting asks first; either change is all-or-nothing on the server.

use crate::cmdb::api::{BulkDelete, BulkStatus};
use crate::cmdb::domain::CiStatus;
use leptos::prelude::*;

#[component]
pub fn BulkBar(selected: RwSignal<Vec<String>>) -> impl IntoView {
    let set_status = ServerAction::<BulkStatus>::new();
    let delete = ServerAction::<BulkDelete>::new();
    let confirming = RwSignal::new(false);
    let status = RwSignal::new(CiStatus::Maintenance.label().to_owned());
    let count = move || selected.with(Vec::len);
    let ids = move || selected.get().join(",");
    // Done: forget the selection; the list reloads through the live stream.
    Effect::new(move |_| {
        if matches!(set_status.value().get(), Some(Ok(_)))
            || matches!(delete.value().get(), Some(Ok(_)))
        {
            selected.set(Vec::new());
            confirming.set(false);
        }
    });
    let outcome = move || {
        let message = |result: Option<Result<usize, crate::error::AppError>>, verb: &str| {
            result.map(|r| match r {
                Ok(n) => (
                    false,
                    format!("{verb} {n} CI{}.", if n == 1 { "" } else { "s" }),
                ),
                Err(error) => (true, error.to_string()),
            })
        };
        message(delete.value().get(), "Deleted")
            .or_else(|| message(set_status.value().get(), "Changed"))
    };
    view! {
        <Show when=move || { count() > 0 }>
            <div class="bulk-bar" role="region" aria-label="Selected CIs">
                <strong>{move || format!("{} selected", count())}</strong>
                <label for="bulk-status">"Set status"</label>
                <select id="bulk-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    {CiStatus::ALL.iter().map(|s| {
                        let label = s.label();
                        view! { <option value=label selected=move || status.get() == label>{label}</option> }
                    }).collect_view()}
                </select>
                <button class="btn" disabled=move || set_status.pending().get()
                    on:click=move |_| { set_status.dispatch(BulkStatus { ids: ids(), status: status.get() }); }>
                    "Apply"
                </button>
                <button class="btn btn-danger" aria-expanded=move || confirming.get().to_string()
                    on:click=move |_| confirming.set(true)>
                    "Delete…"
                </button>
                <Show when=move || confirming.get()>
                    <span role="alertdialog" aria-label="Confirm delete" class="confirm">
                        {move || format!("Delete {} CIs and their relations?", count())}
                        <button class="btn btn-danger" disabled=move || delete.pending().get()
                            on:click=move |_| { delete.dispatch(BulkDelete { ids: ids() }); }>
                            "Delete them"
                        </button>
                        <button class="btn" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </span>
                </Show>
            </div>
        </Show>
        {move || outcome().map(|(bad, text)| view! {
            <p class=if bad { "alert tone-critical" } else { "muted" } role="status">{text}</p>
        })}
    }
}
