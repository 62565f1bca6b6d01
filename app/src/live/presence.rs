//! "Also here": who else is viewing or editing the record on this page.

use super::api::presence;
use super::{Live, Present};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often a page renews its presence; the server forgets it after 30 s without.
const RENEW: Duration = Duration::from_secs(10);

#[component]
pub fn PresenceBar(table: &'static str, key: String, editing: bool) -> impl IntoView {
    let changed = expect_context::<Live>().presence_of(table, key.clone());
    let others = RwSignal::new(Vec::<Present>::new());
    // Each open page is its own presence, so leaving one page keeps the others. Drawn on
    // first use, which is always in the browser.
    let token = StoredValue::new(String::new());
    let ping = {
        let key = key.clone();
        move |here: bool| {
            if token.with_value(String::is_empty) {
                token.set_value(format!("{:x}", (js_sys::Math::random() * 1e15) as u64));
            }
            let (key, token) = (key.clone(), token.get_value());
            spawn_local(async move {
                if let Ok(list) = presence(table.to_owned(), key, token, here, editing).await {
                    others.set(list);
                }
            });
        }
    };
    // Effects run only in the browser: announce now, on every presence change here,
    // and every RENEW; say goodbye when the page goes away.
    Effect::new({
        let ping = ping.clone();
        move |_| {
            // Reading (not just tracking) the memo makes it follow the change stream.
            let _ = changed.get();
            ping(true);
        }
    });
    Effect::new({
        let ping = ping.clone();
        move |_| {
            let renew = ping.clone();
            let timer = set_interval_with_handle(move || renew(true), RENEW).ok();
            let leave = ping.clone();
            on_cleanup(move || {
                if let Some(timer) = timer {
                    timer.clear();
                }
                leave(false);
            });
        }
    });
    move || {
        let list = others.get();
        (!list.is_empty()).then(|| {
            let people = list
                .into_iter()
                .map(|p| {
                    view! {
                        <span class="person">
                            {p.name}
                            {if p.editing { " (editing)" } else { " (viewing)" }}
                        </span>
                    }
                })
                .collect_view();
            view! { <p class="presence" role="status">"Also here: " {people}</p> }
        })
    }
}
