//! The change list: newest first, filtered by state, clashes flagged; kept live.

use crate::auth::{Action, Can};
use crate::changes::api::list_changes;
use crate::changes::domain::State;
use crate::changes::views::ChangeRow;
use crate::live::Live;
use crate::status::Tone;
use crate::tickets::flow::Flow;
use crate::ui::{ErrorNotice, StateFilter, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// "2026-12-05 22:00 to 2026-12-06 01:00", or nothing when unplanned.
pub fn window_text(starts: &Option<String>, ends: &Option<String>) -> String {
    match (starts, ends) {
        (Some(s), Some(e)) => format!("{} to {} UTC", s.replace('T', " "), e.replace('T', " ")),
        _ => String::new(),
    }
}

/// The conflict flag of a change: colour, icon and word.
#[component]
pub fn ClashFlag(row: ChangeRow) -> impl IntoView {
    (!row.clashes.is_empty()).then(|| {
        let with = row.clashes.join(", ");
        view! {
            <span class="clash" title=format!("Conflicts with {with}")>
                <StatusBadge tone=Tone::Warning label="Conflict"/>
                " " {with.clone()}
            </span>
        }
    })
}

#[component]
pub fn ChangeListPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| query.read().get("state").unwrap_or_default());
    let changes = expect_context::<Live>().of("change_request");
    let found = Resource::new(
        move || (state.get(), changes.get()),
        |(state, _)| list_changes(state),
    );
    view! {
        <Title text="Changes"/>
        <div class="page-header">
            <h1>"Changes"</h1>
            <div class="actions">
                <A href="/changes/calendar" attr:class="btn">"Calendar"</A>
                <Can action=Action::ChangeWrite>
                    <A href="/changes/new" attr:class="btn btn-primary">"New change"</A>
                </Can>
            </div>
        </div>
        <StateFilter action="/changes" what="changes" states=State::ALL.iter().map(|s| s.label()).collect() chosen=state/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(rows) => {
                        let empty = rows.is_empty();
                        view! {
                            <div class="table-wrap">
                                <table class="data" aria-label="Changes">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Number"</th>
                                            <th scope="col">"Title"</th>
                                            <th scope="col">"Type"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col">"Risk"</th>
                                            <th scope="col">"Window"</th>
                                            <th scope="col">"CIs"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let window = window_text(&r.starts_at, &r.ends_at);
                                            let (href, number, title, flag) = (format!("/changes/{}", r.number), r.number.clone(), r.title.clone(), r.clone());
                                            view! {
                                                <tr>
                                                    <td><A href=href>{number}</A></td>
                                                    <td>{title} " " <ClashFlag row=flag/></td>
                                                    <td>{r.kind.label()}</td>
                                                    <td><StatusBadge tone=r.state.tone() label=r.state.label()/></td>
                                                    <td>{r.risk.map(|k| view! { <StatusBadge tone=k.tone() label=k.label()/> })}</td>
                                                    <td>{window}</td>
                                                    <td>{r.cis.join(", ")}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No changes match."</p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
