//! The panel shown when a save lost a race: each field where your edit and the newer saved
//! record disagree, to keep yours or take theirs, field by field.

use crate::merge::{conflicts, merge, Mergeable};
use leptos::prelude::*;

#[component]
pub fn ConflictPanel<T: Mergeable + Send + Sync + 'static>(
    /// What was edited, e.g. "CI" or "asset".
    what: &'static str,
    yours: T,
    theirs: T,
    /// The version `theirs` is.
    version: u64,
    on_resolve: impl Fn(T, u64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let found = conflicts(&yours, &theirs);
    let take_theirs = RwSignal::new(Vec::<&'static str>::new());
    let apply = move |_| on_resolve(merge(&yours, &theirs, &take_theirs.get()), version);
    view! {
        <section class="panel conflict" aria-labelledby="conflict-title" role="alert">
            <h2 id="conflict-title">{format!("Someone saved this {what} while you were editing")}</h2>
            <p>{format!("{} field(s) differ from version {version}. Choose what to keep, then save again.", found.len())}</p>
            <table class="data" aria-label="Conflicting fields">
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Yours"</th><th scope="col">"Theirs"</th></tr></thead>
                <tbody>
                    {found.into_iter().map(|c| {
                        let field = c.field;
                        let pick = move |theirs: bool| take_theirs.update(|fields| {
                            fields.retain(|f| *f != field);
                            if theirs { fields.push(field); }
                        });
                        view! {
                            <tr>
                                <th scope="row">{c.label}</th>
                                <td><label><input type="radio" name=format!("pick-{field}") checked=true on:change=move |_| pick(false)/> " " {c.yours}</label></td>
                                <td><label><input type="radio" name=format!("pick-{field}") on:change=move |_| pick(true)/> " " {c.theirs}</label></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" on:click=apply>"Use these values"</button>
            </div>
        </section>
    }
}
