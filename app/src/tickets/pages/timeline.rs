//! A ticket's timeline: what happened, oldest first, with work notes set apart.

use crate::tickets::views::Entry;
use leptos::prelude::*;

fn entry_title(entry: &Entry) -> String {
    match entry.kind.as_str() {
        "opened" => "Opened".to_owned(),
        "comment" => "Comment".to_owned(),
        "work_note" => "Work note (internal)".to_owned(),
        "assigned" => "Assigned".to_owned(),
        "review" => "Post-incident review".to_owned(),
        "analysis" => "Root cause analysis".to_owned(),
        "linked" => "Incident linked".to_owned(),
        "planned" => "RFC updated".to_owned(),
        "vote" => "CAB vote".to_owned(),
        "task" => "Task".to_owned(),
        "escalated" => "Escalated".to_owned(),
        _ => format!(
            "{} → {}",
            entry.from.clone().unwrap_or_default(),
            entry.to.clone().unwrap_or_default()
        ),
    }
}

#[component]
pub fn Timeline(entries: Vec<Entry>, label: &'static str) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="ticket-timeline">
            <h2 id="ticket-timeline">"Timeline"</h2>
            <ol class="timeline" aria-label=label>
                {entries.into_iter().map(|e| {
                    let class = if e.kind == "work_note" { "work-note" } else { "" };
                    view! {
                        <li class=class>
                            <strong>{entry_title(&e)}</strong>
                            {(!e.text.is_empty()).then(|| view! { <p class="prewrap">{e.text.clone()}</p> })}
                            <span class="muted">{format!("{} · {}", e.at, e.by)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
