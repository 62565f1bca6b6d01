use crate::status::Tone;
use leptos::prelude::*;

/// Colour, icon and word, so a status reads without colour vision too.
#[component]
pub fn StatusBadge(tone: Tone, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <span class=format!("status {}", tone.class())>
            <span class="icon" aria-hidden="true">{tone.icon()}</span>
            {label}
        </span>
    }
}
