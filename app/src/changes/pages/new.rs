//! Raising an RFC: Standard from a template in the catalog, Normal for the CAB, or
//! Emergency for the emergency CAB.

use super::form::{error_of, RfcFields};
use crate::auth::{Action, Can};
use crate::changes::api::{change_templates, OpenChange};
use crate::changes::domain::Kind;
use crate::tickets::api::assignable;
use crate::ui::{field_errors, form_error, ErrorNotice, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewChangePage() -> impl IntoView {
    // Made here, outside the permission check, so the page sends its data once.
    let data = Resource::new(
        || (),
        |_| async {
            Ok::<_, crate::error::AppError>((change_templates().await?, assignable().await?))
        },
    );
    let open = ServerAction::<OpenChange>::new();
    let errors = field_errors(open.value().into());
    let problem = form_error(open.value().into());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(number)) = open.value().get() {
            navigate(&format!("/changes/{number}"), Default::default());
        }
    });
    view! {
        <Title text="New change"/>
        <div class="breadcrumb"><A href="/changes" exact=true>"Changes"</A></div>
        <div class="page-header"><h1>"New change"</h1></div>
        <Can action=Action::ChangeWrite>
            <section class="panel">
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok((templates, (teams, users))) => {
                                let kinds = Kind::ALL.iter().map(|k| (k.label().to_owned(), k.label().to_owned())).collect::<Vec<_>>();
                                let catalog = templates.iter().map(|t| (t.key.clone(), t.name.clone())).collect::<Vec<_>>();
                                view! {
                                    <ActionForm action=open attr:aria-label="New change">
                                        {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
                                        <div class="form-grid">
                                            <SelectField id="change-kind" name="input[kind]" label="Type" options=kinds selected="Normal" error=error_of(errors, "kind")/>
                                            <SelectField id="change-template" name="input[template]" label="Standard change template (for Standard changes)" options=catalog placeholder="None" error=error_of(errors, "template")/>
                                        </div>
                                        <RfcFields change=None errors teams users/>
                                        <div class="form-actions">
                                            <button type="submit" class="btn btn-primary" disabled=move || open.pending().get()>"Raise change"</button>
                                            <A href="/changes" attr:class="btn">"Cancel"</A>
                                        </div>
                                    </ActionForm>
                                }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </Can>
    }
}
