//! The sign-in page and the user menu in the top bar.

use super::api::{Login, Logout};
use super::domain::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    refresh_me_after(login.value().into());
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".into());
    let problem = move || {
        login
            .value()
            .get()
            .and_then(|result| result.err())
            .map(|error| match error {
                AppError::Validation(_) => "Enter your email and password.".to_owned(),
                other => other.to_string(),
            })
    };
    view! {
        <Title text="Sign in"/>
        <section class="panel login">
            <h1 id="login-title">"Sign in to Trellis"</h1>
            <ActionForm action=login attr:aria-labelledby="login-title">
                {move || problem().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-email">"Email"</label>
                    <input id="login-email" type="email" name="email" autocomplete="username" required=true/>
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input id="login-password" type="password" name="password" autocomplete="current-password" required=true/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || login.pending().get()>"Sign in"</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The signed-in user's name and a sign-out button.
#[component]
pub fn UserMenu(user: CurrentUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    refresh_me_after(logout.value().into());
    let roles = user
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    let unread = expect_context::<crate::notify::Unread>().0;
    view! {
        <div class="user-menu">
            <a href="/notifications" class="bell" aria-label=move || format!("Notifications, {} unread", unread.get())>
                "Notifications"
                {move || (unread.get() > 0).then(|| view! { " " <span class="count" aria-hidden="true">{unread.get()}</span> })}
            </a>
            <a href="/account/sessions" title=roles>{user.display_name}</a>
            <ActionForm action=logout>
                <button type="submit" class="btn btn-quiet">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

/// The signed-in user, loaded once per page for the whole app.
#[derive(Clone, Copy)]
pub struct Me(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Reloads the signed-in user once `action` succeeds; the page changes without a reload.
fn refresh_me_after(outcome: Signal<Option<Result<(), AppError>>>) {
    let me = expect_context::<Me>();
    Effect::new(move |_| {
        if let Some(Ok(())) = outcome.get() {
            me.0.refetch();
        }
    });
}

pub fn provide_me() {
    provide_context(Me(Resource::new(|| (), |_| super::api::me())));
}

/// Shows its children only to users whose roles allow `action`. The server refuses
/// the action anyway; this only keeps people from seeing buttons they cannot use.
#[component]
pub fn Can(action: super::domain::Action, children: ChildrenFn) -> impl IntoView {
    let me = expect_context::<Me>();
    view! {
        <Suspense fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move {
                        let allowed = matches!(me.0.await, Ok(Some(user)) if user.can(action));
                        allowed.then(|| children())
                    })
                }
            }
        </Suspense>
    }
}
