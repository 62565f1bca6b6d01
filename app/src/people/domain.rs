//! People and teams as admins manage them, and the rules their input must follow.

use crate::audit::Fields;
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The shortest password an admin may set.
pub const MIN_PASSWORD: usize = 12;

/// A team or a person, by key and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: String,
    pub name: String,
}

/// A user as the admin pages show it. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub teams: Vec<TeamRef>,
    /// Who approves their requests where an item asks for the requester's manager.
    pub manager: Option<TeamRef>,
    pub disabled: bool,
    pub version: u64,
    pub created_at: String,
}

impl Person {
    pub fn input(&self) -> PersonInput {
        PersonInput {
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            roles: self.roles.iter().map(|r| r.key().to_owned()).collect(),
            teams: self.teams.iter().map(|t| t.id.clone()).collect(),
            manager: self
                .manager
                .as_ref()
                .map(|m| m.id.clone())
                .unwrap_or_default(),
            disabled: self.disabled.then(|| "on".to_owned()),
            password: String::new(),
        }
    }

    pub fn audit_fields(&self) -> Fields {
        let teams: Vec<&str> = self.teams.iter().map(|t| t.name.as_str()).collect();
        let manager = self.manager.as_ref().map_or("", |m| m.name.as_str());
        person_fields(
            &self.email,
            &self.display_name,
            &self.roles,
            (&teams, manager),
            self.disabled,
        )
    }
}

fn person_fields(
    email: &str,
    name: &str,
    roles: &[Role],
    (teams, manager): (&[&str], &str),
    disabled: bool,
) -> Fields {
    let mut roles = roles.to_vec();
    roles.sort();
    let roles: Vec<&str> = roles.iter().map(|r| r.label()).collect();
    vec![
        ("email", email.to_owned()),
        ("display name", name.to_owned()),
        ("roles", roles.join(", ")),
        ("teams", teams.join(", ")),
        ("manager", manager.to_owned()),
        ("disabled", if disabled { "yes" } else { "no" }.to_owned()),
    ]
}

/// The user form as submitted. Checked boxes arrive as `roles[]=<key>`, so the form
/// works without JavaScript too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    pub email: String,
    pub display_name: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    /// The manager's user key, or empty.
    #[serde(default)]
    pub manager: String,
    #[serde(default)]
    pub disabled: Option<String>,
    /// A new password; empty keeps the current one when editing.
    #[serde(default)]
    pub password: String,
}

/// A user's fields after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub teams: Vec<String>,
    pub manager: Option<String>,
    pub disabled: bool,
    pub password: Option<String>,
}

impl ValidPerson {
    /// The audited fields, given the names of the chosen teams and manager.
    pub fn audit_fields(&self, team_names: &[&str], manager: &str) -> Fields {
        person_fields(
            &self.email,
            &self.display_name,
            &self.roles,
            (team_names, manager),
            self.disabled,
        )
    }
}

impl PersonInput {
    /// Checks every field; `creating` makes the password required.
    pub fn validate(&self, creating: bool) -> Result<ValidPerson, AppError> {
        let mut errors = FieldErrors::default();
        let email = self.email.trim().to_owned();
        let well_formed = email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if email.is_empty() {
            errors.add("email", "Enter an email address.");
        } else if !well_formed || email.len() > 254 || email.contains(char::is_whitespace) {
            errors.add("email", "Enter an email address like name@example.com.");
        }
        let display_name = self.display_name.trim().to_owned();
        if display_name.is_empty() {
            errors.add("display_name", "Enter the name people will see.");
        } else if display_name.chars().count() > 100 {
            errors.add("display_name", "Use at most 100 characters.");
        }
        let mut roles = Vec::new();
        for key in &self.roles {
            match Role::from_key(key) {
                Some(role) => roles.push(role),
                None => errors.add("roles", format!("There is no role \u{201c}{key}\u{201d}.")),
            }
        }
        if roles.is_empty() && !errors.0.iter().any(|e| e.field == "roles") {
            errors.add("roles", "Choose at least one role.");
        }
        let password = (!self.password.is_empty()).then(|| self.password.clone());
        match &password {
            None if creating => errors.add("password", "Set a first password."),
            Some(p) if p.chars().count() < MIN_PASSWORD => errors.add(
                "password",
                format!("Use at least {MIN_PASSWORD} characters."),
            ),
            Some(p) if p.len() > 1024 => errors.add("password", "Use at most 1024 characters."),
            _ => {}
        }
        errors.into_result()?;
        Ok(ValidPerson {
            email,
            display_name,
            roles,
            teams: self.teams.clone(),
            manager: Some(self.manager.trim().to_owned()).filter(|m| !m.is_empty()),
            disabled: self.disabled.is_some(),
            password,
        })
    }
}

/// A team: an assignment group for incidents, problems and changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub description: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

impl TeamInput {
    pub fn validate(&self) -> Result<TeamInput, AppError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.add("name", "Enter a team name.");
        } else if name.chars().count() > 80 {
            errors.add("name", "Use at most 80 characters.");
        }
        let description = self.description.trim().to_owned();
        if description.chars().count() > 500 {
            errors.add("description", "Use at most 500 characters.");
        }
        errors.into_result()?;
        Ok(TeamInput { name, description })
    }

    pub fn audit_fields(&self) -> Fields {
        vec![
            ("name", self.name.clone()),
            ("description", self.description.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PersonInput {
        PersonInput {
            email: " nina@example.com ".into(),
            display_name: "Nina Network".into(),
            roles: vec!["viewer".to_owned()],
            teams: vec!["network".to_owned()],
            manager: String::new(),
            disabled: None,
            password: "correct horse battery".into(),
        }
    }

    fn field_error(result: Result<ValidPerson, AppError>, field: &str) -> String {
        match result {
            Err(AppError::Validation(errors)) => errors.get(field).unwrap_or_default().to_owned(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_form_is_trimmed_and_typed() {
        let person = input().validate(true).unwrap();
        assert_eq!(person.email, "nina@example.com");
        assert_eq!(person.roles, vec![Role::Viewer]);
        assert_eq!(person.teams, vec!["network".to_owned()]);
        assert!(!person.disabled);
    }

    #[test]
    fn a_new_user_needs_a_long_enough_password() {
        let mut form = input();
        form.password.clear();
        assert_eq!(
            field_error(form.validate(true), "password"),
            "Set a first password."
        );
        assert!(form.validate(false).unwrap().password.is_none());
        form.password = "short".into();
        assert!(field_error(form.validate(false), "password").contains("12"));
    }

    #[test]
    fn roles_must_be_known_and_present() {
        let mut form = input();
        form.roles.clear();
        assert_eq!(
            field_error(form.validate(true), "roles"),
            "Choose at least one role."
        );
        form.roles.push("root".into());
        assert!(field_error(form.validate(true), "roles").contains("root"));
    }

    #[test]
    fn emails_must_look_like_emails() {
        for bad in ["", "nina", "nina@host", "@example.com", "ni na@example.com"] {
            let mut form = input();
            form.email = bad.into();
            assert!(
                !field_error(form.validate(true), "email").is_empty(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_form_round_trips_a_person() {
        let person = Person {
            id: "nina".into(),
            email: "nina@example.com".into(),
            display_name: "Nina".into(),
            roles: vec![Role::Viewer, Role::CabMember],
            teams: vec![TeamRef {
                id: "network".into(),
                name: "Network".into(),
            }],
            manager: Some(TeamRef {
                id: "ian".into(),
                name: "Ian Incident".into(),
            }),
            disabled: true,
            version: 3,
            created_at: String::new(),
        };
        let valid = person.input().validate(false).unwrap();
        assert_eq!(valid.manager.as_deref(), Some("ian"));
        assert_eq!(
            valid.audit_fields(&["Network"], "Ian Incident"),
            person.audit_fields()
        );
    }

    #[test]
    fn team_names_are_required() {
        let team = TeamInput {
            name: "  ".into(),
            description: String::new(),
        };
        assert!(team.validate().is_err());
    }
}
