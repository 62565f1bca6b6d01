//! The user form's fields, shared by the create and edit forms.

use super::domain::{PersonInput, Team, MIN_PASSWORD};
use crate::auth::Role;
use crate::error::FieldErrors;
use crate::ui::{Checkboxes, FieldError, SelectField, TextField};
use leptos::prelude::*;

#[component]
pub fn PersonFields(
    teams: Vec<Team>,
    /// Who can be their manager: `(key, name)`.
    people: Vec<(String, String)>,
    initial: PersonInput,
    errors: Signal<Option<FieldErrors>>,
    /// Editing an existing user: the password may stay empty.
    editing: bool,
) -> impl IntoView {
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let roles = Role::ALL
        .iter()
        .map(|role| {
            let key = role.key().to_owned();
            let checked = initial.roles.contains(&key);
            (key, role.label().to_owned(), checked)
        })
        .collect();
    let teams = teams
        .into_iter()
        .map(|team| {
            let checked = initial.teams.contains(&team.id);
            (team.id, team.name, checked)
        })
        .collect();
    let password_label = if editing {
        "New password (leave empty to keep the current one)"
    } else {
        "First password"
    };
    view! {
        <div class="form-grid">
            <TextField id="person-display-name" name="input[display_name]" label="Name"
                value=initial.display_name required=true max_length=100 error=error("display_name")/>
            <TextField id="person-email" name="input[email]" label="Email" kind="email"
                autocomplete="off" value=initial.email required=true error=error("email")/>
            <Checkboxes id="person-roles" name="input[roles]" legend="Roles" options=roles error=error("roles")/>
            <Checkboxes id="person-teams" name="input[teams]" legend="Teams" options=teams error=error("teams")/>
            <SelectField id="person-manager" name="input[manager]" label="Manager (approves their requests where an item asks for it)"
                options=people selected=initial.manager.clone() placeholder="None" error=error("manager")/>
            <TextField id="person-password" name="input[password]" label=password_label kind="password"
                autocomplete="new-password" required=!editing error=error("password")/>
            <p class="muted hint">{format!("At least {MIN_PASSWORD} characters.")}</p>
            <div class="field wide">
                <label class="check" for="person-disabled">
                    <input type="checkbox" id="person-disabled" name="input[disabled]" checked=initial.disabled.is_some()/>
                    "Disabled: cannot sign in, and every open session ends"
                </label>
                <FieldError id="person-disabled-error".to_owned() error=error("disabled")/>
            </div>
        </div>
    }
}
