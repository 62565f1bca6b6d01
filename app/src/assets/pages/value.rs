//! An asset's value: cost, book value today or on any chosen day (reckoned in the
//! browser with the same code as the server), and the depreciation curve.

use crate::assets::depreciation::{Basis, Method};
use crate::assets::domain::parse_date;
use crate::assets::fiscal::FiscalYear;
use crate::assets::money::format_amount;
use leptos::prelude::*;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 140.0;
const PAD: f64 = 24.0;

fn money(currency: &str, minor: i64) -> String {
    format!("{currency} {}", format_amount(minor))
}

#[component]
pub fn ValuePanel(
    basis: Option<Basis>,
    currency: String,
    today: String,
    fiscal_year: FiscalYear,
    /// Disposed: the remaining value was written off.
    written_off: bool,
) -> impl IntoView {
    let Some(basis) = basis else {
        return view! {
            <section class="panel" aria-labelledby="asset-value">
                <h2 id="asset-value">"Value"</h2>
                <p class="muted">"Enter a cost and a purchase date to see the book value."</p>
            </section>
        }
        .into_any();
    };
    let (on, set_on) = signal(today.clone());
    let value_on = {
        let currency = currency.clone();
        move || match parse_date(&on.get()) {
            Some(day) => money(&currency, basis.value_on(day)),
            None => "Pick a day".to_owned(),
        }
    };
    let today_value = if written_off {
        Some("Written off (disposed)".to_owned())
    } else {
        parse_date(&today).map(|d| money(&currency, basis.value_on(d)))
    };
    let cost = money(&currency, basis.cost);
    let picks: Vec<(String, String)> = parse_date(&today)
        .map(|day| {
            let (this_end, last_end) = (fiscal_year.end_of(day), fiscal_year.end_before(day));
            vec![
                ("Today".to_owned(), today.clone()),
                (
                    format!("End of this fiscal year ({this_end})"),
                    this_end.to_string(),
                ),
                (
                    format!("End of last fiscal year ({last_end})"),
                    last_end.to_string(),
                ),
            ]
        })
        .unwrap_or_default();
    let method = match basis.method {
        Method::StraightLine => "straight line",
        Method::DecliningBalance => "double declining balance",
    };
    view! {
        <section class="panel" aria-labelledby="asset-value">
            <h2 id="asset-value">"Value"</h2>
            <dl class="props">
                <dt>"Cost"</dt><dd>{cost}</dd>
                <dt>"Book value today"</dt><dd data-book-value="today">{today_value}</dd>
                <dt>"Depreciation"</dt><dd>{format!("{method} over {} months", basis.life_months)}</dd>
            </dl>
            <div class="field inline">
                <label for="value-on">"Book value on"</label>
                <input id="value-on" type="date" prop:value=on on:input=move |ev| set_on.set(event_target_value(&ev))/>
                <output for="value-on" data-book-value="chosen" aria-live="polite">{value_on}</output>
            </div>
            <div class="value-picks" role="group" aria-label="Book value at">
                {picks.into_iter().map(|(label, day)| view! {
                    <button type="button" class="btn" on:click=move |_| set_on.set(day.clone())>{label}</button>
                }).collect_view()}
            </div>
            <Curve basis currency/>
        </section>
    }
    .into_any()
}

/// The book value at purchase and each anniversary, as a line with the figures in a
/// table underneath for screen readers and for copying.
#[component]
fn Curve(basis: Basis, currency: String) -> impl IntoView {
    let points = basis.schedule();
    let last = points.len().saturating_sub(1).max(1) as f64;
    let top = basis.cost.max(1) as f64;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let x = PAD + (WIDTH - 2.0 * PAD) * i as f64 / last;
            let y = PAD + (HEIGHT - 2.0 * PAD) * (1.0 - *v as f64 / top);
            (x, y)
        })
        .collect();
    let path: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let rows: Vec<(String, String)> = points
        .iter()
        .map(|(date, v)| (date.to_string(), money(&currency, *v)))
        .collect();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="curve-title">
                <title id="curve-title">"Book value at purchase and on each anniversary"</title>
                <line class="axis" x1=PAD y1=HEIGHT - PAD x2=WIDTH - PAD y2=HEIGHT - PAD/>
                <polyline class="series" points=path.join(" ")/>
                {xy.iter().map(|(x, y)| view! { <circle class="point" cx=*x cy=*y r="3"/> }).collect_view()}
            </svg>
            <figcaption>
                <table class="data compact" aria-label="Depreciation schedule">
                    <thead><tr><th scope="col">"Date"</th><th scope="col" class="num">"Book value"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(date, v)| view! { <tr><td>{date}</td><td class="num">{v}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </figcaption>
        </figure>
    }
}
