//! The improvement register in the store: numbered CSI0000001..., saved and moved along
//! its stages with an audit row in the same transaction, versioned.

use crate::assets::money::format_amount;
use crate::audit::server::{Actor, NewEntry};
use crate::audit::FieldChange;
use crate::error::{AppError, FieldErrors};
use crate::sla::improvement::{check_move, Improvement, Source, Stage, ValidImprovement};
use crate::store::{checked, key_of, Store};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct Row {
    number: String,
    title: String,
    description: String,
    source: String,
    reference: String,
    benefit: String,
    cost: i64,
    owner: RecordId,
    owner_name: Option<String>,
    stage: String,
    outcome: Option<String>,
    opened_at: Datetime,
    version: i64,
}

const FIELDS: &str = "SELECT number, title, description, source, reference, benefit, cost, owner, \
     owner.display_name AS owner_name, stage, outcome, opened_at, version FROM";

fn id(number: &str) -> RecordId {
    RecordId::new("improvement", number.trim().to_lowercase().as_str())
}

fn view(r: Row) -> Improvement {
    Improvement {
        source: Source::parse(&r.source).unwrap_or(Source::Other),
        stage: Stage::parse(&r.stage).unwrap_or(Stage::Strategy),
        cost: format_amount(r.cost),
        owner: key_of(&r.owner),
        owner_name: r.owner_name.unwrap_or_else(|| key_of(&r.owner)),
        opened_at: r.opened_at.format("%Y-%m-%d").to_string(),
        version: u64::try_from(r.version).unwrap_or(0),
        number: r.number,
        title: r.title,
        description: r.description,
        reference: r.reference,
        benefit: r.benefit,
        outcome: r.outcome,
    }
}

/// The register: open items by stage, then closed ones.
pub async fn list(store: &Store) -> Result<Vec<Improvement>, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " improvement ORDER BY number DESC"].concat())
            .await?,
    )?;
    let rows: Vec<Row> = response.take(0)?;
    let mut found: Vec<Improvement> = rows.into_iter().map(view).collect();
    found.sort_by_key(|i| i.stage == Stage::Closed);
    Ok(found)
}

pub async fn get(store: &Store, number: &str) -> Result<Improvement, AppError> {
    let mut response = checked(
        store
            .db()
            .query([FIELDS, " $id"].concat())
            .bind(("id", id(number)))
            .await?,
    )?;
    let rows: Vec<Row> = response.take(0)?;
    rows.into_iter()
        .next()
        .map(view)
        .ok_or_else(|| AppError::NotFound("This improvement".into()))
}

#[derive(SurrealValue)]
struct Content {
    title: String,
    description: String,
    source: String,
    reference: String,
    benefit: String,
    cost: i64,
    owner: RecordId,
}

/// Who `key` is, if an enabled user; and that a problem named as the source exists.
async fn check_links(store: &Store, item: &ValidImprovement) -> Result<String, AppError> {
    let mut response = checked(
        store
            .db()
            .query("SELECT VALUE display_name FROM $owner WHERE disabled = false")
            .query("SELECT VALUE id FROM problem WHERE number = $problem")
            .bind(("owner", RecordId::new("user", item.owner.as_str())))
            .bind(("problem", item.reference.clone()))
            .await?,
    )?;
    let owner: Vec<String> = response.take(0)?;
    let problem: Vec<RecordId> = response.take(1)?;
    let mut errors = FieldErrors::default();
    if owner.is_empty() {
        errors.add("owner", "Choose an enabled user as the owner.");
    }
    if item.source == Source::Problem && problem.is_empty() {
        errors.add(
            "reference",
            format!("There is no problem {}.", item.reference),
        );
    }
    errors.into_result()?;
    Ok(owner.into_iter().next().unwrap_or_default())
}

/// Records a new item (no `number`) or saves one still at `version`; answers its number.
pub async fn save(
    store: &Store,
    actor: &Actor,
    number: Option<&str>,
    version: u64,
    item: &ValidImprovement,
) -> Result<String, AppError> {
    let owner_name = check_links(store, item).await?;
    let changes = match number {
        Some(number) => {
            let before = get(store, number).await?;
            let old = ValidImprovement {
                title: before.title,
                description: before.description,
                source: before.source,
                reference: before.reference,
                benefit: before.benefit,
                cost: crate::assets::money::parse_amount(&before.cost).unwrap_or(0),
                owner: before.owner,
            };
            crate::audit::diff(
                &old.audit_fields(&before.owner_name),
                &item.audit_fields(&owner_name),
            )
        }
        None => crate::audit::created(&item.audit_fields(&owner_name)),
    };
    let content = Content {
        title: item.title.clone(),
        description: item.description.clone(),
        source: item.source.key().to_owned(),
        reference: item.reference.clone(),
        benefit: item.benefit.clone(),
        cost: item.cost,
        owner: RecordId::new("user", item.owner.as_str()),
    };
    let query = store.db().query("BEGIN");
    let query = match number {
        None => query
            .query(
                "LET $n = (UPSERT ticket_counter:improvement SET n += 1 RETURN VALUE n)[0]; \
                 LET $number = fn::ticket_number('CSI', $n); \
                 CREATE audit CONTENT object::extend($entry, { record_key: string::lowercase($number) });",
            )
            .query(
                "CREATE ONLY type::record('improvement', string::lowercase($number)) \
                   CONTENT object::extend($content, { number: $number }) RETURN VALUE number",
            ),
        Some(_) => query
            .query(
                "IF $id.version != $version { THROW 'improvement-stale' }; \
                 CREATE audit CONTENT $entry;",
            )
            .query(
                "UPDATE ONLY $id MERGE object::extend($content, { version: $id.version + 1 }) \
                 RETURN VALUE number",
            ),
    };
    let key = number.map(str::to_lowercase).unwrap_or_default();
    let result = query
        .query("COMMIT")
        .bind(("content", content))
        .bind(("id", id(&key)))
        .bind(("version", i64::try_from(version).unwrap_or(-1)))
        .bind((
            "entry",
            NewEntry::new(
                actor,
                "improvement",
                &key,
                if number.is_some() { "update" } else { "create" },
                &changes,
            ),
        ))
        .await?;
    let mut response = checked(result).map_err(refused)?;
    // The write of the item is the statement before COMMIT.
    let saved: Option<String> = response.take(response.num_statements() - 2)?;
    saved.ok_or_else(|| AppError::Internal(crate::store::reference()))
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this improvement after you opened it, so nothing was saved. The page shows the latest; try again.".into(),
    )
}

fn refused(error: surrealdb::Error) -> AppError {
    if error.to_string().contains("improvement-stale") {
        stale()
    } else {
        error.into()
    }
}

/// Moves an item one stage on or back (closing with the measured outcome).
pub async fn move_stage(
    store: &Store,
    actor: &Actor,
    number: &str,
    version: u64,
    to: &str,
    outcome: &str,
) -> Result<(), AppError> {
    let found = get(store, number).await?;
    if found.version != version {
        return Err(stale());
    }
    let to = check_move(found.stage, to, outcome)?;
    let outcome = (to == Stage::Closed).then(|| outcome.trim().to_owned());
    let mut changes = vec![FieldChange {
        field: "stage".into(),
        before: Some(found.stage.label().to_owned()),
        after: Some(to.label().to_owned()),
    }];
    if let Some(outcome) = &outcome {
        changes.push(FieldChange {
            field: "outcome".into(),
            before: None,
            after: Some(outcome.clone()),
        });
    }
    checked(
        store
            .db()
            .query("BEGIN")
            .query(
                "IF $id.version != $version { THROW 'improvement-stale' }; \
                 UPDATE $id SET stage = $to, outcome = $outcome, version += 1, \
                   closed_at = IF $to = 'closed' { time::now() } ELSE { NONE }; \
                 CREATE audit CONTENT $entry;",
            )
            .query("COMMIT")
            .bind(("id", id(number)))
            .bind(("version", i64::try_from(version).unwrap_or(-1)))
            .bind(("to", to.key().to_owned()))
            .bind(("outcome", outcome))
            .bind((
                "entry",
                NewEntry::new(
                    actor,
                    "improvement",
                    &number.to_lowercase(),
                    "update",
                    &changes,
                ),
            ))
            .await?,
    )
    .map_err(refused)?;
    Ok(())
}
