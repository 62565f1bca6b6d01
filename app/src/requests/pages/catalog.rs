//! The catalog's items for its admins: every item, orderable or not.

use crate::auth::{Action, Can};
use crate::live::Live;
use crate::requests::api::catalog_all;
use crate::status::Tone;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    let items = expect_context::<Live>().of("catalog_item");
    let found = Resource::new(move || items.get(), |_| catalog_all());
    view! {
        <Title text="Service catalog"/>
        <div class="breadcrumb"><A href="/requests" exact=true>"Requests"</A></div>
        <div class="page-header">
            <h1>"Service catalog"</h1>
            <div class="actions">
                <A href="/requests/catalog/new" attr:class="btn btn-primary">"New item"</A>
            </div>
        </div>
        <Can action=Action::CatalogManage>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Catalog items">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Item"</th>
                                            <th scope="col">"Category"</th>
                                            <th scope="col">"Form fields"</th>
                                            <th scope="col">"Approval"</th>
                                            <th scope="col">"Tasks"</th>
                                            <th scope="col">"Fulfilment target"</th>
                                            <th scope="col">"Orderable"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {items.into_iter().map(|i| {
                                            let (tone, word) = if i.active { (Tone::Ok, "Yes") } else { (Tone::Unknown, "No") };
                                            let target = match (i.fulfilment, i.service) {
                                                (Some(target), Some(service)) => format!("{target} · {}", service.name),
                                                _ => "—".to_owned(),
                                            };
                                            view! {
                                                <tr>
                                                    <td><A href=format!("/requests/catalog/{}", i.key)>{i.name}</A></td>
                                                    <td>{i.category}</td>
                                                    <td>{i.fields.len()}</td>
                                                    <td>{i.approval.label()}</td>
                                                    <td>{i.tasks.len()}</td>
                                                    <td>{target}</td>
                                                    <td><StatusBadge tone label=word/></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </Can>
    }
}
