//! The browser side: one event stream per tab, reconnecting by itself, turned into a
//! signal that pages read to know when to reload.

use super::{Change, ChangeKind};
use crate::auth::Me;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The latest change the server reported, numbered.
#[derive(Clone, Copy)]
pub struct Live {
    pub last: RwSignal<Option<(u64, Change)>>,
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

    fn counting(&self, counts: impl Fn(&Change) -> bool + Send + Sync + 'static) -> Memo<u64> {
        let last = self.last;
        Memo::new(move |previous: Option<&u64>| {
            last.with(|last| match last {
                Some((seq, change)) if counts(change) => *seq,
                _ => previous.copied().unwrap_or(0),
            })
        })
    }
}

type Connection = (web_sys::EventSource, Closure<dyn Fn(web_sys::MessageEvent)>);

/// Provides [`Live`] and, in the browser, keeps one event stream open while someone is
/// signed in: opened at sign-in, closed at sign-out.
pub fn provide_live() {
    let live = Live {
        last: RwSignal::new(None),
    };
    provide_context(live);
    let me = expect_context::<Me>();
    // Effects run only in the browser; the connection lives in the effect's own state.
    Effect::new(move |previous: Option<Option<Connection>>| {
        let current = previous.flatten();
        let signed_in = matches!(me.0.get(), Some(Ok(Some(_))));
        match (signed_in, current) {
            (true, None) => connect(live),
            (false, Some((source, _))) => {
                source.close();
                None
            }
            (_, current) => current,
        }
    });
}

fn connect(live: Live) -> Option<Connection> {
    // EventSource reconnects by itself after a dropped connection.
    let source = web_sys::EventSource::new("/api/live").ok()?;
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
    source
        .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
        .ok()?;
    Some((source, on_change))
}
