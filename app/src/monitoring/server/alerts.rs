//! Server-only: inbound integrations and the alerts they deliver.

use crate::audit::server::{Actor, NewEntry};
use crate::error::{AppError, FieldErrors};
use crate::monitoring::domain::{IntegrationView, TriageAlert};
use crate::store::{checked, key_of, Store};
use sha2::{Digest, Sha256};
use surrealdb::types::{RecordId, SurrealValue};

/// A new secret token: 256 random bits, shown once, stored only as its hash.
pub fn new_token(prefix: &str) -> String {
    let a = uuid::Uuid::new_v4().simple().to_string();
    let b = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{a}{b}")
}

/// Tokens are long and random, so a fast hash is enough to keep them unreadable.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An integration as its webhook handler needs it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Integration {
    pub id: RecordId,
    pub name: String,
    pub kind: String,
    pub match_label: String,
}

/// The integration a bearer token belongs to, if any.
pub async fn by_token(store: &Store, token: &str) -> Result<Option<Integration>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, kind, match_label FROM integration WHERE token_hash = $hash LIMIT 1")
            .bind(("hash", token_hash(token)))
            .await?,
    )?;
    let found: Vec<Integration> = response.take(0)?;
    Ok(found.into_iter().next())
}

/// Creates an integration, audited; returns its token, which is never shown again.
pub async fn create(
    store: &Store,
    actor: &Actor,
    name: &str,
    kind: &str,
    match_label: &str,
) -> Result<String, AppError> {
    let mut errors = FieldErrors::default();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.add("name", "Name the integration (at most 100 characters).");
    }
    if !matches!(kind, "alertmanager" | "generic") {
        errors.add("kind", "Choose Alertmanager or generic JSON.");
    }
    let match_label = match_label.trim();
    if match_label.is_empty() || match_label.contains(char::is_whitespace) {
        errors.add(
            "match_label",
            "Name the label that holds the CI, e.g. instance, ci or service.",
        );
    }
    errors.into_result()?;
    let key = uuid::Uuid::new_v4().simple().to_string();
    let token = new_token("trl");
    let changes = crate::audit::created(&vec![
        ("Name", name.to_owned()),
        ("Kind", kind.to_owned()),
        ("Match label", match_label.to_owned()),
    ]);
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { name: $name, kind: $kind, match_label: $label, token_hash: $hash }",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", RecordId::new("integration", key.as_str())))
            .bind(("name", name.to_owned()))
            .bind(("kind", kind.to_owned()))
            .bind(("label", match_label.to_owned()))
            .bind(("hash", token_hash(&token)))
            .bind(("entry", NewEntry::new(actor, "integration", &key, "create", &changes)))
            .await?,
    )?;
    Ok(token)
}

#[derive(SurrealValue)]
struct Unmatched {
    id: RecordId,
    name: String,
    target: Option<String>,
    summary: String,
    firing: bool,
}

/// Alerts whose CI label named no CI, newest first.
pub async fn triage(store: &Store) -> Result<Vec<TriageAlert>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, name, target, summary, firing, received_at FROM alert \
                 WHERE ci = NONE ORDER BY received_at DESC LIMIT 200",
            )
            .await?,
    )?;
    let rows: Vec<Unmatched> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|a| TriageAlert {
            id: key_of(&a.id),
            name: a.name,
            target: a.target,
            summary: a.summary,
            firing: a.firing,
        })
        .collect())
}

pub async fn list(store: &Store) -> Result<Vec<IntegrationView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, kind, match_label FROM integration ORDER BY name")
            .await?,
    )?;
    let rows: Vec<Integration> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|i| IntegrationView {
            id: key_of(&i.id),
            name: i.name,
            kind: i.kind,
            match_label: i.match_label,
        })
        .collect())
}

#[derive(SurrealValue)]
struct Source {
    integration: RecordId,
    target: Option<String>,
}

/// The CI called `name` (any letter case), or a field error.
async fn ci_named(store: &Store, name: &str) -> Result<RecordId, AppError> {
    crate::cmdb::server::find_by_name(store, name)
        .await?
        .ok_or_else(|| {
            FieldErrors::single(
                "ci",
                format!("No CI is called \u{201c}{}\u{201d}.", name.trim()),
            )
        })
}

/// Maps an alert in triage to the CI called `ci_name`; with `remember`, later alerts with
/// the same label value from the same integration go to that CI too.
pub async fn map_alert(
    store: &Store,
    alert: &str,
    ci_name: &str,
    remember: bool,
) -> Result<(), AppError> {
    let ci = ci_named(store, ci_name).await?;
    let id = RecordId::new("alert", alert);
    let mut response = checked(
        store
            .db()
            .query("SELECT integration, target FROM ONLY $id")
            .bind(("id", id.clone()))
            .await?,
    )?;
    let source: Option<Source> = response.take(0)?;
    let source = source.ok_or_else(|| AppError::NotFound("This alert".into()))?;
    let rule = match (&source.target, remember) {
        (Some(value), true) => Some(RecordId::new(
            "alert_rule",
            token_hash(&format!("{}\u{0}{value}", key_of(&source.integration))),
        )),
        _ => None,
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query("UPDATE $id SET ci = $ci")
            .query(
                "IF $rule != NONE { UPSERT $rule CONTENT { integration: $integration, value: $value, ci: $ci } }",
            )
            .query("COMMIT")
            .bind(("id", id))
            .bind(("ci", ci))
            .bind(("rule", rule))
            .bind(("integration", source.integration))
            .bind(("value", source.target))
            .await?,
    )?;
    Ok(())
}
