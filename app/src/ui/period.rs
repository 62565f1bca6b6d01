//! The period picker shared by the reports.

use leptos::prelude::*;
use leptos_router::components::Form;

/// The period picker of a report: from a day to a day (not included), sent as `?from=&to=`.
#[component]
pub fn PeriodForm(
    /// Prefix for the fields' ids, unique on the page.
    id: &'static str,
    #[prop(into)] from: String,
    #[prop(into)] to: String,
) -> impl IntoView {
    view! {
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Period">
            <div class="field">
                <label for=format!("{id}-from")>"From"</label>
                <input id=format!("{id}-from") type="date" name="from" value=from/>
            </div>
            <div class="field">
                <label for=format!("{id}-to")>"To (not included)"</label>
                <input id=format!("{id}-to") type="date" name="to" value=to/>
            </div>
            <div class="form-actions"><button type="submit" class="btn">"Show"</button></div>
        </Form>
    }
}
