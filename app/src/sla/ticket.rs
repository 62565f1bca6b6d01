//! A ticket's SLA clocks from its history. An incident's response clock stops at the
//! first assignment or move out of New, its resolution clock at resolution; On Hold (and
//! the time a resolved ticket waits before it is reopened) is left out. A request's
//! fulfilment clock runs from logging to its end, standing still while it awaits approval.
//! Times are local to the SLA's calendar.

use super::clock::{elapsed, state, Calendar, ClockState, Pause};
use super::terms::{format_minutes, Terms};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// What a clock's history needs to know about a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub opened: NaiveDateTime,
    pub responded: Option<NaiveDateTime>,
    /// The last resolution, while it stands.
    pub resolved: Option<NaiveDateTime>,
    pub pauses: Vec<Pause>,
}

impl History {
    /// From the moves `(at, from, to)` by state label, oldest first, and the first
    /// assignment to a person.
    pub fn of(
        opened: NaiveDateTime,
        moves: &[(NaiveDateTime, String, String)],
        assigned: Option<NaiveDateTime>,
    ) -> History {
        let stands_still = |state: &str| matches!(state, "On Hold" | "Resolved");
        let mut pauses: Vec<Pause> = Vec::new();
        let mut responded = assigned;
        let mut resolved = None;
        for (at, from, to) in moves {
            if from == "New" && responded.is_none_or(|r| *at < r) {
                responded = Some(*at);
            }
            if stands_still(from) {
                if let Some(open) = pauses.last_mut().filter(|p| p.to.is_none()) {
                    open.to = Some(*at);
                }
            }
            if stands_still(to) {
                pauses.push(Pause {
                    from: *at,
                    to: None,
                });
            }
            // Closing keeps the resolution; any other move takes it back.
            resolved = match to.as_str() {
                "Resolved" => Some(*at),
                "Closed" => resolved,
                _ => None,
            };
        }
        History {
            opened,
            responded,
            resolved,
            pauses,
        }
    }
    /// From the moves `(at, from, to)` of a service request by state label, oldest first,
    /// and whether it started out awaiting approval.
    pub fn of_request(
        opened: NaiveDateTime,
        awaits_approval: bool,
        moves: &[(NaiveDateTime, String, String)],
    ) -> History {
        let mut pauses: Vec<Pause> = Vec::new();
        if awaits_approval {
            pauses.push(Pause {
                from: opened,
                to: None,
            });
        }
        let mut resolved = None;
        for (at, from, to) in moves {
            if from == "Awaiting approval" {
                if let Some(open) = pauses.last_mut().filter(|p| p.to.is_none()) {
                    open.to = Some(*at);
                }
            }
            if matches!(to.as_str(), "Closed" | "Rejected" | "Cancelled") {
                resolved = Some(*at);
            }
        }
        History {
            opened,
            responded: None,
            resolved,
            pauses,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockKind {
    Response,
    Resolution,
    Fulfilment,
}

impl ClockKind {
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::Response => "Response",
            ClockKind::Resolution => "Resolution",
            ClockKind::Fulfilment => "Fulfilment",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ClockKind::Response => "response",
            ClockKind::Resolution => "resolution",
            ClockKind::Fulfilment => "fulfilment",
        }
    }
}

/// One clock as computed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    pub target: Duration,
    pub elapsed: Duration,
    pub state: ClockState,
    /// When it breaches if nothing stops it; none once stopped or while paused.
    pub due: Option<NaiveDateTime>,
    pub paused: bool,
}

/// The clocks the terms give an incident of `priority` (1 to 5).
pub fn clocks(terms: &Terms, priority: i64, history: &History, now: NaiveDateTime) -> Vec<Clock> {
    let (response, resolution) = terms.targets(priority);
    [
        (ClockKind::Response, response, history.responded),
        (ClockKind::Resolution, resolution, history.resolved),
    ]
    .into_iter()
    .filter_map(|(kind, target, stop)| {
        Some(run(
            terms,
            kind,
            Duration::minutes(target?),
            stop,
            history,
            now,
        ))
    })
    .collect()
}

/// A request's fulfilment clock: `target` minutes of the terms' business time.
pub fn fulfilment(terms: &Terms, target: i64, history: &History, now: NaiveDateTime) -> Clock {
    let target = Duration::minutes(target);
    run(
        terms,
        ClockKind::Fulfilment,
        target,
        history.resolved,
        history,
        now,
    )
}

/// One clock that stops at `stop`; pauses hold every clock but the response clock.
fn run(
    terms: &Terms,
    kind: ClockKind,
    target: Duration,
    stop: Option<NaiveDateTime>,
    history: &History,
    now: NaiveDateTime,
) -> Clock {
    let calendar: Calendar = terms.calendar();
    let paused = kind != ClockKind::Response
        && stop.is_none()
        && history.pauses.last().is_some_and(|p| p.to.is_none());
    let until = stop.unwrap_or(now).min(now);
    let ran = elapsed(&calendar, history.opened, until, &history.pauses);
    let due = (stop.is_none() && !paused && ran <= target)
        .then(|| calendar.deadline(now, target - ran))
        .flatten();
    Clock {
        kind,
        target,
        elapsed: ran,
        state: state(ran, target, terms.risk_percent, stop.is_some()),
        due,
        paused,
    }
}

/// Whether every clock was met (none when there are none, or one still runs).
pub fn met(clocks: &[Clock]) -> Option<bool> {
    if clocks.is_empty()
        || clocks
            .iter()
            .any(|c| !matches!(c.state, ClockState::Met | ClockState::Breached))
    {
        return None;
    }
    Some(clocks.iter().all(|c| c.state == ClockState::Met))
}

/// A clock as a ticket page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub kind: ClockKind,
    pub state: ClockState,
    pub target: String,
    pub elapsed: String,
    /// 0 to 100, for the bar.
    pub percent: u8,
    /// The deadline in the SLA's time zone, as people read it.
    pub due: Option<String>,
    pub paused: bool,
}

impl Clock {
    pub fn view(&self, time_zone: &str) -> ClockView {
        let target = self.target.num_minutes().max(1);
        ClockView {
            kind: self.kind,
            state: self.state,
            target: format_minutes(self.target.num_minutes()),
            elapsed: format_minutes(self.elapsed.num_minutes().max(0)),
            percent: (self.elapsed.num_minutes() * 100 / target).clamp(0, 100) as u8,
            due: self
                .due
                .map(|d| format!("{} ({time_zone})", d.format("%a %-d %b %H:%M"))),
            paused: self.paused,
        }
    }

    /// The note a watcher leaves on the ticket when the clock is at risk or breached.
    pub fn warning(&self) -> String {
        let what = match self.state {
            ClockState::Breached => "breached",
            _ => "at risk",
        };
        format!(
            "{} SLA {what}: {} of {} used.",
            self.kind.label(),
            format_minutes(self.elapsed.num_minutes().max(0)),
            format_minutes(self.target.num_minutes())
        )
    }
}

/// The SLA clocks of one ticket, and whose SLA they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketClocks {
    pub service: String,
    pub service_name: String,
    pub clocks: Vec<ClockView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::terms::SlaInput;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn moved(when: &str, from: &str, to: &str) -> (NaiveDateTime, String, String) {
        (at(when), from.to_owned(), to.to_owned())
    }

    /// Office hours Mon-Fri 08-18; P2: respond in 30m, resolve in 8h.
    fn terms() -> Terms {
        SlaInput {
            service: "webshop".into(),
            availability: "99.9".into(),
            period: "monthly".into(),
            response: vec!["15m".into(), "30m".into()],
            resolution: vec!["4h".into(), "8h".into()],
            hours: "Mon-Fri 08:00-18:00".into(),
            time_zone: "Europe/Berlin".into(),
            ..SlaInput::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn clocks_run_in_business_hours_and_stop_on_hold() {
        // Logged Friday 17:00, taken Monday 08:20, On Hold 10:00 to 13:00.
        let history = History::of(
            at("2026-12-04 17:00"),
            &[
                moved("2026-12-07 08:20", "New", "In Progress"),
                moved("2026-12-07 10:00", "In Progress", "On Hold"),
                moved("2026-12-07 13:00", "On Hold", "In Progress"),
            ],
            None,
        );
        let found = clocks(&terms(), 2, &history, at("2026-12-07 15:00"));
        // Response: 1 h Friday + 20 min Monday: breached (target 30 min).
        assert_eq!(found[0].elapsed, Duration::minutes(80));
        assert_eq!(found[0].state, ClockState::Breached);
        // Resolution: 1 h Friday + 2 h Monday morning + 2 h afternoon = 5 h of 8: running.
        assert_eq!(found[1].elapsed, Duration::hours(5));
        assert_eq!(found[1].state, ClockState::Running);
        // 3 h left from 15:00 Monday: 18:00, so due at 18:00 that day.
        assert_eq!(found[1].due, Some(at("2026-12-07 18:00")));
        // At 16:00 it has run 6 h of 8: at risk (75%).
        let later = clocks(&terms(), 2, &history, at("2026-12-07 16:00"));
        assert_eq!(later[1].state, ClockState::AtRisk);
        assert_eq!(met(&later), None);
    }

    #[test]
    fn a_resolution_stops_the_clock_and_a_reopening_resumes_it() {
        let history = History::of(
            at("2026-12-07 09:00"),
            &[
                moved("2026-12-07 09:10", "New", "In Progress"),
                moved("2026-12-07 11:00", "In Progress", "Resolved"),
                moved("2026-12-07 14:00", "Resolved", "In Progress"),
                moved("2026-12-07 15:00", "In Progress", "Resolved"),
            ],
            None,
        );
        assert_eq!(history.resolved, Some(at("2026-12-07 15:00")));
        let found = clocks(&terms(), 2, &history, at("2026-12-09 12:00"));
        // 2 h, then 1 h after reopening; the 3 h it stood resolved do not count.
        assert_eq!(found[1].elapsed, Duration::hours(3));
        assert_eq!(found[1].state, ClockState::Met);
        assert_eq!(found[0].state, ClockState::Met);
        assert_eq!(met(&found), Some(true));
        assert_eq!(found[1].due, None);
    }

    #[test]
    fn a_paused_clock_has_no_deadline_and_assignment_is_a_response() {
        let history = History::of(
            at("2026-12-07 09:00"),
            &[moved("2026-12-07 09:30", "New", "On Hold")],
            Some(at("2026-12-07 09:05")),
        );
        assert_eq!(history.responded, Some(at("2026-12-07 09:05")));
        let found = clocks(&terms(), 2, &history, at("2026-12-07 17:00"));
        assert_eq!(found[1].elapsed, Duration::minutes(30));
        assert!(found[1].paused);
        assert_eq!(found[1].due, None);
        let view = found[1].view("Europe/Berlin");
        assert_eq!(
            (view.target.as_str(), view.elapsed.as_str(), view.percent),
            ("8h", "30m", 6)
        );
    }

    #[test]
    fn a_priority_without_targets_has_no_clocks() {
        let history = History::of(at("2026-12-07 09:00"), &[], None);
        assert!(clocks(&terms(), 4, &history, at("2026-12-07 10:00")).is_empty());
        let view = clocks(&terms(), 1, &history, at("2026-12-07 09:10"))[1].view("UTC");
        assert_eq!(view.due.as_deref(), Some("Mon 7 Dec 13:00 (UTC)"));
    }

    #[test]
    fn a_request_clock_waits_for_approval_and_stops_when_closed() {
        // Ordered Monday 09:00, approved 11:00, closed Tuesday 10:00; 8h to fulfil.
        let history = History::of_request(
            at("2026-12-07 09:00"),
            true,
            &[
                moved("2026-12-07 11:00", "Awaiting approval", "In fulfilment"),
                moved("2026-12-08 10:00", "In fulfilment", "Closed"),
            ],
        );
        let clock = fulfilment(&terms(), 480, &history, at("2026-12-09 12:00"));
        // 11:00-18:00 Monday and 08:00-10:00 Tuesday: 9 h of 8.
        assert_eq!(clock.kind, ClockKind::Fulfilment);
        assert_eq!(clock.elapsed, Duration::hours(9));
        assert_eq!(clock.state, ClockState::Breached);
        assert_eq!(clock.due, None);
        assert_eq!(clock.warning(), "Fulfilment SLA breached: 9h of 8h used.");
        // While it still waits, the clock stands at zero, paused.
        let waiting = History::of_request(at("2026-12-07 09:00"), true, &[]);
        let clock = fulfilment(&terms(), 480, &waiting, at("2026-12-07 17:00"));
        assert_eq!((clock.elapsed, clock.paused), (Duration::zero(), true));
        // Without approval it runs from the order: 6 h of 8 by 15:00 is at risk,
        // and the 2 h left run out at 17:00.
        let straight = History::of_request(at("2026-12-07 09:00"), false, &[]);
        let clock = fulfilment(&terms(), 480, &straight, at("2026-12-07 15:00"));
        assert_eq!(clock.state, ClockState::AtRisk);
        assert_eq!(clock.due, Some(at("2026-12-07 17:00")));
        assert_eq!(clock.warning(), "Fulfilment SLA at risk: 6h of 8h used.");
        assert_eq!(clock.view("Europe/Berlin").kind.label(), "Fulfilment");
    }
}
