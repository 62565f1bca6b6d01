//! The notifications page: the latest notifications, unread first in weight, kept live.

use super::api::{my_inbox, MarkRead};
use crate::live::Live;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let changes = expect_context::<Live>().of("notification");
    let read = ServerAction::<MarkRead>::new();
    let inbox = Resource::new(
        move || (changes.get(), read.version().get()),
        |_| my_inbox(),
    );
    view! {
        <Title text="Notifications"/>
        <div class="page-header">
            <h1>"Notifications"</h1>
            <div class="actions">
                <ActionForm action=read attr:class="inline">
                    <input type="hidden" name="id" value="all"/>
                    <button type="submit" class="btn">"Mark all read"</button>
                </ActionForm>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let inbox = inbox.await.ok().flatten().unwrap_or_default();
                let empty = inbox.items.is_empty();
                view! {
                    <section class="panel" aria-labelledby="notices-title">
                        <h2 id="notices-title">{format!("{} unread", inbox.unread)}</h2>
                        <ul class="notices" aria-label="Notifications">
                            {inbox.items.into_iter().map(|n| view! {
                                <li class:unread=!n.read>
                                    <A href=n.href>{n.title}</A>
                                    <div class="muted">{n.at}</div>
                                </li>
                            }).collect_view()}
                        </ul>
                        {empty.then(|| view! { <p class="empty">"Nothing new."</p> })}
                    </section>
                }
            })}
        </Transition>
    }
}
