//! A tile per business service: its status, for how long, today's availability and what
//! it needs that is not OK. Used by the overview and by wallboards.

use crate::monitoring::domain::{duration_text, ServiceTile};
use crate::ui::StatusBadge;
use leptos::prelude::*;
use leptos_router::components::A;

/// The time now (Unix seconds): the server's at first, so the page hydrates as it was
/// rendered, then the browser's, every second.
pub fn ticking(server_now: i64) -> RwSignal<i64> {
    let now = RwSignal::new(server_now);
    // Effects run only in the browser.
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || now.set((js_sys::Date::now() / 1000.0) as i64),
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    now
}

/// `now` (Unix seconds) ticks, so "for 3 min" stays true without a reload.
#[component]
pub fn ServiceTiles(
    tiles: Vec<ServiceTile>,
    #[prop(into)] now: Signal<i64>,
    /// Wallboards show names without links: nobody clicks a TV.
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    let empty = tiles.is_empty();
    view! {
        <ul class="service-tiles" aria-label="Service status">
            {tiles.into_iter().map(|t| {
                let since = t.since;
                let lasted = move || duration_text(now.get() - since);
                let title = t.name.clone();
                let name = if plain {
                    view! { <span>{title}</span> }.into_any()
                } else {
                    view! { <A href=format!("/cis/{}", t.id)>{title}</A> }.into_any()
                };
                let problems = t.problems.len();
                view! {
                    <li class=format!("tile {}", t.status.tone().class()) data-service=t.name.clone()>
                        <h3>{name}</h3>
                        <StatusBadge tone=t.status.tone() label=t.status.label()/>
                        <p class="since">{move || format!("for {}", lasted())}</p>
                        <p class="availability">{format!("{:.2}% operational today", t.availability_today * 100.0)}</p>
                        {(problems > 0).then(|| view! {
                            <ul class="problems" aria-label=format!("What {} needs that is not OK", t.name)>
                                {t.problems.into_iter().take(3).map(|p| view! {
                                    <li><StatusBadge tone=p.health.tone() label=p.health.label()/>" "{p.name}</li>
                                }).collect_view()}
                                {(problems > 3).then(|| view! { <li class="muted">{format!("and {} more", problems - 3)}</li> })}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {empty.then(|| view! { <p class="empty">"No business services to show."</p> })}
    }
}
