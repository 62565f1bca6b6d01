//! Server-only: wallboards, and the board tokens that open one board read-only.

use super::alerts::{new_token, token_hash};
use crate::audit::server::{Actor, NewEntry};
use crate::cmdb::server::{ci_id, ImpactIndex};
use crate::error::{AppError, FieldErrors};
use crate::monitoring::board::{figures, BoardSettings, BoardSummary, BoardView, Facts, Kpi};
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
    kpis: Vec<String>,
    events: bool,
    rotate_s: i64,
    token_hash: Option<String>,
}

impl BoardRecord {
    fn kpis(&self) -> Vec<Kpi> {
        self.kpis.iter().filter_map(|k| Kpi::parse(k)).collect()
    }
}

const FIELDS: &str = "id, name, services, kpis, events, rotate_s, token_hash";

async fn get(store: &Store, key: &str) -> Result<BoardRecord, AppError> {
    let mut response = checked(
        store
            .db()
            .query(["SELECT ", FIELDS, " FROM ONLY $id"].concat())
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

/// How many of the latest events a board shows.
const BOARD_EVENTS: u32 = 10;

/// What board `key` shows now.
pub async fn view(
    store: &Store,
    index: &ImpactIndex,
    firing: &super::FiringAlerts,
    key: &str,
) -> Result<BoardView, AppError> {
    let board = get(store, key).await?;
    let only: Vec<String> = board.services.iter().map(key_of).collect();
    let tiles = super::status::tiles(store, index, firing, &only).await?;
    let kpis = board.kpis();
    let mut facts = if kpis.is_empty() {
        Facts::default()
    } else {
        super::events::facts(store).await?
    };
    if kpis.iter().any(|k| matches!(k, Kpi::Report(_))) {
        facts.reports = crate::sla::server::reports::this_month(store, index)
            .await?
            .figures;
    }
    let events = if board.events {
        Some(super::events::events(store, None, false, BOARD_EVENTS).await?)
    } else {
        None
    };
    Ok(BoardView {
        key: key.to_owned(),
        name: board.name,
        rotate_s: u32::try_from(board.rotate_s).unwrap_or(0),
        figures: figures(&kpis, &tiles, &facts),
        tiles,
        events,
        generated_at: Datetime::now().timestamp(),
    })
}

pub async fn list(store: &Store) -> Result<Vec<BoardSummary>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(["SELECT ", FIELDS, " FROM wallboard ORDER BY name"].concat())
            .await?,
    )?;
    let rows: Vec<BoardRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|b| BoardSummary {
            key: key_of(&b.id),
            kpis: b.kpis(),
            services: b.services.iter().map(key_of).collect(),
            events: b.events,
            rotate_s: u32::try_from(b.rotate_s).unwrap_or(0),
            has_token: b.token_hash.is_some(),
            name: b.name,
        })
        .collect())
}

/// Creates a board, audited.
pub async fn create(
    store: &Store,
    actor: &Actor,
    board: &BoardSettings,
) -> Result<String, AppError> {
    let kpis: Vec<String> = board.kpis.iter().map(|k| k.key().to_owned()).collect();
    let labels: Vec<&str> = board.kpis.iter().map(|k| k.label()).collect();
    let changes = crate::audit::created(&vec![
        ("Name", board.name.clone()),
        ("Services", board.services.join(", ")),
        ("KPIs", labels.join(", ")),
        (
            "Latest events",
            if board.events { "shown" } else { "not shown" }.to_owned(),
        ),
        ("Turns every", format!("{} s", board.rotate_s)),
    ]);
    let response = checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { name: $name, services: $services, kpis: $kpis, \
                 events: $events, rotate_s: $rotate_s }",
            )
            .query("CREATE audit CONTENT $entry")
            .query("COMMIT")
            .bind(("id", board_id(&board.key)))
            .bind(("name", board.name.clone()))
            .bind((
                "services",
                board.services.iter().map(|s| ci_id(s)).collect::<Vec<_>>(),
            ))
            .bind(("kpis", kpis))
            .bind(("events", board.events))
            .bind(("rotate_s", i64::from(board.rotate_s)))
            .bind((
                "entry",
                NewEntry::new(actor, TABLE, &board.key, "create", &changes),
            ))
            .await?,
    );
    match response {
        Err(error) if error.to_string().contains("already exists") => Err(FieldErrors::single(
            "name",
            "A board with that name already exists.",
        )),
        Err(error) => Err(error.into()),
        Ok(_) => Ok(board.key.clone()),
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
