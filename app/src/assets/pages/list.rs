//! The asset list and "My assets": server-rendered, filtered and paged by the URL.

use crate::assets::api::list_assets;
use crate::assets::domain::CATEGORIES;
use crate::assets::lifecycle::AssetState;
use crate::assets::list::{AssetFilter, AssetPage};
use crate::assets::money::format_amount;
use crate::auth::{Action, Can};
use crate::live::Live;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

fn url_filter(mine: bool) -> Memo<AssetFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        AssetFilter {
            q: get("q"),
            state: get("state"),
            category: get("category"),
            mine,
            page: get("page").parse().unwrap_or(1),
        }
    })
}

fn href(base: &str, filter: &AssetFilter, page: u64) -> String {
    let pairs = [
        ("q", filter.q.clone()),
        ("state", filter.state.clone()),
        ("category", filter.category.clone()),
        ("page", page.to_string()),
    ];
    let set: Vec<(&str, String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!(
        "{base}?{}",
        serde_urlencoded::to_string(set).unwrap_or_default()
    )
}

#[component]
pub fn AssetListPage() -> impl IntoView {
    view! { <Assets mine=false/> }
}

#[component]
pub fn MyAssetsPage() -> impl IntoView {
    view! { <Assets mine=true/> }
}

#[component]
fn Assets(mine: bool) -> impl IntoView {
    let filter = url_filter(mine);
    let live = expect_context::<Live>();
    let (assets, events) = (live.of("asset"), live.of("asset_event"));
    let page = Resource::new(
        move || (filter.get(), assets.get(), events.get()),
        |(filter, ..)| list_assets(filter),
    );
    let (title, base) = if mine {
        ("My assets", "/assets/mine")
    } else {
        ("Assets", "/assets")
    };
    view! {
        <Title text=title/>
        <div class="page-header">
            <h1>{title}</h1>
            <div class="actions">
                {if mine {
                    view! { <A href="/assets" attr:class="btn">"All assets"</A> }.into_any()
                } else {
                    view! { <A href="/assets/mine" attr:class="btn">"My assets"</A> }.into_any()
                }}
                <A href="/assets/expiring" attr:class="btn">"Expiring"</A>
                <A href="/assets/suppliers" attr:class="btn">"Suppliers"</A>
                <A href="/assets/costs" attr:class="btn">"Costs"</A>
                {(!mine).then(|| {
                    let export = move || href("/api/assets/export.csv", &filter.get(), 1);
                    view! { <a class="btn" href=export download="assets.csv">"Export CSV"</a> }
                })}
                <Can action=Action::AssetWrite>
                    <A href="/assets/import" attr:class="btn">"Import"</A>
                    <A href="/assets/new" attr:class="btn btn-primary">"New asset"</A>
                </Can>
            </div>
        </div>
        {move || view! { <Filters filter=filter.get() base/> }}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(found) => view! { <AssetTable found filter=filter.get_untracked() base mine/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Filters(filter: AssetFilter, base: &'static str) -> impl IntoView {
    let choice = |value: &str, current: &str| {
        let selected = value.eq_ignore_ascii_case(current);
        view! { <option value=value.to_owned() selected=selected>{value.to_owned()}</option> }
    };
    let filtered = !(filter.q.is_empty() && filter.state.is_empty() && filter.category.is_empty());
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Filter assets">
            <div class="field grow">
                <label for="asset-search">"Search"</label>
                <input type="search" id="asset-search" name="q" value=filter.q.clone()
                    placeholder="Tag, name, model or serial number"/>
            </div>
            <div class="field">
                <label for="filter-state">"State"</label>
                <select id="filter-state" name="state">
                    <option value="">"Any state"</option>
                    {AssetState::ALL.iter().map(|s| choice(s.label(), &filter.state)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-category">"Category"</label>
                <select id="filter-category" name="category">
                    <option value="">"Any category"</option>
                    {CATEGORIES.iter().map(|c| choice(c, &filter.category)).collect_view()}
                </select>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn">"Apply"</button>
                {filtered.then(|| view! { <A href=base attr:class="btn btn-quiet-light">"Clear"</A> })}
            </div>
        </Form>
    }
}

#[component]
fn AssetTable(
    found: AssetPage,
    filter: AssetFilter,
    base: &'static str,
    mine: bool,
) -> impl IntoView {
    let (current, pages, total) = (found.page, found.page_count(), found.total);
    let empty = found.rows.is_empty();
    let none = if mine {
        "Nothing is checked out to you."
    } else {
        "No assets match."
    };
    let (previous, next) = (
        href(base, &filter, current.saturating_sub(1)),
        href(base, &filter, current + 1),
    );
    view! {
        <div class="table-wrap">
            <table class="data" aria-label=if mine { "My assets" } else { "Assets" }>
                <thead>
                    <tr>
                        <th scope="col">"Tag"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Category"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Checked out to"</th>
                        <th scope="col" class="num">"Cost"</th>
                        <th scope="col" class="num">"Book value"</th>
                        <th scope="col">"Warranty until"</th>
                    </tr>
                </thead>
                <tbody>
                    {found.rows.into_iter().map(|row| {
                        let money = |v: Option<i64>| v.map(|v| format!("{} {}", row.currency, format_amount(v))).unwrap_or_default();
                        let (cost, value) = (money(row.cost), money(row.book_value));
                        view! {
                            <tr>
                                <td><A href=format!("/assets/{}", row.id)>{row.tag}</A></td>
                                <td>{row.name}</td>
                                <td>{row.category}</td>
                                <td><StatusBadge tone=row.state.tone() label=row.state.label()/></td>
                                <td>{row.owner.unwrap_or_default()}</td>
                                <td>{row.assigned_to.unwrap_or_default()}</td>
                                <td class="num">{cost}</td>
                                <td class="num">{value}</td>
                                <td class="muted">{row.warranty_end.unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">{none}</p> })}
        </div>
        <div class="table-footer">
            <span>{format!("{total} assets")}</span>
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <A href=previous>"← Previous"</A> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <A href=next>"Next →"</A> })}
            </nav>
        </div>
    }
}
