//! The browser entry point: hydrates the server-rendered page.
// Leptos view types nest deeply; the default limit is too low for the edit page.
#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
