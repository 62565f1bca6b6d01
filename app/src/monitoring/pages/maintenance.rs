//! A CI's maintenance windows on its page: listed, scheduled and removed.

use crate::auth::{Action, Can};
use crate::error::AppError;
use crate::live::Live;
use crate::monitoring::api::{maintenance_windows, RemoveWindow, ScheduleWindow};
use crate::monitoring::maintenance::WindowView;
use crate::status::Tone;
use crate::ui::{field_errors, form_error, ErrorNotice, StatusBadge, TextField};
use leptos::prelude::*;

/// The panel's data and actions, made by the page outside its suspense.
#[derive(Clone, Copy)]
pub struct MaintenanceState {
    windows: Resource<Result<Vec<WindowView>, AppError>>,
    schedule: ServerAction<ScheduleWindow>,
    remove: ServerAction<RemoveWindow>,
}

impl MaintenanceState {
    pub fn new(ci: Memo<String>) -> Self {
        let changes = expect_context::<Live>().of("maintenance_window");
        let schedule = ServerAction::<ScheduleWindow>::new();
        let remove = ServerAction::<RemoveWindow>::new();
        let windows = Resource::new(
            move || {
                (
                    ci.get(),
                    changes.get(),
                    schedule.version().get(),
                    remove.version().get(),
                )
            },
            |(ci, ..)| maintenance_windows(ci),
        );
        MaintenanceState {
            windows,
            schedule,
            remove,
        }
    }
}

fn state_of(window: &WindowView) -> (Tone, &'static str) {
    if window.active {
        (Tone::Warning, "In maintenance")
    } else if window.ended {
        (Tone::Unknown, "Ended")
    } else {
        (Tone::Ok, "Scheduled")
    }
}

#[component]
pub fn MaintenanceWindows(#[prop(into)] ci: String, state: MaintenanceState) -> impl IntoView {
    let MaintenanceState {
        windows,
        schedule,
        remove,
    } = state;
    view! {
        <section class="panel" aria-labelledby="ci-maintenance">
            <h2 id="ci-maintenance">"Maintenance windows"</h2>
            <p class="muted">"Checks and alerts keep running in a window; their events are kept but marked suppressed, and raise nothing."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match windows.await {
                        Ok(list) => {
                            let empty = list.is_empty();
                            view! {
                                <ul class="links" aria-label="Maintenance windows">
                                    {list.into_iter().map(|w| {
                                        let (tone, label) = state_of(&w);
                                        let remove_label = format!("Remove the window {} to {}", w.starts_at, w.ends_at);
                                        let (id, reason) = (w.id.clone(), w.reason.clone());
                                        view! {
                                            <li data-window=reason>
                                                <StatusBadge tone label/>
                                                " " {format!("{} to {}", w.starts_at, w.ends_at)} " · " {w.reason}
                                                <span class="muted">" · " {w.by}</span>
                                                <Can action=Action::MonitoringManage>
                                                    {
                                                        let (id, remove_label) = (id.clone(), remove_label.clone());
                                                        view! {
                                                            <ActionForm action=remove attr:class="inline">
                                                                <input type="hidden" name="id" value=id/>
                                                                <button type="submit" class="btn btn-icon" aria-label=remove_label>"×"</button>
                                                            </ActionForm>
                                                        }
                                                    }
                                                </Can>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {empty.then(|| view! { <p class="empty">"No maintenance windows."</p> })}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
            <Can action=Action::MonitoringManage>
                <WindowForm ci=ci.clone() schedule/>
            </Can>
        </section>
    }
}

#[component]
fn WindowForm(ci: String, schedule: ServerAction<ScheduleWindow>) -> impl IntoView {
    let errors = field_errors(schedule.value().into());
    let problem = form_error(schedule.value().into());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    view! {
        <details class="add-check">
            <summary>"Schedule maintenance"</summary>
            <ActionForm action=schedule>
                {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                <input type="hidden" name="input[ci]" value=ci/>
                <div class="form-grid">
                    <TextField id="window-start" name="input[starts_at]" label="Starts (UTC)" kind="datetime-local" required=true error=error("starts_at")/>
                    <TextField id="window-end" name="input[ends_at]" label="Ends (UTC)" kind="datetime-local" required=true error=error("ends_at")/>
                    <TextField id="window-reason" name="input[reason]" label="Reason" required=true max_length=200 error=error("reason")/>
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Schedule"</button></div>
            </ActionForm>
        </details>
    }
}
