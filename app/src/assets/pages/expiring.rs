//! What runs out in the next 30, 60 or 90 days: warranties, ends of life, contracts.

use crate::assets::api::expiring_soon;
use crate::status::Tone;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Two weeks or less is urgent.
fn tone(days_left: i64) -> (Tone, String) {
    let words = match days_left {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        n => format!("in {n} days"),
    };
    (
        if days_left <= 14 {
            Tone::Critical
        } else {
            Tone::Warning
        },
        words,
    )
}

#[component]
pub fn ExpiringPage() -> impl IntoView {
    let query = use_query_map();
    let days = Memo::new(move |_| {
        query
            .read()
            .get("days")
            .and_then(|d| d.parse().ok())
            .map_or(30, crate::assets::suppliers::horizon)
    });
    let due = Resource::new(move || days.get(), expiring_soon);
    view! {
        <Title text="Expiring soon"/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A></div>
        <div class="page-header">
            <h1>"Expiring soon"</h1>
            <div class="actions"><A href="/assets/suppliers" attr:class="btn">"Suppliers and contracts"</A></div>
        </div>
        <nav class="tabs" aria-label="Horizon">
            {[30, 60, 90].into_iter().map(|n| view! {
                <a href=format!("/assets/expiring?days={n}") aria-current=move || (days.get() == n).then_some("page")>
                    {format!("Next {n} days")}
                </a>
            }).collect_view()}
        </nav>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match due.await {
                    Ok(list) => {
                        let empty = list.is_empty();
                        view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Expiring">
                                    <thead>
                                        <tr>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Date"</th>
                                            <th scope="col">"What"</th>
                                            <th scope="col">"Of"</th>
                                            <th scope="col">"Owner"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|e| {
                                            let (tone, words) = tone(e.days_left);
                                            view! {
                                                <tr>
                                                    <td><StatusBadge tone label=words/></td>
                                                    <td>{e.on}</td>
                                                    <td>{e.what}</td>
                                                    <td><A href=e.href>{e.name}</A></td>
                                                    <td>{e.owner}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                {empty.then(|| view! { <p class="empty">"Nothing runs out in this period."</p> })}
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
