use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::A;

/// What a page shows when loading its data failed.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let heading = match &error {
        AppError::NotFound(_) => "Not found",
        AppError::Unauthorized(_) | AppError::Forbidden(_) => "Not allowed",
        _ => "Something went wrong",
    };
    view! {
        <section class="panel" role="alert">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p><A href="/cis">"Back to the inventory"</A></p>
        </section>
    }
}
