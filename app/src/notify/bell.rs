//! The bell in the top bar: the unread count, live, and the latest notifications.

use super::api::{my_inbox, MarkRead};
use crate::live::Live;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Bell() -> impl IntoView {
    let changes = expect_context::<Live>().of("notification");
    let read = ServerAction::<MarkRead>::new();
    // Made with the top bar, not inside its suspense, so the server and the browser
    // create it in the same order and with the same answer.
    let inbox = Resource::new(
        move || (changes.get(), read.version().get()),
        |_| my_inbox(),
    );
    let open = RwSignal::new(false);
    view! {
        <div class="bell">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(Some(inbox)) = inbox.await else {
                        return None;
                    };
                    let unread = inbox.unread;
                    let label = format!("Notifications, {unread} unread");
                    let items = StoredValue::new(inbox.items);
                    view! {
                        <button type="button" class="btn-bell" aria-label=label
                            aria-expanded=move || open.get().to_string()
                            on:click=move |_| open.update(|o| *o = !*o)>
                            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                                <path fill="currentColor" d="M8 16a2 2 0 0 0 1.985-1.75H6.015A2 2 0 0 0 8 16ZM8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.8L2 11.5v1h12v-1l-1.5-2.7V6A4.5 4.5 0 0 0 8 1.5Z"/>
                            </svg>
                            {(unread > 0).then(|| view! { <span class="count">{unread}</span> })}
                        </button>
                        <Show when=move || open.get()>
                            <div class="bell-panel" role="region" aria-label="Notifications">
                                <ActionForm action=read attr:class="inline">
                                    <input type="hidden" name="id" value="all"/>
                                    <button type="submit" class="btn">"Mark all read"</button>
                                </ActionForm>
                                <ul class="notices">
                                    {items.get_value().into_iter().map(|n| view! {
                                        <li class:unread=!n.read>
                                            <A href=n.href on:click=move |_| open.set(false)>{n.title}</A>
                                            <div class="muted">{n.at}</div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {items.with_value(Vec::is_empty).then(|| view! { <p class="empty">"Nothing new."</p> })}
                            </div>
                        </Show>
                    }.into()
                })}
            </Transition>
        </div>
    }
}
