//! Wallboards: create one for a set of services, open it, and give a TV its read-only
//! link (a board token, revocable).

use crate::auth::{Action, Can};
use crate::cmdb::list_services;
use crate::cmdb::relations::ServiceSummary;
use crate::error::AppError;
use crate::monitoring::api::{list_boards, BoardToken, CreateBoard, RevokeBoardToken};
use crate::monitoring::board::{BoardSummary, Kpi, ROTATE_MAX_S, ROTATE_MIN_S};
use crate::ui::{field_errors, form_error, Checkboxes, ErrorNotice, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn BoardsPage() -> impl IntoView {
    let create = ServerAction::<CreateBoard>::new();
    let token = ServerAction::<BoardToken>::new();
    let revoke = ServerAction::<RevokeBoardToken>::new();
    let boards = Resource::new(
        move || {
            (
                create.version().get(),
                token.version().get(),
                revoke.version().get(),
            )
        },
        |_| list_boards(),
    );
    // Made here, not in the form: a resource made inside `Can` is made again on each of
    // its re-renders.
    let services = Resource::new(|| (), |_| list_services());
    let issued = move || token.value().get().and_then(Result::ok);
    view! {
        <Title text="Wallboards"/>
        <div class="page-header"><h1>"Wallboards"</h1></div>
        <super::MonitoringNav/>
        <p class="muted">"Full-screen service status for shared screens, updated by push. A board link with a token opens that one board read-only, without signing in; issuing a new token or revoking it stops the old link."</p>
        {move || form_error(token.value().into()).get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
        {move || issued().map(|link| view! {
            <div class="alert tone-ok" role="status">
                <p>"The board's read-only link. Copy it now: the token is stored only as a hash and never shown again."</p>
                <code class="token">{link}</code>
            </div>
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(list) => view! { <BoardTable list token revoke/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
        <Can action=Action::MonitoringManage>
            <BoardForm create services/>
        </Can>
    }
}

/// What a board shows, in a few words: "all services · 3 KPIs · events · turns every 20 s".
fn shows(board: &BoardSummary) -> String {
    let mut parts = vec![match board.services.len() {
        0 => "all services".to_owned(),
        1 => "1 service".to_owned(),
        n => format!("{n} services"),
    }];
    match board.kpis.len() {
        0 => {}
        1 => parts.push("1 KPI".into()),
        n => parts.push(format!("{n} KPIs")),
    }
    if board.events {
        parts.push("latest events".into());
    }
    if board.rotate_s > 0 {
        parts.push(format!("turns every {} s", board.rotate_s));
    }
    parts.join(" · ")
}

#[component]
fn BoardTable(
    list: Vec<BoardSummary>,
    token: ServerAction<BoardToken>,
    revoke: ServerAction<RevokeBoardToken>,
) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Wallboards">
                <thead><tr><th scope="col">"Board"</th><th scope="col">"Shows"</th><th scope="col">"Read-only link"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    {list.into_iter().map(|b| {
                        let (key, name, has_token) = (b.key.clone(), b.name.clone(), b.has_token);
                        let shows = shows(&b);
                        view! {
                            <tr>
                                <td><A href=format!("/wallboard/{key}")>{name}</A></td>
                                <td>{shows}</td>
                                <td>{if has_token { "issued" } else { "none" }}</td>
                                <td>
                                    <Can action=Action::MonitoringManage>
                                        {
                                            let (key, revoke_key) = (key.clone(), key.clone());
                                            view! {
                                                <ActionForm action=token attr:class="inline">
                                                    <input type="hidden" name="key" value=key/>
                                                    <button type="submit" class="btn">{if has_token { "New link" } else { "Issue link" }}</button>
                                                </ActionForm>
                                                {has_token.then(|| view! {
                                                    <ActionForm action=revoke attr:class="inline">
                                                        <input type="hidden" name="key" value=revoke_key.clone()/>
                                                        <button type="submit" class="btn">"Revoke link"</button>
                                                    </ActionForm>
                                                })}
                                            }
                                        }
                                    </Can>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No wallboards yet."</p> })}
        </div>
    }
}

#[component]
fn BoardForm(
    create: ServerAction<CreateBoard>,
    services: Resource<Result<Vec<ServiceSummary>, AppError>>,
) -> impl IntoView {
    let errors = field_errors(create.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let kpi_options: Vec<(String, String, bool)> = Kpi::all()
        .map(|k| (k.key().to_owned(), k.label().to_owned(), false))
        .collect();
    view! {
        <section class="panel" aria-labelledby="board-form-title">
            <h2 id="board-form-title">"New wallboard"</h2>
            <ActionForm action=create>
                <div class="form-grid">
                    <TextField id="board-name" name="input[name]" label="Name" required=true error=error("name")/>
                    <TextField id="board-rotate" name="input[rotate_s]" label="Turn views every (seconds)" kind="number"
                        error=error("rotate_s")/>
                    <p class="muted hint">{format!("Empty: every view at once. {ROTATE_MIN_S} to {ROTATE_MAX_S}: one view at a time, in step on every screen.")}</p>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let options: Vec<(String, String, bool)> = services
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| (s.ci.id, s.ci.name, false))
                                .collect();
                            view! { <Checkboxes id="board-services" name="input[services]" legend="Services (none: all of them)" options error=error("services")/> }
                        })}
                    </Transition>
                    <Checkboxes id="board-kpis" name="input[kpis]" legend="Key figures (a view of their own)" options=kpi_options error=error("kpis")/>
                    <div class="field wide">
                        <label class="check" for="board-events">
                            <input type="checkbox" id="board-events" name="input[events]"/>
                            "Show the latest events (a view of their own)"
                        </label>
                    </div>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Create wallboard"</button></div>
            </ActionForm>
        </section>
    }
}
