//! The lifecycle panel: only the moves open from the asset's state, check-out and
//! check-in, a confirmation before retiring what backs an Active CI, and the timeline.

use crate::assets::api::{asset_people, retire_impact, CheckInAsset, CheckOutAsset, MoveAsset};
use crate::assets::domain::Asset;
use crate::assets::lifecycle::AssetState;
use crate::auth::{Action, Can};
use crate::ui::{form_error, ErrorNotice, StatusBadge};
use leptos::prelude::*;

/// The panel's actions, made by the page so a finished action reloads the asset.
#[derive(Clone, Copy)]
pub struct Actions {
    pub step: ServerAction<MoveAsset>,
    pub check_out: ServerAction<CheckOutAsset>,
    pub check_in: ServerAction<CheckInAsset>,
}

impl Actions {
    pub fn new() -> Self {
        Actions {
            step: ServerAction::new(),
            check_out: ServerAction::new(),
            check_in: ServerAction::new(),
        }
    }

    /// Changes whenever any of them finishes.
    pub fn version(&self) -> usize {
        self.step.version().get() + self.check_out.version().get() + self.check_in.version().get()
    }
}

fn problem(actions: Actions) -> Signal<Option<String>> {
    let (a, b, c) = (
        form_error(actions.step.value().into()),
        form_error(actions.check_out.value().into()),
        form_error(actions.check_in.value().into()),
    );
    let fields = move || {
        let field = |v: Option<Result<(), crate::error::AppError>>| match v {
            Some(Err(crate::error::AppError::Validation(e))) => {
                e.0.first().map(|e| e.message.clone())
            }
            _ => None,
        };
        field(actions.step.value().get())
            .or_else(|| field(actions.check_out.value().get()))
            .or_else(|| field(actions.check_in.value().get()))
    };
    Signal::derive(move || {
        a.get()
            .or_else(|| b.get())
            .or_else(|| c.get())
            .or_else(fields)
    })
}

#[component]
pub fn LifecyclePanel(asset: Asset, actions: Actions) -> impl IntoView {
    let message = problem(actions);
    let note = RwSignal::new(String::new());
    let (id, version, state) = (asset.id.clone(), asset.version, asset.state);
    let holder = asset.assigned_to.clone();
    view! {
        <section class="panel" aria-labelledby="asset-lifecycle">
            <h2 id="asset-lifecycle">"Lifecycle"</h2>
            <p>
                <StatusBadge tone=state.tone() label=state.label()/>
                {holder.as_ref().map(|h| view! { " " <span data-holder=h.id.clone()>"checked out to " <strong>{h.name.clone()}</strong></span> })}
            </p>
            {move || message.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
            <Can action=Action::AssetWrite>
                {
                    let id = id.clone();
                    let holder = holder.clone();
                    view! {
                        <div class="field">
                            <label for="move-note">"Note for the timeline (optional)"</label>
                            <input id="move-note" type="text" maxlength="500" prop:value=note
                                on:input=move |ev| note.set(event_target_value(&ev))/>
                        </div>
                        <div class="actions-row" role="group" aria-label="Lifecycle actions">
                            {state.moves().filter(|m| m.to != AssetState::Retired).map(|m| {
                                let id = id.clone();
                                view! {
                                    <ActionForm action=actions.step attr:class="inline">
                                        <input type="hidden" name="id" value=id/>
                                        <input type="hidden" name="version" value=version/>
                                        <input type="hidden" name="to" value=m.to.label()/>
                                        <input type="hidden" name="note" prop:value=note/>
                                        <button type="submit" class="btn">{m.verb}</button>
                                    </ActionForm>
                                }
                            }).collect_view()}
                            {state.move_to(AssetState::Retired).is_some().then(|| view! { <Retire id=id.clone() version note actions/> })}
                            {holder.is_some().then({
                                let id = id.clone();
                                move || view! {
                                <ActionForm action=actions.check_in attr:class="inline">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="version" value=version/>
                                    <input type="hidden" name="note" prop:value=note/>
                                    <button type="submit" class="btn">"Check in"</button>
                                </ActionForm>
                            }})}
                        </div>
                        {state.can_check_out().then(|| view! { <CheckOut id=id.clone() version note actions/> })}
                    }
                }
            </Can>
            <h3>"Timeline"</h3>
            <ol class="timeline" aria-label="Lifecycle timeline">
                {asset.events.into_iter().map(|e| {
                    let moved = match (e.from, e.to) {
                        (Some(from), Some(to)) => format!("{} → {}", from.label(), to.label()),
                        (None, Some(to)) => to.label().to_owned(),
                        _ => String::new(),
                    };
                    view! {
                        <li>
                            <strong>{e.what}</strong>
                            " " <span class="muted">{moved}</span>
                            {e.person.map(|p| view! { " · " {p} })}
                            {(!e.note.is_empty()).then(|| view! { <q>{e.note.clone()}</q> })}
                            <div class="muted">{e.at} " · " {e.by}</div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Retire asks first, and names the services that depend on the asset's CI.
#[component]
fn Retire(id: String, version: u64, note: RwSignal<String>, actions: Actions) -> impl IntoView {
    let asking = RwSignal::new(false);
    let key = StoredValue::new(id.clone());
    let impact = Resource::new(
        move || (asking.get(), id.clone()),
        |(asking, id)| async move {
            if asking {
                retire_impact(id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <button type="button" class="btn btn-danger" aria-expanded=move || asking.get().to_string()
            on:click=move |_| asking.set(true)>"Retire"</button>
        <Show when=move || asking.get()>
            <div class="confirm" role="alertdialog" aria-labelledby="retire-title">
                <p id="retire-title"><strong>"Retire this asset?"</strong></p>
                <Transition fallback=|| view! { <p class="muted">"Checking what depends on it…"</p> }>
                    {move || Suspend::new(async move {
                        match impact.await {
                            Ok(Some(services)) if !services.is_empty() => view! {
                                <p>"It backs an Active CI. These would be affected:"</p>
                                <ul class="links" aria-label="Affected services">
                                    {services.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(_) => view! { <p class="muted">"No Active CI depends on it."</p> }.into_any(),
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })}
                </Transition>
                <ActionForm action=actions.step attr:class="inline">
                    <input type="hidden" name="id" value=key.get_value()/>
                    <input type="hidden" name="version" value=version/>
                    <input type="hidden" name="to" value="Retired"/>
                    <input type="hidden" name="confirmed" value="true"/>
                    <input type="hidden" name="note" prop:value=note/>
                    <button type="submit" class="btn btn-danger">"Retire anyway"</button>
                </ActionForm>
                <button type="button" class="btn" on:click=move |_| asking.set(false)>"Keep it"</button>
            </div>
        </Show>
    }
}

#[component]
fn CheckOut(id: String, version: u64, note: RwSignal<String>, actions: Actions) -> impl IntoView {
    let people = Resource::new(|| (), |_| asset_people());
    view! {
        <ActionForm action=actions.check_out attr:class="filters" attr:aria-label="Check out">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="note" prop:value=note/>
            <div class="field">
                <label for="check-out-person">"Check out to"</label>
                <select id="check-out-person" name="person" required>
                    <option value="">"Choose a person"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            people.await.unwrap_or_default().into_iter().map(|p| view! {
                                <option value=p.id>{p.name}</option>
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="form-actions"><button type="submit" class="btn btn-primary">"Check out"</button></div>
        </ActionForm>
    }
}
