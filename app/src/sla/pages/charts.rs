//! Small SVG charts for trends. Each names what it shows and carries its figures in a
//! table for screen readers, as the picture alone says nothing to them.

use crate::sla::report::TrendPoint;
use leptos::prelude::*;

/// The points' coordinates in a `width` × `height` box; gaps (no figure) are skipped.
fn coordinates(points: &[TrendPoint], width: f64, height: f64, pad: f64) -> Vec<(f64, f64, usize)> {
    let values: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    let (low, high) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let range = if high > low { high - low } else { 1.0 };
    let step = if points.len() > 1 {
        (width - 2.0 * pad) / (points.len() - 1) as f64
    } else {
        0.0
    };
    points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let v = p.value?;
            let y = if high > low {
                height - pad - (v - low) / range * (height - 2.0 * pad)
            } else {
                height / 2.0
            };
            Some((pad + step * i as f64, y, i))
        })
        .collect()
}

/// A trend line with its points, and the figures in a hidden table.
#[component]
pub fn TrendLine(
    points: Vec<TrendPoint>,
    #[prop(into)] label: String,
    show: fn(f64) -> String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let (width, height) = if large { (640.0, 180.0) } else { (240.0, 48.0) };
    let at = coordinates(&points, width, height, 6.0);
    let line = at
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let labels = large.then(|| {
        let every = points.len().div_ceil(8).max(1);
        points
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0)
            .map(|(i, p)| {
                let step = if points.len() > 1 { (width - 12.0) / (points.len() - 1) as f64 } else { 0.0 };
                view! { <text x=6.0 + step * i as f64 y=height + 14.0 class="tick">{p.label.clone()}</text> }
            })
            .collect_view()
    });
    let view_box = format!("0 0 {width} {}", if large { height + 20.0 } else { height });
    view! {
        <figure class=if large { "trend large" } else { "trend" }>
            <svg viewBox=view_box role="img" aria-label=format!("{label}: trend; the figures follow")>
                <line x1="0" y1=height - 1.0 x2=width y2=height - 1.0 class="axis"/>
                <polyline points=line class="series"/>
                {at.iter().map(|(x, y, i)| {
                    let title = format!("{}: {}", points[*i].label, points[*i].value.map(show).unwrap_or_default());
                    view! { <circle cx=*x cy=*y r=if large { 3.5 } else { 2.5 } class="point"><title>{title}</title></circle> }
                }).collect_view()}
                {labels}
            </svg>
            <table class="visually-hidden">
                <caption>{label}</caption>
                <tbody>
                    {points.iter().map(|p| view! {
                        <tr><th scope="row">{p.label.clone()}</th><td>{p.value.map(show).unwrap_or_else(|| "No data".into())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(value: Option<f64>) -> TrendPoint {
        TrendPoint {
            label: String::new(),
            value,
        }
    }

    #[test]
    fn the_highest_figure_is_drawn_highest_and_gaps_are_skipped() {
        let at = coordinates(
            &[point(Some(1.0)), point(None), point(Some(3.0))],
            100.0,
            50.0,
            5.0,
        );
        assert_eq!(at.len(), 2);
        assert_eq!(at[0], (5.0, 45.0, 0));
        assert_eq!(at[1], (95.0, 5.0, 2));
        // A flat line sits in the middle.
        let flat = coordinates(&[point(Some(2.0)), point(Some(2.0))], 100.0, 50.0, 5.0);
        assert!(flat.iter().all(|(_, y, _)| *y == 25.0));
    }
}
