//! How many notifications the signed-in user has not read, for the top bar: fetched in the
//! browser at sign-in and again on each notification change. Kept at the app's root, not
//! in a resource of the top bar, so no page waits for it.

use crate::auth::Me;
use crate::live::Live;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u64>);

pub fn provide_unread() {
    let unread = RwSignal::new(0u64);
    provide_context(Unread(unread));
    let me = expect_context::<Me>();
    let notices = expect_context::<Live>().of("notification");
    Effect::new(move |_| {
        // Read, not only tracked: a memo that is tracked but never read is not re-checked.
        let _changed = notices.get();
        if !matches!(me.0.get(), Some(Ok(Some(_)))) {
            unread.set(0);
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(Some(inbox)) = super::api::my_inbox().await {
                unread.set(inbox.unread);
            }
        });
    });
}
