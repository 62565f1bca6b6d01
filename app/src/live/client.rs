//! The browser side: one event stream per tab, reconnecting by itself, turned into a
//! signal that pages read to know when to reload.

use super::{Change, ChangeKind};
use crate::auth::Me;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The latest change the server reported, numbered.
#[derive(Clone, Copy)]
pub struct Live {
    pub last: RwSignal<Option<(u64, Change)>>,
    /// Counts reconnections after a lost stream, when any change may have been missed.
    pub resync: RwSignal<u64>,
}

impl Live {
    /// Changes with each change to a record of `table`; put it in a resource's key to
    /// reload then.
    pub fn of(&self, table: &'static str) -> Memo<u64> {
        self.counting(move |change| change.table == table && change.kind != ChangeKind::Presence)
    }

    /// Changes whenever someone arrives at, leaves or starts editing one record.
    pub fn presence_of(&self, table: &'static str, key: String) -> Memo<u64> {
        self.counting(move |change| {
            change.table == table && change.key == key && change.kind == ChangeKind::Presence
        })
    }

    /// The number of the last counted change, plus a jump on every resync, so keyed
    /// resources reload when either happens.
    fn counting(&self, counts: impl Fn(&Change) -> bool + Send + Sync + 'static) -> Memo<u64> {
        let (last, resync) = (self.last, self.resync);
        let seen = Memo::new(move |previous: Option<&u64>| {
            last.with(|last| match last {
                Some((seq, change)) if counts(change) => *seq,
                _ => previous.copied().unwrap_or(0),
            })
        });
        Memo::new(move |_| seen.get() + (resync.get() << 32))
    }
}

/// Provides [`Live`] and, in the browser, keeps one event stream open while someone is
/// signed in: opened at sign-in, closed at sign-out.
pub fn provide_live() {
    let live = Live {
        last: RwSignal::new(None),
        resync: RwSignal::new(0),
    };
    provide_context(live);
    let me = expect_context::<Me>();
    // Effects run only in the browser; the stream lives in the effect's own state.
    Effect::new(move |previous: Option<Option<Stream>>| {
        let current = previous.flatten();
        let signed_in = matches!(me.0.get(), Some(Ok(Some(_))));
        match (signed_in, current) {
            (true, None) => Some(Stream::open(live)),
            (false, Some(stream)) => {
                stream.close();
                None
            }
            (_, current) => current,
        }
    });
}

/// The mark the server put in the page's head, if any.
fn page_mark() -> Option<u64> {
    document()
        .query_selector("meta[name=trellis-live]")
        .ok()
        .flatten()?
        .get_attribute("content")?
        .parse()
        .ok()
}

/// The longest wait between two attempts to reconnect.
const MAX_BACKOFF_MS: i32 = 30_000;

/// The tab's event stream. EventSource retries a dropped connection by itself, but
/// gives up for good when the server answers with an error (during a restart, say);
/// then this opens a new one, waiting longer after each failure.
#[derive(Clone)]
struct Stream(Rc<StreamState>);

struct StreamState {
    live: Live,
    source: RefCell<Option<web_sys::EventSource>>,
    failures: Cell<u32>,
    closed: Cell<bool>,
    on_change: Closure<dyn Fn(web_sys::MessageEvent)>,
    on_resync: Closure<dyn Fn()>,
    /// The server's count of changes when the page was made, until the first connect.
    mark: Cell<Option<u64>>,
    on_open: RefCell<Option<Closure<dyn Fn()>>>,
    on_error: RefCell<Option<Closure<dyn Fn()>>>,
}

impl Stream {
    fn open(live: Live) -> Stream {
        let on_change =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let Some(text) = event.data().as_string() else {
                    return;
                };
                if let Ok(change) = serde_json::from_str::<Change>(&text) {
                    live.last.update(|last| {
                        let seq = last.as_ref().map_or(1, |(seq, _)| seq + 1);
                        *last = Some((seq, change));
                    });
                }
            });
        let stream = Stream(Rc::new(StreamState {
            live,
            source: RefCell::new(None),
            failures: Cell::new(0),
            closed: Cell::new(false),
            on_change,
            on_resync: Closure::new(move || live.resync.update(|n| *n += 1)),
            mark: Cell::new(page_mark()),
            on_open: RefCell::new(None),
            on_error: RefCell::new(None),
        }));
        let weak = Rc::downgrade(&stream.0);
        *stream.0.on_open.borrow_mut() = Some(Closure::new(move || {
            if let Some(state) = weak.upgrade() {
                // Changes may have been missed while disconnected: pages reload.
                if state.failures.replace(0) > 0 {
                    state.live.resync.update(|n| *n += 1);
                }
            }
        }));
        let weak = Rc::downgrade(&stream.0);
        *stream.0.on_error.borrow_mut() = Some(Closure::new(move || {
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
        // The first stream asks whether anything changed since the page was made.
        let url = match state.mark.take() {
            Some(mark) => format!("/api/live?since={mark}"),
            None => "/api/live".to_owned(),
        };
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        let _ = source
            .add_event_listener_with_callback("change", state.on_change.as_ref().unchecked_ref());
        let _ = source
            .add_event_listener_with_callback("resync", state.on_resync.as_ref().unchecked_ref());
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
        let wait = 1000i32
            .saturating_mul(1 << failures.min(5))
            .min(MAX_BACKOFF_MS);
        let again = self.clone();
        set_timeout(
            move || again.connect(),
            std::time::Duration::from_millis(wait.unsigned_abs().into()),
        );
    }

    fn close(&self) {
        self.0.closed.set(true);
        if let Some(source) = self.0.source.take() {
            source.close();
        }
    }
}
