//! Server-only: maintenance windows, audited in the history of the CI or asset they are
//! planned on. While a window is open its CI's status is Maintenance; when it ends (or is
//! removed) the status it replaced comes back, unless someone changed it meanwhile.

use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::cmdb::server::{ci_id, shown};
use crate::error::AppError;
use crate::monitoring::maintenance::{Window, WindowView};
use crate::store::{checked, key_of, Store};
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

const TABLE: &str = "maintenance_window";
const MAINTENANCE: &str = "Maintenance";

#[derive(SurrealValue)]
struct WindowRecord {
    id: RecordId,
    ci: Option<RecordId>,
    asset: Option<RecordId>,
    tag: Option<String>,
    starts_at: Datetime,
    ends_at: Datetime,
    reason: String,
    created_by: String,
    phase: String,
    restore: Option<String>,
    status: Option<String>,
}

const FIELDS: &str = "SELECT id, ci, asset, asset.tag AS tag, starts_at, ends_at, reason, \
     created_by, phase, restore, ci.status AS status FROM";

fn summary(starts_at: &str, ends_at: &str, reason: &str) -> String {
    format!("{starts_at} to {ends_at}: {reason}")
}

/// Audit rows for a window's CI and asset.
fn entries(
    actor: &Actor,
    window: (&Option<RecordId>, &Option<RecordId>),
    before: Option<String>,
    after: Option<String>,
) -> Vec<NewEntry> {
    let changes = [FieldChange {
        field: "Maintenance window".into(),
        before,
        after,
    }];
    let (ci, asset) = window;
    let mut rows = Vec::new();
    if let Some(ci) = ci {
        rows.push(NewEntry::new(actor, "ci", &key_of(ci), "update", &changes));
    }
    if let Some(asset) = asset {
        rows.push(NewEntry::new(
            actor,
            "asset",
            &key_of(asset),
            "update",
            &changes,
        ));
    }
    rows
}

fn status_change(actor: &Actor, ci: &RecordId, before: &str, after: &str) -> NewEntry {
    let changes = [FieldChange {
        field: "status".into(),
        before: Some(before.to_owned()),
        after: Some(after.to_owned()),
    }];
    NewEntry::new(actor, "ci", &key_of(ci), "update", &changes)
}

/// Schedules a window on a CI or an asset that exists; a window on an asset covers the CI
/// it is linked to, if any.
pub async fn schedule(store: &Store, actor: &Actor, window: &Window) -> Result<(), AppError> {
    let (ci, asset) = if window.asset.is_empty() {
        crate::cmdb::server::get(store, &window.ci).await?;
        (Some(ci_id(&window.ci)), None)
    } else {
        let ci = crate::assets::server::linked_ci(store, &window.asset).await?;
        let ci = ci.as_deref().map(ci_id);
        (ci, Some(crate::assets::server::asset_id(&window.asset)))
    };
    let key = uuid::Uuid::new_v4().simple().to_string();
    // "2026-12-01T22:00:00Z" as the history shows times: "2026-12-01 22:00 UTC".
    let shown_at = |at: &str| format!("{} UTC", at.replacen('T', " ", 1).trim_end_matches(":00Z"));
    let after = summary(
        &shown_at(&window.starts_at),
        &shown_at(&window.ends_at),
        &window.reason,
    );
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "CREATE $id CONTENT { ci: $ci, asset: $asset, starts_at: <datetime> $starts_at, \
                 ends_at: <datetime> $ends_at, reason: $reason, created_by: $by }",
            )
            .query("INSERT INTO audit $entries")
            .query("COMMIT")
            .bind(("id", RecordId::new(TABLE, key.as_str())))
            .bind(("entries", entries(actor, (&ci, &asset), None, Some(after))))
            .bind(("ci", ci))
            .bind(("asset", asset))
            .bind(("starts_at", window.starts_at.clone()))
            .bind(("ends_at", window.ends_at.clone()))
            .bind(("reason", window.reason.clone()))
            .bind(("by", actor.name.clone()))
            .await?,
    )?;
    apply(store).await?;
    Ok(())
}

/// Removes a window, ending it at once if it is open. `of_asset` limits it to windows
/// planned on an asset.
pub async fn remove(
    store: &Store,
    actor: &Actor,
    key: &str,
    of_asset: bool,
) -> Result<(), AppError> {
    let id = RecordId::new(TABLE, key);
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " ONLY $id"].concat())
            .bind(("id", id.clone()))
            .await?,
    )?;
    let found: Option<WindowRecord> = response.take(0)?;
    let window = found
        .filter(|w| !of_asset || w.asset.is_some())
        .ok_or_else(|| AppError::NotFound("This maintenance window".into()))?;
    let before = summary(
        &shown(&window.starts_at),
        &shown(&window.ends_at),
        &window.reason,
    );
    let audit = entries(actor, (&window.ci, &window.asset), Some(before), None);
    close(store, actor, &window, "DELETE $id", audit).await
}

/// Ends an open window: its CI gets back the status the window replaced, unless another
/// open window on the CI takes over, or someone changed the status meanwhile. `finish`
/// is the statement that retires the window (`$id`); it runs in the same transaction.
async fn close(
    store: &Store,
    actor: &Actor,
    window: &WindowRecord,
    finish: &'static str,
    audit: Vec<NewEntry>,
) -> Result<(), AppError> {
    let restore = window.restore.clone().filter(|_| window.phase == "open");
    let restored: Vec<NewEntry> = match (&window.ci, &restore) {
        (Some(ci), Some(back)) => vec![status_change(actor, ci, MAINTENANCE, back)],
        _ => Vec::new(),
    };
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "LET $others = (SELECT VALUE id FROM maintenance_window \
                   WHERE ci = $ci AND phase = 'open' AND id != $id); \
                 IF $restore != NONE AND array::len($others) > 0 { \
                   UPDATE $others[0] SET restore = $restore; \
                 } ELSE IF $restore != NONE AND $ci.status = 'Maintenance' { \
                   UPDATE $ci SET status = $restore, version += 1; \
                   INSERT INTO audit $restored; \
                 }; \
                 IF array::len($audit) > 0 { INSERT INTO audit $audit; };",
            )
            .query(finish)
            .query("COMMIT")
            .bind(("id", window.id.clone()))
            .bind(("ci", window.ci.clone()))
            .bind(("restore", restore))
            .bind(("restored", restored))
            .bind(("audit", audit))
            .await?,
    )?;
    Ok(())
}

/// Opens the windows whose start has come (their CI goes to Maintenance) and ends those
/// whose end has come. Answers how many windows moved on.
pub async fn apply(store: &Store) -> Result<usize, AppError> {
    let actor = Actor::system("Maintenance window");
    let mut response = checked(
        store
            .db()
            .query(
                [
                    FIELDS,
                    " maintenance_window WHERE phase = 'ahead' AND starts_at <= time::now()",
                ]
                .concat(),
            )
            .query(
                [
                    FIELDS,
                    " maintenance_window WHERE phase = 'open' AND ends_at <= time::now()",
                ]
                .concat(),
            )
            .await?,
    )?;
    let starting: Vec<WindowRecord> = response.take(0)?;
    let ending: Vec<WindowRecord> = response.take(1)?;
    let moved = starting.len() + ending.len();
    let now = Datetime::now();
    for window in starting {
        if window.ends_at <= now {
            checked(
                store
                    .db()
                    .query("UPDATE $id SET phase = 'over'")
                    .bind(("id", window.id))
                    .await?,
            )?;
            continue;
        }
        let takes_over = match (&window.ci, &window.status) {
            (Some(ci), Some(status)) if status != MAINTENANCE && status != "Retired" => {
                Some((ci.clone(), status.clone()))
            }
            _ => None,
        };
        let audit: Vec<NewEntry> = takes_over
            .iter()
            .map(|(ci, before)| status_change(&actor, ci, before, MAINTENANCE))
            .collect();
        checked(
            store
                .db()
                .query("BEGIN")
                .query(
                    "IF $ci != NONE AND $ci.status = $before { \
                       UPDATE $id SET phase = 'open', restore = $before; \
                       UPDATE $ci SET status = 'Maintenance', version += 1; \
                       INSERT INTO audit $audit; \
                     } ELSE IF $before = NONE { \
                       UPDATE $id SET phase = 'open'; \
                     };",
                )
                .query("COMMIT")
                .bind(("id", window.id.clone()))
                .bind(("ci", takes_over.as_ref().map(|(ci, _)| ci.clone())))
                .bind(("before", takes_over.map(|(_, before)| before)))
                .bind(("audit", audit))
                .await?,
        )?;
    }
    for window in ending {
        close(
            store,
            &actor,
            &window,
            "UPDATE $id SET phase = 'over'",
            Vec::new(),
        )
        .await?;
    }
    Ok(moved)
}

/// Keeps CI statuses in step with their windows, checking every 30 seconds.
pub fn keep(store: Store) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            match apply(&store).await {
                Ok(0) => {}
                Ok(moved) => tracing::info!(moved, "maintenance windows opened or ended"),
                Err(error) => tracing::warn!(%error, "maintenance windows could not be applied"),
            }
        }
    });
}

fn view(w: WindowRecord, now: &Datetime) -> WindowView {
    WindowView {
        id: key_of(&w.id),
        active: &w.starts_at <= now && now < &w.ends_at,
        ended: &w.ends_at <= now,
        starts_at: shown(&w.starts_at),
        ends_at: shown(&w.ends_at),
        reason: w.reason,
        by: w.created_by,
        asset: w.tag,
    }
}

/// The windows `filter` picks (by `$id`) that are open, ahead, or ended in the last week.
async fn windows(
    store: &Store,
    filter: &'static str,
    id: RecordId,
) -> Result<Vec<WindowView>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                [
                    FIELDS,
                    filter,
                    " AND ends_at > time::now() - 7d ORDER BY starts_at",
                ]
                .concat(),
            )
            .bind(("id", id))
            .await?,
    )?;
    let rows: Vec<WindowRecord> = response.take(0)?;
    let now = Datetime::now();
    Ok(rows.into_iter().map(|w| view(w, &now)).collect())
}

/// A CI's windows that are open, ahead, or ended in the last week; soonest first.
pub async fn of_ci(store: &Store, ci: &str) -> Result<Vec<WindowView>, AppError> {
    windows(store, " maintenance_window WHERE ci = $id", ci_id(ci)).await
}

/// The same for an asset's windows.
pub async fn of_asset(store: &Store, asset: &str) -> Result<Vec<WindowView>, AppError> {
    let id = crate::assets::server::asset_id(asset);
    windows(store, " maintenance_window WHERE asset = $id", id).await
}

#[derive(SurrealValue)]
struct CiStatus {
    id: RecordId,
    status: String,
}

/// Which of `cis` are in maintenance now, by key: the status says Maintenance, or one of
/// its windows is open (or due to open and not over). `statuses` holds the statuses the
/// caller has read already; the rest are read here. A few set queries for any number.
pub async fn quiet(
    store: &Store,
    cis: Vec<RecordId>,
    mut statuses: HashMap<String, String>,
) -> Result<HashSet<String>, AppError> {
    if cis.is_empty() {
        return Ok(HashSet::new());
    }
    let unread: Vec<RecordId> = cis
        .into_iter()
        .filter(|ci| !statuses.contains_key(&key_of(ci)))
        .collect();
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT VALUE ci FROM maintenance_window \
                 WHERE phase = 'open' AND ends_at > time::now() AND ci != NONE",
            )
            .query(
                "SELECT VALUE ci FROM maintenance_window WHERE phase = 'ahead' \
                 AND starts_at <= time::now() AND ends_at > time::now() AND ci != NONE",
            )
            .query("SELECT id, status FROM $unread")
            .bind(("unread", unread))
            .await?,
    )?;
    let mut quiet: HashSet<String> = HashSet::new();
    for open in [response.take::<Vec<RecordId>>(0)?, response.take(1)?] {
        quiet.extend(open.iter().map(key_of));
    }
    statuses.extend(
        response
            .take::<Vec<CiStatus>>(2)?
            .into_iter()
            .map(|s| (key_of(&s.id), s.status)),
    );
    quiet.extend(
        statuses
            .into_iter()
            .filter(|(_, status)| status == MAINTENANCE)
            .map(|(ci, _)| ci),
    );
    Ok(quiet)
}
