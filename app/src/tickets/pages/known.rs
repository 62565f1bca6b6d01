//! The Known Error DB page, and the known errors the incident form suggests as it is typed.

use crate::live::Live;
use crate::tickets::flow::Flow;
use crate::tickets::problems_api::{known_errors, suggest_known_errors};
use crate::tickets::views::KnownError;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;
use std::time::Duration;

#[component]
pub fn KnownErrorsPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let problems = expect_context::<Live>().of("problem");
    let found = Resource::new(move || (q.get(), problems.get()), |(q, _)| known_errors(q));
    view! {
        <Title text="Known Error DB"/>
        <div class="breadcrumb"><A href="/problems" exact=true>"Problems"</A></div>
        <div class="page-header"><h1>"Known Error DB"</h1></div>
        <Form method="GET" action="/problems/known-errors" attr:class="filters" attr:aria-label="Search known errors">
            <div class="field">
                <label for="known-q">"Search"</label>
                <input id="known-q" type="search" name="q" placeholder="Words of the symptom, cause or workaround" prop:value=move || q.get()/>
            </div>
            <button type="submit" class="btn">"Search"</button>
        </Form>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">"No known errors match."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="known-errors" aria-label="Known errors">
                            {list.into_iter().map(|k| view! { <KnownErrorCard known=k/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn KnownErrorCard(known: KnownError) -> impl IntoView {
    let cis = known.cis.join(", ");
    let matched = known.matched.join(", ");
    view! {
        <li class="panel known-error">
            <div>
                <A href=format!("/problems/{}", known.number)>{format!("{} · {}", known.number, known.title)}</A>
                " " <StatusBadge tone=known.state.tone() label=known.state.label()/>
            </div>
            <dl class="props">
                {(!known.root_cause.is_empty()).then(|| view! { <dt>"Root cause"</dt><dd class="prewrap">{known.root_cause.clone()}</dd> })}
                <dt>"Workaround"</dt><dd class="prewrap">{known.workaround.clone()}</dd>
                {(!cis.is_empty()).then(|| view! { <dt>"CIs"</dt><dd>{cis}</dd> })}
                {(!matched.is_empty()).then(|| view! { <dt>"Matched on"</dt><dd>{matched}</dd> })}
            </dl>
        </li>
    }
}

/// What the incident form has typed so far, for suggestions.
#[derive(Clone, Copy)]
pub struct Typed {
    title: RwSignal<String>,
    description: RwSignal<String>,
    cis: RwSignal<String>,
}

impl Typed {
    pub fn new() -> Self {
        Typed {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            cis: RwSignal::new(String::new()),
        }
    }

    /// Takes an input event from the form: the field's name says what was typed.
    pub fn take(self, ev: &leptos::ev::Event) {
        let name = event_target::<web_sys::HtmlInputElement>(ev).name();
        let field = match name.as_str() {
            "input[title]" => self.title,
            "input[description]" => self.description,
            "input[cis]" => self.cis,
            _ => return,
        };
        field.set(event_target_value(ev));
    }
}

/// Known errors matching what is typed, asked a quarter second after typing stops; only
/// the answer to the latest question is shown.
#[component]
pub fn KnownErrorSuggestions(typed: Typed) -> impl IntoView {
    let found = RwSignal::new(Vec::<KnownError>::new());
    let asked = StoredValue::new((String::new(), String::new()));
    Effect::new(move |_| {
        let text = format!("{} {}", typed.title.get(), typed.description.get());
        let wanted = (text, typed.cis.get());
        asked.set_value(wanted.clone());
        if wanted.0.trim().is_empty() && wanted.1.trim().is_empty() {
            found.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                if asked.get_value() != wanted {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = suggest_known_errors(wanted.0.clone(), wanted.1.clone()).await;
                    if let Ok(list) = answer {
                        if asked.get_value() == wanted {
                            found.set(list);
                        }
                    }
                });
            },
            Duration::from_millis(250),
        );
    });
    view! {
        <section class="panel" aria-labelledby="suggested-known-errors" aria-live="polite">
            <h2 id="suggested-known-errors">"Known errors that may match"</h2>
            {move || {
                let list = found.get();
                if list.is_empty() {
                    view! { <p class="muted">"None yet: they appear as you name the CIs and describe the symptom."</p> }.into_any()
                } else {
                    view! {
                        <ul class="known-errors" aria-label="Suggested known errors">
                            {list.into_iter().map(|k| view! { <KnownErrorCard known=k/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
