//! A ticket's SLA clocks: where each stands, how much of its target has run, and when
//! it is due. They move on every minute and with every change to the ticket.

use crate::live::Live;
use crate::sla::api::{incident_clocks, request_clocks};
use crate::sla::ticket::{ClockKind, ClockView};
use crate::ui::StatusBadge;
use leptos::prelude::*;
use std::time::Duration;

/// The clocks of an incident, or with `request` of a service request.
#[component]
pub fn TicketClocksPanel(
    #[prop(into)] number: String,
    #[prop(optional)] request: bool,
) -> impl IntoView {
    let live = expect_context::<Live>();
    let (tickets, entries) = if request {
        (live.of("service_request"), live.of("request_entry"))
    } else {
        (live.of("incident"), live.of("incident_entry"))
    };
    let minute = RwSignal::new(0u64);
    Effect::new(move |_| {
        let _ =
            set_interval_with_handle(move || minute.update(|m| *m += 1), Duration::from_secs(60));
    });
    let clocks = Resource::new(
        move || (number.clone(), tickets.get(), entries.get(), minute.get()),
        move |(number, ..)| async move {
            if request {
                request_clocks(number).await
            } else {
                incident_clocks(number).await
            }
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                clocks.await.ok().flatten().map(|found| view! {
                    <section class="panel sla-clocks" aria-labelledby="sla-clocks">
                        <h2 id="sla-clocks">"SLA · " {found.service_name.clone()}</h2>
                        {found.clocks.into_iter().map(|clock| view! { <Clock clock/> }).collect_view()}
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn Clock(clock: ClockView) -> impl IntoView {
    let label = clock.kind.label();
    let when = if clock.paused {
        match clock.kind {
            ClockKind::Fulfilment => "Paused while awaiting approval",
            _ => "Paused while On Hold",
        }
        .to_owned()
    } else {
        clock
            .due
            .clone()
            .map(|d| format!("Due {d}"))
            .unwrap_or_default()
    };
    view! {
        <div class="clock" data-clock=clock.kind.key()>
            <div class="clock-head">
                <strong>{label}</strong>
                <StatusBadge tone=clock.state.tone() label=clock.state.label()/>
            </div>
            <progress max="100" value=clock.percent aria-label=format!("{label} clock: {} of {} used", clock.elapsed, clock.target)></progress>
            <p class="muted small">{clock.elapsed.clone()} " of " {clock.target.clone()} " business time" {(!when.is_empty()).then(|| format!(" · {when}"))}</p>
        </div>
    }
}
