//! Maintenance windows on a CI's or an asset's page: listed, scheduled and removed.

use crate::auth::{Action, Can};
use crate::error::AppError;
use crate::live::Live;
use crate::monitoring::api::{maintenance_windows, RemoveWindow, ScheduleWindow};
use crate::monitoring::maintenance::WindowView;
use crate::status::Tone;
use crate::ui::{field_errors, form_error, ErrorNotice, StatusBadge, TextField};
use leptos::prelude::*;

/// What the windows are planned on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PlannedOn {
    Ci,
    Asset,
}

impl PlannedOn {
    /// Who may schedule and remove them.
    fn manager(self) -> Action {
        match self {
            PlannedOn::Ci => Action::MonitoringManage,
            PlannedOn::Asset => Action::AssetWrite,
        }
    }
}

/// The panel's data and actions, made by the page outside its suspense.
#[derive(Clone, Copy)]
pub struct MaintenanceState {
    on: PlannedOn,
    windows: Resource<Result<Vec<WindowView>, AppError>>,
    schedule: ServerAction<ScheduleWindow>,
    remove: ServerAction<RemoveWindow>,
}

impl MaintenanceState {
    pub fn new(on: PlannedOn, key: Memo<String>) -> Self {
        let changes = expect_context::<Live>().of("maintenance_window");
        let schedule = ServerAction::<ScheduleWindow>::new();
        let remove = ServerAction::<RemoveWindow>::new();
        let windows = Resource::new(
            move || {
                (
                    key.get(),
                    changes.get(),
                    schedule.version().get(),
                    remove.version().get(),
                )
            },
            move |(key, ..)| match on {
                PlannedOn::Ci => maintenance_windows(key, String::new()),
                PlannedOn::Asset => maintenance_windows(String::new(), key),
            },
        );
        MaintenanceState {
            on,
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
pub fn MaintenanceWindows(#[prop(into)] key: String, state: MaintenanceState) -> impl IntoView {
    let MaintenanceState {
        on,
        windows,
        schedule,
        remove,
    } = state;
    let manager = on.manager();
    let about = match on {
        PlannedOn::Ci => "While a window is open the CI's status is Maintenance. Checks and alerts keep running; their events are kept but marked suppressed, and raise nothing.",
        PlannedOn::Asset => "While a window is open the asset's CI (if it is one) has the status Maintenance and its monitoring events are suppressed. The owner and the Asset Managers are reminded three days ahead.",
    };
    view! {
        <section class="panel" aria-labelledby="maintenance-windows">
            <h2 id="maintenance-windows">"Maintenance windows"</h2>
            <p class="muted">{about}</p>
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
                                                {(on == PlannedOn::Ci).then_some(w.asset).flatten().map(|tag| view! {
                                                    <span class="muted">" · asset " {tag}</span>
                                                })}
                                                <Can action=manager>
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
            <Can action=manager>
                <WindowForm on key=key.clone() schedule/>
            </Can>
        </section>
    }
}

#[component]
fn WindowForm(on: PlannedOn, key: String, schedule: ServerAction<ScheduleWindow>) -> impl IntoView {
    let target = match on {
        PlannedOn::Ci => "input[ci]",
        PlannedOn::Asset => "input[asset]",
    };
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
                <input type="hidden" name=target value=key/>
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
