//! The request pages: the portal and ordering for everyone, one request, and for the
//! people who work them the request list and the catalog's editor.

mod catalog;
mod incident;
mod item;
mod list;
mod order;
mod portal;
mod request;

pub use catalog::CatalogAdminPage;
pub use incident::MyIncidentPage;
pub use item::CatalogItemPage;
pub use list::RequestListPage;
pub use order::OrderPage;
pub use portal::PortalPage;
pub use request::RequestPage;

use leptos::prelude::*;

/// How far fulfilment got: a bar, and the same in words.
#[component]
fn TaskProgress(done: u32, total: u32) -> impl IntoView {
    (total > 0).then(|| {
        view! {
            <span class="task-progress">
                <progress value=done max=total aria-hidden="true"></progress>
                <span>{format!("{done} of {total} tasks done")}</span>
            </span>
        }
    })
}
