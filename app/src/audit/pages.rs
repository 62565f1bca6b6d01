//! A record's history: who changed which field, from what to what.

use super::domain::{AuditEntry, FieldChange};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn History(entries: Resource<Result<Vec<AuditEntry>, AppError>>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading history…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(entries) if entries.is_empty() => view! { <p class="muted">"No recorded changes."</p> }.into_any(),
                        Ok(entries) => view! {
                            <ol class="history">
                                {entries.into_iter().map(|entry| view! { <Entry entry/> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Entry(entry: AuditEntry) -> impl IntoView {
    let verb = match entry.action.as_str() {
        "create" => "created",
        "update" => "changed",
        "delete" => "deleted",
        "relate" => "linked",
        _ => "unlinked",
    };
    view! {
        <li>
            <div class="history-head">
                <strong>{entry.actor_name}</strong> " " {verb} " · "
                <time class="muted" title=format!("request {}", entry.request_id)>{entry.at}</time>
            </div>
            <ul class="changes">
                {entry.changes.into_iter().map(|change| view! { <Change change/> }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn Change(change: FieldChange) -> impl IntoView {
    let none = || view! { <em class="muted">"empty"</em> };
    view! {
        <li>
            <span class="field-name">{change.field}</span> ": "
            {match change.before { Some(v) => view! { <del>{v}</del> }.into_any(), None => none().into_any() }}
            " → "
            {match change.after { Some(v) => view! { <ins>{v}</ins> }.into_any(), None => none().into_any() }}
        </li>
    }
}
