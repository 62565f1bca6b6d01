//! Users in the store. The password hash lives only in `UserRecord`, never in a type
//! that goes to the browser.

use crate::auth::domain::{CurrentUser, Role};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use surrealdb::types::{RecordId, SurrealValue};

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "trellis-demo";

#[derive(SurrealValue)]
struct UserRecord {
    id: RecordId,
    email: String,
    display_name: String,
    password_hash: String,
    roles: Vec<String>,
    disabled: bool,
}

impl UserRecord {
    fn public(self) -> CurrentUser {
        CurrentUser {
            id: key_of(&self.id),
            email: self.email,
            display_name: self.display_name,
            roles: self
                .roles
                .iter()
                .filter_map(|r| Role::from_key(r))
                .collect(),
        }
    }
}

#[derive(SurrealValue)]
struct NewUser {
    email: String,
    display_name: String,
    password_hash: String,
    roles: Vec<String>,
    teams: Vec<RecordId>,
    manager: Option<RecordId>,
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| {
            let reference = crate::store::reference();
            tracing::error!(%reference, %error, "password hashing failed");
            AppError::Internal(reference)
        })
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

const BAD_LOGIN: &str = "That email and password do not match an active account.";

/// The user with this email and password, if they may sign in. Every failure gives the
/// same answer, so the form does not reveal which accounts exist.
pub async fn verify(store: &Store, email: &str, password: &str) -> Result<CurrentUser, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, email, display_name, password_hash, roles, disabled FROM user WHERE email_key = string::lowercase($email)")
            .bind(("email", email.trim().to_owned()))
            .await?,
    )?;
    let found: Vec<UserRecord> = response.take(0)?;
    match found.into_iter().next() {
        Some(user) if !user.disabled && password_matches(password, &user.password_hash) => {
            Ok(user.public())
        }
        Some(_) => Err(AppError::Unauthorized(BAD_LOGIN.into())),
        None => {
            // Spend the same time as a real check, so timing does not tell either.
            if let Some(hash) = DUMMY_HASH.as_deref() {
                let _ = password_matches(password, hash);
            }
            Err(AppError::Unauthorized(BAD_LOGIN.into()))
        }
    }
}

/// A hash to check against when the account does not exist.
static DUMMY_HASH: std::sync::LazyLock<Option<String>> =
    std::sync::LazyLock::new(|| hash_password("no such account").ok());

/// An enabled user by id.
pub async fn active(store: &Store, id: &str) -> Result<Option<CurrentUser>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, email, display_name, password_hash, roles, disabled FROM $id")
            .bind(("id", RecordId::new("user", id)))
            .await?,
    )?;
    let found: Vec<UserRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .next()
        .filter(|u| !u.disabled)
        .map(UserRecord::public))
}

async fn count(store: &Store) -> Result<usize, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE id FROM user LIMIT 1")
            .await?,
    )?;
    let ids: Vec<RecordId> = response.take(0)?;
    Ok(ids.len())
}

async fn create(
    store: &Store,
    key: &str,
    email: &str,
    name: &str,
    password: &str,
    roles: &[Role],
) -> Result<(), AppError> {
    let user = NewUser {
        email: email.to_owned(),
        display_name: name.to_owned(),
        password_hash: hash_password(password)?,
        roles: roles.iter().map(|r| r.key().to_owned()).collect(),
        teams: Vec::new(),
        manager: None,
    };
    checked(
        store
            .db()
            .query("CREATE $id CONTENT $user")
            .bind(("id", RecordId::new("user", key)))
            .bind(("user", user))
            .await?,
    )?;
    Ok(())
}

/// Creates the first admin when there are no users. Returns a generated password when
/// none was given, for the caller to show once.
pub async fn bootstrap_admin(
    store: &Store,
    email: Option<&str>,
    password: Option<&str>,
) -> Result<Option<String>, AppError> {
    if count(store).await? > 0 {
        return Ok(None);
    }
    let email = email.unwrap_or("admin@trellis.local");
    let (password, generated) = match password {
        Some(password) => (password.to_owned(), None),
        None => {
            let mut bytes = [0u8; 18];
            OsRng.fill_bytes(&mut bytes);
            let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            (password.clone(), Some(password))
        }
    };
    create(
        store,
        "admin",
        email,
        "Administrator",
        &password,
        &[Role::Admin],
    )
    .await?;
    tracing::info!(%email, "first admin created");
    Ok(generated)
}

/// The demo teams (assignment groups): key and name.
const DEMO_TEAMS: &[(&str, &str)] = &[
    ("service_desk", "Service Desk"),
    ("infrastructure", "Infrastructure"),
    ("database", "Database Administration"),
    ("network", "Network"),
    ("applications", "Applications"),
    ("cab", "Change Advisory Board"),
];

/// Demo people and their managers, who approve the requests that ask for them.
const DEMO_MANAGERS: &[(&str, &str)] = &[("rory", "olga")];

/// One demo user per role, all with [`DEMO_PASSWORD`], in the demo teams. Skipped when
/// they exist.
pub async fn seed_demo_users(store: &Store) -> Result<(), AppError> {
    const DEMO: &[(&str, &str, Role, &[&str])] = &[
        ("alice", "Alice Admin", Role::Admin, &[]),
        (
            "sam",
            "Sam Service Desk",
            Role::ServiceDeskAgent,
            &["service_desk"],
        ),
        (
            "ian",
            "Ian Incident",
            Role::IncidentManager,
            &["service_desk"],
        ),
        (
            "priya",
            "Priya Problem",
            Role::ProblemManager,
            &["infrastructure"],
        ),
        (
            "chris",
            "Chris Change",
            Role::ChangeManager,
            &["infrastructure", "cab"],
        ),
        ("cara", "Cara CAB", Role::CabMember, &["cab", "network"]),
        (
            "asha",
            "Asha Asset",
            Role::AssetManager,
            &["infrastructure"],
        ),
        (
            "conor",
            "Conor Configuration",
            Role::ConfigurationManager,
            &["infrastructure", "database"],
        ),
        (
            "olga",
            "Olga Service Owner",
            Role::ServiceOwner,
            &["applications"],
        ),
        ("lena", "Lena Service Level", Role::ServiceLevelManager, &[]),
        ("vic", "Vic Viewer", Role::Viewer, &[]),
        ("rory", "Rory Requester", Role::Requester, &[]),
    ];
    for (key, name) in DEMO_TEAMS {
        checked(
            store
                .db()
                .query("IF !record::exists($id) { CREATE $id SET name = $name }")
                .bind(("id", RecordId::new("team", *key)))
                .bind(("name", (*name).to_owned()))
                .await?,
        )?;
    }
    let hash = hash_password(DEMO_PASSWORD)?;
    let users: Vec<(RecordId, NewUser)> = DEMO
        .iter()
        .map(|(key, name, role, teams)| {
            let user = NewUser {
                email: format!("{key}@demo.trellis"),
                display_name: (*name).to_owned(),
                password_hash: hash.clone(),
                roles: vec![role.key().to_owned()],
                teams: teams.iter().map(|t| RecordId::new("team", *t)).collect(),
                manager: DEMO_MANAGERS
                    .iter()
                    .find(|(person, _)| person == key)
                    .map(|(_, manager)| RecordId::new("user", *manager)),
            };
            (RecordId::new("user", *key), user)
        })
        .collect();
    for (id, user) in users {
        checked(
            store
                .db()
                .query("IF !record::exists($id) { CREATE $id CONTENT $user }")
                .bind(("id", id))
                .bind(("user", user))
                .await?,
        )?;
    }
    Ok(())
}
