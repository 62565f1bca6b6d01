//! The change calendar: a month or a week, each change on the days its window touches,
//! clashes flagged, freeze days shaded; kept live. Change Managers plan freezes here.

use super::list::window_text;
use crate::auth::{Action, Can};
use crate::changes::api::{change_calendar, AddFreeze, RemoveFreeze};
use crate::changes::calendar::{on_day, View};
use crate::changes::form::parse_time;
use crate::changes::views::{CalendarData, ChangeRow, FreezeView};
use crate::live::Live;
use crate::status::Tone;
use crate::tickets::flow::Flow;
use crate::ui::{field_errors, form_error, ErrorNotice, TextField};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[component]
pub fn ChangeCalendarPage() -> impl IntoView {
    let query = use_query_map();
    let date = Memo::new(move |_| query.read().get("date").unwrap_or_default());
    let view_of = Memo::new(move |_| query.read().get("view").unwrap_or_default());
    let live = expect_context::<Live>();
    let (changes, freezes) = (live.of("change_request"), live.of("change_freeze"));
    let add = ServerAction::<AddFreeze>::new();
    let remove = ServerAction::<RemoveFreeze>::new();
    let data = Resource::new(
        move || {
            (
                date.get(),
                view_of.get(),
                changes.get(),
                freezes.get(),
                add.version().get() + remove.version().get(),
            )
        },
        |(date, view, ..)| change_calendar(date, view),
    );
    view! {
        <Title text="Change calendar"/>
        <div class="breadcrumb"><A href="/changes" exact=true>"Changes"</A></div>
        <div class="page-header">
            <h1>"Change calendar"</h1>
            <div class="actions">
                <Can action=Action::ChangeWrite>
                    <A href="/changes/new" attr:class="btn btn-primary">"New change"</A>
                </Can>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let freezes = data.freezes.clone();
                        view! {
                            <Grid data/>
                            <Can action=Action::ChangeManage>
                                <FreezePanel freezes=freezes.clone() add remove/>
                            </Can>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn href(view: View, day: NaiveDate) -> String {
    format!(
        "/changes/calendar?view={}&date={}",
        view.key(),
        day.format("%Y-%m-%d")
    )
}

fn freeze_on(freezes: &[FreezeView], day: NaiveDate) -> Option<String> {
    freezes.iter().find_map(|f| {
        let (s, e) = (parse_time(&f.starts_at)?, parse_time(&f.ends_at)?);
        on_day(s, e, day).then(|| f.name.clone())
    })
}

fn on(row: &ChangeRow, day: NaiveDate) -> bool {
    match (
        row.starts_at.as_deref().and_then(parse_time),
        row.ends_at.as_deref().and_then(parse_time),
    ) {
        (Some(s), Some(e)) => on_day(s, e, day),
        _ => false,
    }
}

#[component]
fn Grid(data: CalendarData) -> impl IntoView {
    let day = NaiveDate::parse_from_str(&data.date, "%Y-%m-%d").unwrap_or_default();
    let view = data.view;
    let heading = match view {
        View::Month => day.format("%B %Y").to_string(),
        View::Week => format!(
            "Week of {}",
            crate::changes::calendar::week_of(day)[0].format("%-d %B %Y")
        ),
    };
    let weeks = view.weeks(day);
    let week = view == View::Week;
    view! {
        <nav class="calendar-bar" aria-label="Calendar">
            <A href=href(view, view.step(day, -1)) attr:class="btn">{if week { "← Previous week" } else { "← Previous month" }}</A>
            <A href=format!("/changes/calendar?view={}", view.key()) attr:class="btn">"Today"</A>
            <A href=href(view, view.step(day, 1)) attr:class="btn">{if week { "Next week →" } else { "Next month →" }}</A>
            <h2>{heading.clone()}</h2>
            <span class="segmented">
                <A href=href(View::Month, day) attr:aria-current=move || (!week).then_some("page")>"Month"</A>
                <A href=href(View::Week, day) attr:aria-current=move || week.then_some("page")>"Week"</A>
            </span>
        </nav>
        <div class="table-wrap">
            <table class="calendar" class:week=week aria-label=format!("Change calendar, {heading}")>
                <thead><tr>{WEEKDAYS.map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {weeks.into_iter().map(|days| view! {
                        <tr>
                            {days.into_iter().map(|d| {
                                let freeze = freeze_on(&data.freezes, d);
                                let rows: Vec<ChangeRow> = data.changes.iter().filter(|r| on(r, d)).cloned().collect();
                                let frozen = freeze.is_some();
                                let key = d.format("%Y-%m-%d").to_string();
                                let today = (key == data.today).then_some("date");
                                let outside = view == View::Month && d.month() != day.month();
                                view! {
                                    <td class:outside=outside class:frozen=frozen class:today=today.is_some() aria-current=today data-day=key>
                                        <span class="day">{d.day()}</span>
                                        {freeze.map(|name| view! { <span class="freeze">{format!("Freeze: {name}")}</span> })}
                                        <ul class="plain">
                                            {rows.into_iter().map(|r| view! { <li><Chip row=r week/></li> }).collect_view()}
                                        </ul>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Chip(row: ChangeRow, week: bool) -> impl IntoView {
    let tone = if row.clashes.is_empty() {
        row.state.tone()
    } else {
        Tone::Warning
    };
    let title = format!(
        "{} · {} · {}",
        row.state.label(),
        row.kind.label(),
        window_text(&row.starts_at, &row.ends_at)
    );
    view! {
        <A href=format!("/changes/{}", row.number) attr:class=format!("chip {}", tone.class()) attr:title=title>
            <span class="icon" aria-hidden="true">{tone.icon()}</span>
            {format!("{} {}", row.number, row.title)}
            {week.then(|| view! { <span class="muted">{format!(" {}", window_text(&row.starts_at, &row.ends_at))}</span> })}
            {(!row.clashes.is_empty()).then(|| view! { <strong class="clash-word">{format!(" Conflict with {}", row.clashes.join(", "))}</strong> })}
        </A>
    }
}

#[component]
fn FreezePanel(
    freezes: Vec<FreezeView>,
    add: ServerAction<AddFreeze>,
    remove: ServerAction<RemoveFreeze>,
) -> impl IntoView {
    let errors = field_errors(add.value().into());
    let problem = form_error(add.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <section class="panel" aria-labelledby="change-freezes">
            <h2 id="change-freezes">"Freezes"</h2>
            <ul class="plain" aria-label="Freezes">
                {freezes.into_iter().map(|f| view! {
                    <li>
                        {format!("{}: {} ", f.name, window_text(&Some(f.starts_at.clone()), &Some(f.ends_at.clone())))}
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="key" value=f.key/>
                            <button type="submit" class="btn btn-danger btn-icon" aria-label=format!("Remove freeze {}", f.name)>"Remove"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:aria-label="Plan a freeze">
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <div class="form-grid">
                    <TextField id="freeze-name" name="name" label="Freeze name" error=error("name")/>
                    <TextField id="freeze-starts" name="starts_at" label="Starts (UTC)" kind="datetime-local" error=error("starts_at")/>
                    <TextField id="freeze-ends" name="ends_at" label="Ends (UTC)" kind="datetime-local" error=error("ends_at")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn">"Plan freeze"</button></div>
            </ActionForm>
        </section>
    }
}
