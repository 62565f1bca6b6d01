//! The service map: an SVG of everything a CI needs and everything that needs it, in
//! layers computed on the server. Drag to pan, wheel or buttons to zoom, click a node to
//! open it; a simulated failure highlights what it breaks. Status changes arrive live.

use crate::cmdb::api::map_of;
use crate::cmdb::map::{glyph, MapEdge, MapNode, ServiceMap, NODE_HEIGHT, NODE_WIDTH};
use crate::live::Live;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::collections::HashSet;
use wasm_bindgen::JsCast;

#[component]
pub fn MapPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let failed = Memo::new(move |_| query.read().get("failed").unwrap_or_default());
    let live = expect_context::<Live>();
    let (cis, relations) = (live.of("ci"), live.of("rel"));
    let map = Resource::new(
        move || (id.get(), failed.get(), cis.get(), relations.get()),
        |(id, failed, _, _)| map_of(id, failed),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Laying out the map…"</p> }>
            {move || Suspend::new(async move {
                match map.await {
                    Ok(map) => view! { <MapView map/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The visible part of the map, in map units: x, y, width, height.
type ViewBox = (f64, f64, f64, f64);

#[component]
fn MapView(map: ServiceMap) -> impl IntoView {
    let affected: HashSet<String> = map.affected.iter().cloned().collect();
    let failed = map.failed.first().cloned().unwrap_or_default();
    let name = map
        .node(&map.focus)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let fit: ViewBox = (-16.0, -16.0, map.width + 32.0, map.height + 32.0);
    let view_box = RwSignal::new(fit);
    let zoom = move |factor: f64| {
        view_box.update(|(x, y, w, h)| {
            let (cx, cy) = (*x + *w / 2.0, *y + *h / 2.0);
            *w = (*w * factor).clamp(200.0, fit.2.max(fit.3) * 4.0);
            *h = *w * fit.3 / fit.2;
            *x = cx - *w / 2.0;
            *y = cy - *h / 2.0;
        })
    };
    let pan = move |dx: f64, dy: f64| {
        view_box.update(|(x, y, w, h)| {
            *x += dx * *w;
            *y += dy * *h;
        })
    };
    // While a gesture lasts, the map moves as a picture (a CSS transform the browser
    // composites without repainting a thousand nodes); the view box follows once it ends.
    let drag = RwSignal::new(None::<(f64, f64)>);
    let shift = RwSignal::new((0.0f64, 0.0f64));
    let scale = RwSignal::new(1.0f64);
    let wheel_turns = StoredValue::new(0u64);
    // A drag that ends on a node is not a click on it.
    let dragged = StoredValue::new(false);
    let transform = move || {
        let ((dx, dy), s) = (shift.get(), scale.get());
        (dx != 0.0 || dy != 0.0 || s != 1.0)
            .then(|| format!("translate({dx}px, {dy}px) scale({s})"))
    };
    // View-box units per screen pixel of the element, as `xMidYMid meet` draws it.
    let units_per_pixel = move |svg: &web_sys::Element| {
        let (_, _, w, h) = view_box.get_untracked();
        let (cw, ch) = (
            f64::from(svg.client_width()),
            f64::from(svg.client_height()),
        );
        if cw <= 0.0 || ch <= 0.0 {
            1.0
        } else {
            (w / cw).max(h / ch)
        }
    };
    let end_drag = move |ev: leptos::ev::PointerEvent| {
        if drag.get_untracked().is_none() {
            return;
        }
        drag.set(None);
        let (dx, dy) = shift.get_untracked();
        let svg = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        dragged.set_value(dx.abs() + dy.abs() > 3.0);
        if let (true, Some(svg)) = (dx != 0.0 || dy != 0.0, svg) {
            let units = units_per_pixel(&svg);
            view_box.update(|(x, y, _, _)| {
                *x -= dx * units;
                *y -= dy * units;
            });
            shift.set((0.0, 0.0));
        }
    };
    let wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        scale.update(|s| {
            *s = (*s
                * if ev.delta_y() < 0.0 {
                    1.0 / 0.9
                } else {
                    1.0 / 1.1
                })
            .clamp(0.1, 10.0)
        });
        let turn = wheel_turns.get_value() + 1;
        wheel_turns.set_value(turn);
        // The view box follows once the wheel has been still for a moment.
        set_timeout(
            move || {
                if wheel_turns.get_value() == turn {
                    let s = scale.get_untracked();
                    scale.set(1.0);
                    zoom(1.0 / s);
                }
            },
            std::time::Duration::from_millis(200),
        );
    };
    let navigate = use_navigate();
    let focus = map.focus.clone();
    let simulate = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let target = if value.is_empty() {
            format!("/map/{focus}")
        } else {
            format!("/map/{focus}?failed={value}")
        };
        navigate(&target, Default::default());
    };
    let hot = |id: &str| affected.contains(id) || id == failed;
    let edges: Vec<(MapEdge, bool)> = map
        .edges
        .iter()
        .map(|e| (e.clone(), affected.contains(&e.from) && hot(&e.to)))
        .collect();
    let mut options: Vec<(String, String)> = map
        .nodes
        .iter()
        .map(|n| (n.id.clone(), n.name.clone()))
        .collect();
    options.sort_by_key(|a| a.1.to_lowercase());
    let nodes: Vec<(MapNode, &'static str)> = map
        .nodes
        .iter()
        .map(|n| {
            let state = if n.id == failed {
                "failed"
            } else if affected.contains(&n.id) {
                "impacted"
            } else {
                ""
            };
            (n.clone(), state)
        })
        .collect();
    let count = nodes.len();
    let title = format!("Map of {name}");
    let aria = format!("Service map of {name}");
    let crumb = format!("/cis/{}", map.focus);
    let summary = if failed.is_empty() {
        format!("{count} CIs")
    } else {
        format!(
            "{count} CIs · {} affected by the simulated failure",
            map.affected_total
        )
    };
    view! {
        <Title text=title.clone()/>
        <div class="breadcrumb"><A href=crumb>{name}</A> " / map"</div>
        <div class="page-header">
            <h1>{title}</h1>
            <div class="actions">
                <label for="simulate">"Simulate failure of"</label>
                <select id="simulate" on:change=simulate>
                    <option value="">"Nothing"</option>
                    {options.into_iter().map(|(id, label)| {
                        let selected = id == failed;
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <button class="btn" on:click=move |_| zoom(0.8) aria-label="Zoom in">"+"</button>
                <button class="btn" on:click=move |_| zoom(1.25) aria-label="Zoom out">"−"</button>
                <button class="btn" on:click=move |_| view_box.set(fit)>"Fit"</button>
            </div>
        </div>
        <p class="muted">{summary} " · drag to pan, scroll or +/− to zoom, arrow keys to move, click a CI to open it"</p>
        <div class="map-frame">
        <svg
            class="service-map"
            role="group"
            aria-label=aria
            tabindex="0"
            viewBox=move || { let (x, y, w, h) = view_box.get(); format!("{x} {y} {w} {h}") }
            style:transform=transform
            on:wheel=wheel
            on:pointerdown=move |ev| drag.set(Some((f64::from(ev.client_x()), f64::from(ev.client_y()))))
            on:click=move |_| dragged.set_value(false)
            on:pointerup=end_drag
            on:pointerleave=end_drag
            on:pointermove=move |ev| {
                if let Some((sx, sy)) = drag.get_untracked() {
                    shift.set((f64::from(ev.client_x()) - sx, f64::from(ev.client_y()) - sy));
                }
            }
            on:keydown=move |ev| match ev.key().as_str() {
                "ArrowLeft" => pan(-0.1, 0.0),
                "ArrowRight" => pan(0.1, 0.0),
                "ArrowUp" => pan(0.0, -0.1),
                "ArrowDown" => pan(0.0, 0.1),
                "+" | "=" => zoom(0.8),
                "-" => zoom(1.25),
                _ => {}
            }
        >
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/>
                </marker>
            </defs>
            <g class="edges">
                {edges.into_iter().map(|(edge, hot)| {
                    let (Some(from), Some(to)) = (map.node(&edge.from), map.node(&edge.to)) else {
                        return ().into_any();
                    };
                    let (x1, y1) = (from.x + NODE_WIDTH / 2.0, from.y + NODE_HEIGHT);
                    let (x2, y2) = (to.x + NODE_WIDTH / 2.0, to.y);
                    let bend = (y2 - y1).abs() / 2.0;
                    let d = format!("M {x1} {y1} C {x1} {} {x2} {} {x2} {y2}", y1 + bend, y2 - bend);
                    view! {
                        <path d=d class:edge=true class:hot=hot marker-end="url(#arrow)">
                            <title>{format!("{} {} {}", from.name, edge.label, to.name)}</title>
                        </path>
                    }.into_any()
                }).collect_view()}
            </g>
            <g class="nodes">
                {nodes.into_iter().map(|(node, state)| view! { <Node node state dragged/> }).collect_view()}
            </g>
        </svg>
        </div>
    }
}

/// One CI on the map: a focusable link (SVG has no HTML anchor), opened by click or
/// Enter.
#[component]
/// `dragged`: the gesture that ends in this click moved the map, so it opens nothing.
fn Node(node: MapNode, state: &'static str, dragged: StoredValue<bool>) -> impl IntoView {
    let tone = node.status.tone();
    let label = format!("{} {}, {}", node.class_name, node.name, node.status.label());
    let name: String = if node.name.chars().count() > 20 {
        node.name.chars().take(19).chain(['…']).collect()
    } else {
        node.name.clone()
    };
    let href = format!("/cis/{}", node.id);
    let navigate = use_navigate();
    let open = move || navigate(&href, Default::default());
    let open_by_key = open.clone();
    view! {
        <g transform=format!("translate({} {})", node.x, node.y)
            class=format!("node {} {state}", tone.class()) class:service=node.is_service
            role="link" tabindex="0" aria-label=label
            on:click=move |_| if !dragged.get_value() { open() }
            on:keydown=move |ev| if ev.key() == "Enter" { open_by_key() }>
            <rect width=NODE_WIDTH height=NODE_HEIGHT rx="6"/>
            <text x="10" y="18" class="name">{format!("{} {name}", glyph(&node.class_key))}</text>
            <text x="10" y="35" class="status-text">{format!("{} {}", tone.icon(), node.status.label())}</text>
            <title>{format!("{} · {} · {}", node.name, node.class_name, node.status.label())}</title>
        </g>
    }
}
