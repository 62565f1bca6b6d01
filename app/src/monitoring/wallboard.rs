//! `/wallboard/<board>`: service status for a shared screen. Dark, large, and live: the
//! server pushes the board whenever it changes (and every 15 s), the page reconnects by
//! itself after a restart or a network loss, and it shows how old its content is, so a
//! frozen screen is visible. `?token=` opens it without signing in.

use super::api::wallboard;
use super::board::{showing, BoardView, Panel};
use super::domain::duration_text;
use super::pages::{ticking, ServiceTiles};
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Content older than this is flagged as stale (the server pushes every 15 s).
const STALE_AFTER_S: i64 = 45;

#[component]
pub fn WallboardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.read().get("board").unwrap_or_default();
    let token = move || query.read().get("token").unwrap_or_default();
    let first = Resource::new(
        move || (key(), token()),
        |(key, token)| wallboard(key, token),
    );
    view! {
        <Title text="Wallboard"/>
        <Suspense fallback=|| view! { <div class="wallboard theme-wallboard"><p>"Loading…"</p></div> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(board) => view! { <Board board token=token()/> }.into_any(),
                    Err(error) => view! {
                        <div class="wallboard theme-wallboard">
                            <ErrorNotice error/>
                            <p>"Sign in, or open the board with the read-only link from its page."</p>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Board(board: BoardView, token: String) -> impl IntoView {
    let now = ticking(board.generated_at);
    let received = RwSignal::new(board.generated_at);
    let connected = RwSignal::new(true);
    let url = format!(
        "/api/wallboard/{}/live?{}",
        board.key,
        serde_urlencoded::to_string([("token", token)]).unwrap_or_default()
    );
    let board = RwSignal::new(board);
    // Effects run only in the browser.
    // The stream lives in the effect's own state and closes when the page goes.
    Effect::new(move |previous: Option<Stream>| {
        previous.unwrap_or_else(|| Stream::open(url.clone(), board, received, connected))
    });
    let age = move || now.get() - received.get();
    let updated_class = move || {
        if age() > STALE_AFTER_S {
            "updated stale"
        } else {
            "updated"
        }
    };
    view! {
        <div class="wallboard theme-wallboard">
            <header>
                <h1>{move || board.with(|b| b.name.clone())}</h1>
                <p class=updated_class role="status">
                    {move || format!("Updated {} ago", duration_text(age()))}
                </p>
                {move || (!connected.get()).then(|| view! {
                    <p class="reconnecting" role="alert">"Connection lost; reconnecting…"</p>
                })}
            </header>
            {move || {
                let view = board.get();
                let panels = view.panels();
                let shown = showing(panels.len(), view.rotate_s, now.get());
                let turning = shown.map(|i| view! {
                    <p class="turning" aria-live="off">
                        {format!("{} · {} of {}", panels[i].label(), i + 1, panels.len())}
                    </p>
                });
                let on_screen: Vec<Panel> = match shown {
                    Some(i) => vec![panels[i]],
                    None => panels,
                };
                view! {
                    {on_screen.into_iter().map(|panel| panel_view(panel, &view, now)).collect_view()}
                    {turning}
                }
            }}
        </div>
    }
}

fn panel_view(panel: Panel, board: &BoardView, now: RwSignal<i64>) -> AnyView {
    match panel {
        Panel::Services => {
            let tiles = board.tiles.clone();
            view! { <ServiceTiles tiles now plain=true/> }.into_any()
        }
        Panel::Kpis => view! {
            <ul class="kpis" aria-label="Key figures">
                {board.figures.iter().map(|f| view! {
                    <li class=format!("kpi {}", f.health.tone().class()) data-kpi=f.kpi.key()>
                        <span class="kpi-label">{f.kpi.label()}</span>
                        <span class="kpi-value">{f.value.clone()}</span>
                        <StatusBadge tone=f.health.tone() label=f.health.label()/>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        Panel::Events => {
            let events = board.events.clone().unwrap_or_default();
            let empty = events.is_empty();
            view! {
                <section class="board-events" aria-labelledby="board-events-title">
                    <h2 id="board-events-title">"Latest events"</h2>
                    <ol>
                        {events.into_iter().map(|e| view! {
                            <li>
                                <StatusBadge tone=e.health.tone() label=e.health.label()/>
                                <span class="event-title">{e.title}</span>
                                <span class="muted">{e.message}</span>
                                <time class="muted">{e.at}</time>
                            </li>
                        }).collect_view()}
                    </ol>
                    {empty.then(|| view! { <p class="muted">"No events yet."</p> })}
                </section>
            }
            .into_any()
        }
    }
}

/// The board's event stream, reopened with a growing wait when the server refuses it
/// or goes away (EventSource retries a dropped connection itself, but not an error
/// answer).
#[derive(Clone)]
struct Stream(Rc<State>);

struct State {
    url: String,
    source: std::cell::RefCell<Option<web_sys::EventSource>>,
    failures: Cell<u32>,
    closed: Cell<bool>,
    on_board: Closure<dyn Fn(web_sys::MessageEvent)>,
    on_open: std::cell::RefCell<Option<Closure<dyn Fn()>>>,
    on_error: std::cell::RefCell<Option<Closure<dyn Fn()>>>,
}

impl Stream {
    fn open(
        url: String,
        board: RwSignal<BoardView>,
        received: RwSignal<i64>,
        connected: RwSignal<bool>,
    ) -> Stream {
        let on_board =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let Some(text) = event.data().as_string() else {
                    return;
                };
                if let Ok(view) = serde_json::from_str::<BoardView>(&text) {
                    board.set(view);
                    received.set((js_sys::Date::now() / 1000.0) as i64);
                }
            });
        let stream = Stream(Rc::new(State {
            url,
            source: Default::default(),
            failures: Cell::new(0),
            closed: Cell::new(false),
            on_board,
            on_open: Default::default(),
            on_error: Default::default(),
        }));
        let weak = Rc::downgrade(&stream.0);
        *stream.0.on_open.borrow_mut() = Some(Closure::new(move || {
            connected.set(true);
            if let Some(state) = weak.upgrade() {
                state.failures.set(0);
            }
        }));
        let weak = Rc::downgrade(&stream.0);
        *stream.0.on_error.borrow_mut() = Some(Closure::new(move || {
            connected.set(false);
            if let Some(state) = weak.upgrade() {
                Stream(state).failed();
            }
        }));
        stream.connect();
        stream
    }

    fn connect(&self) {
        let state = &self.0;
        if state.closed.get() {
            return;
        }
        let Ok(source) = web_sys::EventSource::new(&state.url) else {
            return;
        };
        let _ = source
            .add_event_listener_with_callback("board", state.on_board.as_ref().unchecked_ref());
        if let Some(on_open) = state.on_open.borrow().as_ref() {
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        }
        if let Some(on_error) = state.on_error.borrow().as_ref() {
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        }
        if let Some(old) = state.source.replace(Some(source)) {
            old.close();
        }
    }

    fn failed(&self) {
        let state = &self.0;
        let failures = state.failures.get() + 1;
        state.failures.set(failures);
        let gave_up = state
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if !gave_up || state.closed.get() {
            return;
        }
        let wait = 1000u64.saturating_mul(1 << failures.min(4)).min(15_000);
        let again = self.clone();
        set_timeout(
            move || again.connect(),
            std::time::Duration::from_millis(wait),
        );
    }
}

impl Drop for State {
    fn drop(&mut self) {
        self.closed.set(true);
        if let Some(source) = self.source.take() {
            source.close();
        }
    }
}
