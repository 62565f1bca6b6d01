//! Writing a checked import in batches, each batch one transaction with its audit entries.

use super::{check, CiWrite};
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::error::{AppError, FieldErrors};
use crate::import::native::BY_NAME;
use crate::import::plan::Plan;
use crate::import::report::{ImportReport, Progress};
use crate::store::{checked, key_of, Store};
use futures::{stream, StreamExt, TryStreamExt};
use std::collections::{BTreeMap, HashMap};
use surrealdb::types::{RecordId, SurrealValue};

/// CIs or relations per transaction: big enough to be quick, small enough that a large
/// import does not hold one huge transaction.
const BATCH: usize = 1000;

#[derive(SurrealValue)]
struct CiContent {
    id: RecordId,
    name: String,
    class: RecordId,
    status: String,
    environment: String,
    criticality: i64,
    owner: Option<String>,
    description: String,
    tags: Vec<String>,
    attributes: BTreeMap<String, String>,
    /// None for a CI matched by name: only a source's own ids are worth remembering.
    source_key: Option<String>,
}

struct CiItem {
    create: bool,
    content: CiContent,
    entry: NewEntry,
}

#[derive(SurrealValue)]
struct RelationItem {
    #[surreal(rename = "in")]
    source: RecordId,
    #[surreal(rename = "out")]
    target: RecordId,
    kind: RecordId,
}

fn item(write: CiWrite, actor: &Actor) -> CiItem {
    let CiWrite { ci, id, changes } = write;
    let create = id.is_none();
    let id = id.unwrap_or_else(|| RecordId::new("ci", uuid::Uuid::new_v4().simple().to_string()));
    let action = if create { "create" } else { "update" };
    let entry = NewEntry::new(actor, "ci", &key_of(&id), action, &changes);
    CiItem {
        create,
        entry,
        content: CiContent {
            id,
            name: ci.name,
            class: RecordId::new("ci_class", ci.class.as_str()),
            status: ci.status,
            environment: ci.environment,
            criticality: i64::from(ci.criticality),
            owner: ci.owner,
            description: ci.description,
            tags: ci.tags,
            attributes: ci.attributes.into_iter().collect(),
            source_key: Some(ci.key).filter(|key| !key.starts_with(BY_NAME)),
        },
    }
}

/// Checks the plan again and, if nothing is refused, writes it. `progress` hears after
/// every batch. Returns the report of what was written.
pub async fn commit(
    store: &Store,
    actor: &Actor,
    plan: Plan,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let say = |done, total, phase: &str| {
        progress(Progress {
            done,
            total,
            phase: phase.to_owned(),
            outcome: None,
        })
    };
    say(0, 0, "Checking");
    let started = std::time::Instant::now();
    let checked_plan = check(store, plan).await?;
    let checked_in = started.elapsed();
    let mut report = checked_plan.report;
    if !report.can_commit() {
        let refused = report.refused() + report.errors.len();
        return Err(FieldErrors::single(
            "files",
            format!(
                "{refused} rows are refused, so nothing was imported. Fix them and check again."
            ),
        ));
    }
    create_teams(store, actor, &report.new_teams).await?;
    let total = checked_plan.cis.len() + checked_plan.relations.len() + checked_plan.assets.len();
    let mut done = 0;
    let items: Vec<CiItem> = checked_plan
        .cis
        .into_iter()
        .map(|w| item(w, actor))
        .collect();
    let mut writes = stream::iter(batches(items))
        .map(|batch| tokio::spawn(write_cis(store.clone(), batch)))
        .buffer_unordered(writers());
    while let Some(written) = writes.try_next().await? {
        done += written?;
        say(done, total, "Writing CIs");
    }
    let cis_in = started.elapsed() - checked_in;
    write_relations(store, actor, checked_plan.relations, &mut done, total, &say).await?;
    let before_assets = done;
    crate::assets::server::import::write(store, actor, checked_plan.assets, |n| {
        say(before_assets + n, total, "Writing assets")
    })
    .await?;
    report.committed = true;
    say(total, total, "Done");
    tracing::info!(
        cis = report.cis.writes(),
        relations = report.relations.writes(),
        assets = report.assets.writes(),
        checked_in = ?checked_in,
        cis_in = ?cis_in,
        relations_in = ?(started.elapsed() - checked_in - cis_in),
        "import committed"
    );
    Ok(report)
}

/// Batches of at most `BATCH` items, in order.
fn batches<T>(items: Vec<T>) -> Vec<Vec<T>> {
    let mut items = items.into_iter().peekable();
    let mut batches = Vec::new();
    while items.peek().is_some() {
        batches.push(items.by_ref().take(BATCH).collect());
    }
    batches
}

/// How many batches are written at once, each on its own task: batches touch disjoint
/// records, and the embedded database runs a query on the task that awaits it.
fn writers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Writes one batch of CIs with their audit entries in one transaction. Returns its size.
async fn write_cis(store: Store, batch: Vec<CiItem>) -> Result<usize, AppError> {
    let size = batch.len();
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    let mut entries = Vec::with_capacity(size);
    for item in batch {
        entries.push(item.entry);
        if item.create {
            creates.push(item.content);
        } else {
            updates.push(item.content);
        }
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query("INSERT INTO ci $creates")
            .query(
                "FOR $ci IN $updates { \
                   UPDATE $ci.id MERGE object::remove($ci, ['id', 'source_key']); \
                   UPDATE $ci.id SET version += 1; \
                 }",
            )
            .query("INSERT INTO audit $entries")
            .query("COMMIT")
            .bind(("creates", creates))
            .bind(("updates", updates))
            .bind(("entries", entries))
            .await?,
    )?;
    Ok(size)
}

/// The owners that name nobody yet, as new teams, audited.
async fn create_teams(store: &Store, actor: &Actor, names: &[String]) -> Result<(), AppError> {
    if names.is_empty() {
        return Ok(());
    }
    #[derive(SurrealValue)]
    struct NewTeam {
        id: RecordId,
        name: String,
    }
    let mut teams = Vec::new();
    let mut entries = Vec::new();
    for name in names {
        let id = RecordId::new("team", uuid::Uuid::new_v4().simple().to_string());
        let changes = crate::audit::created(&vec![("name", name.clone())]);
        entries.push(NewEntry::new(
            actor,
            "team",
            &key_of(&id),
            "create",
            &changes,
        ));
        teams.push(NewTeam {
            id,
            name: name.clone(),
        });
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query("INSERT INTO team $teams")
            .query("INSERT INTO audit $entries")
            .query("COMMIT")
            .bind(("teams", teams))
            .bind(("entries", entries))
            .await?,
    )?;
    Ok(())
}

#[derive(SurrealValue)]
struct KeyedCi {
    id: RecordId,
    name: String,
    name_key: String,
    source_key: Option<String>,
}

async fn write_relations(
    store: &Store,
    actor: &Actor,
    relations: Vec<(String, String, String)>,
    done: &mut usize,
    total: usize,
    say: &impl Fn(usize, usize, &str),
) -> Result<(), AppError> {
    if relations.is_empty() {
        return Ok(());
    }
    let mut response = checked(
        store
            .db()
            .query("SELECT id, name, name_key, source_key FROM ci")
            .query("SELECT record::id(id) AS key, name FROM relation_type")
            .await?,
    )?;
    let cis: Vec<KeyedCi> = response.take(0)?;
    let labels: Vec<(String, String)> = response
        .take::<Vec<BTreeMap<String, String>>>(1)?
        .into_iter()
        .filter_map(|row| Some((row.get("key")?.clone(), row.get("name")?.clone())))
        .collect();
    let labels: HashMap<String, String> = labels.into_iter().collect();
    let mut by_key: HashMap<String, &KeyedCi> = HashMap::new();
    for ci in &cis {
        by_key.insert(format!("{BY_NAME}{}", ci.name_key), ci);
        if let Some(key) = &ci.source_key {
            by_key.insert(key.clone(), ci);
        }
    }
    let mut prepared = Vec::new();
    for batch in relations.chunks(BATCH) {
        let mut items = Vec::with_capacity(batch.len());
        let mut changes: BTreeMap<String, Vec<FieldChange>> = BTreeMap::new();
        for (source, kind, target) in batch {
            let (Some(s), Some(t)) = (by_key.get(source), by_key.get(target)) else {
                return Err(FieldErrors::single(
                    "files",
                    "A related CI vanished during the import; run it again.",
                ));
            };
            items.push(RelationItem {
                source: s.id.clone(),
                target: t.id.clone(),
                kind: RecordId::new("relation_type", kind.as_str()),
            });
            changes.entry(key_of(&s.id)).or_default().push(FieldChange {
                field: labels
                    .get(kind)
                    .cloned()
                    .unwrap_or_else(|| kind.replace('_', " ")),
                before: None,
                after: Some(t.name.clone()),
            });
        }
        let entries: Vec<NewEntry> = changes
            .iter()
            .map(|(key, changes)| NewEntry::new(actor, "ci", key, "relate", changes))
            .collect();
        prepared.push((items, entries));
    }
    let mut writes = stream::iter(prepared)
        .map(|(items, entries)| tokio::spawn(write_relation_batch(store.clone(), items, entries)))
        .buffer_unordered(writers());
    while let Some(written) = writes.try_next().await? {
        *done += written?;
        say(*done, total, "Writing relations");
    }
    Ok(())
}

/// Writes one batch of relations with their audit entries in one transaction.
async fn write_relation_batch(
    store: Store,
    items: Vec<RelationItem>,
    entries: Vec<NewEntry>,
) -> Result<usize, AppError> {
    let size = items.len();
    checked(
        store
            .db()
            .query("BEGIN")
            .query("INSERT RELATION INTO rel $items")
            .query("INSERT INTO audit $entries")
            .query("COMMIT")
            .bind(("items", items))
            .bind(("entries", entries))
            .await?,
    )?;
    Ok(size)
}
