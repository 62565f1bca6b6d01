//! Pages that belong to no single area.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    set_not_found();
    view! {
        <Title text="Page not found"/>
        <section class="panel">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p><A href="/cis">"Go to the inventory"</A></p>
        </section>
    }
}

/// Answers 404 when the page is rendered on the server.
fn set_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}
