//! "Your sessions": every browser you are signed in on, and a way to end any of them.

use super::api::{my_sessions, EndMySession};
use super::domain::SessionInfo;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SessionsPage() -> impl IntoView {
    let end = ServerAction::<EndMySession>::new();
    let sessions = Resource::new(move || end.version().get(), |_| my_sessions());
    view! {
        <Title text="Your sessions"/>
        <div class="page-header"><h1>"Your sessions"</h1></div>
        <p class="muted">"Every browser where you are signed in. End any you do not recognise."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) => view! { <SessionTable list end/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SessionTable(list: Vec<SessionInfo>, end: ServerAction<EndMySession>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Sessions">
                <thead>
                    <tr>
                        <th scope="col">"Signed in"</th>
                        <th scope="col">"Last active"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|s| view! {
                        <tr>
                            <td>{s.signed_in_at}</td>
                            <td>{s.last_seen}</td>
                            <td>
                                {if s.current {
                                    view! { <span class="status tone-ok"><span class="icon" aria-hidden="true">"✓"</span>"This browser"</span> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=end>
                                            <input type="hidden" name="handle" value=s.handle/>
                                            <button type="submit" class="btn">"End session"</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
