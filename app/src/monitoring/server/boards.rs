//! Server-only: wallboards, and the board tokens that open one board read-only.

use super::alerts::{new_token, token_hash};
use crate::audit::server::{Actor, NewEntry};
use crate::cmdb::server::{ci_id, ImpactIndex};
use crate::error::{AppError, FieldErrors};
use crate::monitoring::domain::{BoardSummary, BoardView};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "wallboard";

fn board_id(key: &str) -> RecordId {
    RecordId::new(TABLE, key)
}

#[derive(SurrealValue)]
struct BoardRecord {
    id: RecordId,
    name: String,
    services: Vec<RecordId>,
    rotate_s: i64,
    token_hash: Option<String>,
}

async fn get(store: &Store, key: &str) -> Result<BoardRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, services, rotate_s, token_hash FROM ONLY $id")
            .bind(("id", board_id(key)))
            .await?,
    )?;
    let found: Option<BoardRecord> = response.take(0)?;
    found.ok_or_else(|| AppError::NotFound("This wallboard".into()))
}

/// Whether `token` opens board `key`.
pub async fn token_opens(store: &Store, key: &str, token: &str) -> Result<bool, AppError> {
    let board = match get(store, key).await {
        Ok(board) => board,
        Err(AppError::NotFound(_)) => return Ok(false),
        Err(error) => return Err(error),
    };
    Ok(!token.is_empty() && board.token_hash.is_some_and(|h| h == token_hash(token)))
}

/// What board `key` shows now.
pub async fn view(store: &Store, index: &ImpactIndex, key: &str) -> Result<BoardView, AppError> {
    let board = get(store, key).await?;
    let only: Vec<String> = board.services.iter().map(key_of).collect();
    Ok(BoardView {
        key: key.to_owned(),
        name: board.name,
        rotate_s: u32::try_from(board.rotate_s).unwrap_or(0),
        tiles: super::status::tiles(store, index, &only).await?,
        generated_at: Datetime::now().timestamp(),
    })
}

pub async fn list(store: &Store) -> Result<Vec<BoardSummary>, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, services, rotate_s, token_hash FROM wallboard ORDER BY name")
            .await?,
    )?;
    let rows: Vec<BoardRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|b| BoardSummary {
            key: key_of(&b.id),
            name: b.name,
            services: b.services.iter().map(key_of).collect(),
            has_token: b.token_hash.is_some(),
        })
        .collect())
}

/// Creates a board showing `services` (every service when empty), audited.
pub async fn create(
    store: &Store,
    actor: &Actor,
    name: &str,
    services: &[String],
) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(FieldErrors::single(
            "name",
            "Name the board (at most 100 characters), e.g. \u{201c}Operations\u{201d}.",
        ));
    }
    let key = crate::cmdb::classes::slug(name);
    if key.is_empty() {
        return Err(FieldErrors::single(
            "name",
            "Use at least one letter or digit.",
        ));
    }
    let changes = crate::audit::created(&vec![
        ("Name", name.to_owned()),
        ("Services", services.join(", ")),
    ]);
    let response = checked(
        store
            .db()
            .query("BEGIN")
            .query("CREATE $id CONTENT { name: $name, services: $services }")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", board_id(&key)))
            .bind(("name", name.to_owned()))
            .bind((
                "services",
                services.iter().map(|s| ci_id(s)).collect::<Vec<_>>(),
            ))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &key, "create", &changes),
            ))
            .await?,
    );
    match response {
        Err(error) if error.to_string().contains("already exists") => Err(FieldErrors::single(
            "name",
            "A board with that name already exists.",
        )),
        Err(error) => Err(error.into()),
        Ok(_) => Ok(key),
    }
}

/// Issues a new board token (the old one stops working), audited; returns it once.
pub async fn new_board_token(store: &Store, actor: &Actor, key: &str) -> Result<String, AppError> {
    get(store, key).await?;
    let token = new_token("brd");
    set_token(store, actor, key, Some(token_hash(&token)), "issued").await?;
    Ok(token)
}

/// Revokes the board's token: screens using it stop updating and are refused.
pub async fn revoke_token(store: &Store, actor: &Actor, key: &str) -> Result<(), AppError> {
    get(store, key).await?;
    set_token(store, actor, key, None, "revoked").await
}

async fn set_token(
    store: &Store,
    actor: &Actor,
    key: &str,
    hash: Option<String>,
    what: &str,
) -> Result<(), AppError> {
    let changes = [crate::audit::FieldChange {
        field: "Board token".into(),
        before: None,
        after: Some(what.to_owned()),
    }];
    checked(
        store
            .db()
            .query("BEGIN")
            .query("UPDATE $id SET token_hash = $hash")
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", board_id(key)))
            .bind(("hash", hash))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, key, "update", &changes),
            ))
            .await?,
    )?;
    Ok(())
}
