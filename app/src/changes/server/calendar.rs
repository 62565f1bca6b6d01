//! The change calendar, its freezes, and the changes one clashes with, as read from the store.

use super::{local, open_states, rows, ChangeRecord, RowRecord, ROW_FIELDS};
use crate::changes::calendar::{frozen, Freeze, View};
use crate::changes::form::rfc3339;
use crate::changes::views::ClashView;
use crate::changes::views::{CalendarData, FreezeView};
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use chrono::{NaiveDate, NaiveDateTime};
use surrealdb::types::{Datetime, RecordId, SurrealValue};

#[derive(SurrealValue)]
struct FreezeRecord {
    id: RecordId,
    name: String,
    starts_at: Datetime,
    ends_at: Datetime,
}

impl FreezeRecord {
    fn freeze(&self) -> Freeze {
        Freeze {
            name: self.name.clone(),
            starts: self.starts_at.naive_utc(),
            ends: self.ends_at.naive_utc(),
        }
    }

    fn view(self) -> FreezeView {
        FreezeView {
            key: key_of(&self.id),
            name: self.name,
            starts_at: local(&self.starts_at),
            ends_at: local(&self.ends_at),
        }
    }
}

async fn freeze_records(store: &Store) -> Result<Vec<FreezeRecord>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, name, starts_at, ends_at FROM change_freeze \
                 WHERE ends_at > time::now() - 90d ORDER BY starts_at",
            )
            .await?,
    )?;
    Ok(response.take(0)?)
}

/// The freeze a window falls in, by name.
pub(super) async fn freeze_of(
    store: &Store,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    let freezes: Vec<Freeze> = freeze_records(store)
        .await?
        .iter()
        .map(FreezeRecord::freeze)
        .collect();
    Ok(frozen(&freezes, starts, ends).map(|f| f.name.clone()))
}

/// The month or week around `date` (`YYYY-MM-DD`, today if empty): the changes with a
/// window in it, except rejected and cancelled ones, and the freezes.
pub async fn calendar(store: &Store, date: &str, view: &str) -> Result<CalendarData, AppError> {
    let view = View::parse(view);
    let today = Datetime::now().date_naive();
    let day = if date.trim().is_empty() {
        today
    } else {
        NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| crate::error::FieldErrors::single("date", "Give the day as YYYY-MM-DD."))?
    };
    let (first, after) = view.span(day);
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default();
    let (from, to) = (midnight(first), midnight(after));
    let mut response = checked(
        store
            .db()
            .query([ROW_FIELDS, " WHERE state IN $open AND starts_at != NONE"].concat())
            .query(
                [
                    ROW_FIELDS,
                    " WHERE starts_at != NONE AND starts_at < <datetime> $to \
                     AND ends_at > <datetime> $from AND state NOT IN ['Rejected', 'Cancelled'] \
                     ORDER BY starts_at",
                ]
                .concat(),
            )
            .bind(("open", open_states()))
            .bind(("from", rfc3339(from)))
            .bind(("to", rfc3339(to)))
            .await?,
    )?;
    let open: Vec<RowRecord> = response.take(0)?;
    let changes = rows(response.take(1)?, &open);
    let freezes = freeze_records(store)
        .await?
        .into_iter()
        .map(FreezeRecord::view)
        .collect();
    Ok(CalendarData {
        date: day.format("%Y-%m-%d").to_string(),
        view,
        today: today.format("%Y-%m-%d").to_string(),
        changes,
        freezes,
    })
}

pub async fn freezes(store: &Store) -> Result<Vec<FreezeView>, AppError> {
    Ok(freeze_records(store)
        .await?
        .into_iter()
        .map(FreezeRecord::view)
        .collect())
}

/// The other open changes in overlapping windows on something this one touches.
pub(super) async fn clashing(
    store: &Store,
    change: &ChangeRecord,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> Result<Vec<ClashView>, AppError> {
    let mut touches: Vec<RecordId> = Vec::new();
    for id in change.cis.iter().chain(&change.services) {
        if !touches.contains(id) {
            touches.push(id.clone());
        }
    }
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, array::concat(cis, services) AS touched FROM change_request \
                 WHERE state IN $open AND number != $number AND starts_at < <datetime> $ends \
                 AND ends_at > <datetime> $starts AND (cis ANYINSIDE $touches OR services ANYINSIDE $touches)",
            )
            .query("SELECT id, name FROM ci WHERE id IN $touches")
            .bind(("open", open_states()))
            .bind(("number", change.number.clone()))
            .bind(("starts", rfc3339(starts)))
            .bind(("ends", rfc3339(ends)))
            .bind(("touches", touches.clone()))
            .await?,
    )?;
    #[derive(SurrealValue)]
    struct Other {
        number: String,
        title: String,
        touched: Vec<RecordId>,
    }
    let others: Vec<Other> = response.take(0)?;
    #[derive(SurrealValue)]
    struct Name {
        id: RecordId,
        name: String,
    }
    let names: Vec<Name> = response.take(1)?;
    Ok(others
        .into_iter()
        .map(|o| ClashView {
            // Its own CIs first, then the services they affect.
            shared: touches
                .iter()
                .filter(|id| o.touched.contains(id))
                .filter_map(|id| names.iter().find(|n| &n.id == id))
                .map(|n| n.name.clone())
                .collect(),
            number: o.number,
            title: o.title,
        })
        .collect())
}
