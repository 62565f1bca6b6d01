//! Reading problems: the list, one with its timeline and incidents, and the Known Error DB
//! with its suggestions for the incident form.

use super::problems::problem_id;
use super::{all_named, named, EntryRecord};
use crate::cmdb::server::shown;
use crate::error::AppError;
use crate::store::{checked, key_of, Store};
use crate::tickets::flow::Flow;
use crate::tickets::problem::{Analysis, State};
use crate::tickets::views::{Entry, KnownError, LinkedIncident, Problem, ProblemRow};
use std::collections::HashMap;
use surrealdb::types::{Datetime, RecordId, SurrealValue};

fn state_of(text: &str) -> State {
    State::parse(text).unwrap_or(State::New)
}

#[derive(SurrealValue)]
struct RowRecord {
    number: String,
    title: String,
    state: String,
    assignee: Option<String>,
    incidents: i64,
    opened_at: Datetime,
}

/// Problems in `state` ("open" for every open one, "all", or a state's label), newest first.
pub async fn list(store: &Store, state: &str) -> Result<Vec<ProblemRow>, AppError> {
    let states: Vec<&str> = match state.trim() {
        "" | "open" => vec!["New", "Investigating", "Known Error"],
        "all" => State::ALL.iter().map(|s| s.label()).collect(),
        label => vec![State::parse(label).map_or("", |s| s.label())],
    };
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, state, assignee.display_name AS assignee, \
                 array::len(incidents) AS incidents, opened_at FROM problem \
                 WHERE state IN $states ORDER BY opened_at DESC LIMIT 500",
            )
            .bind(("states", states))
            .await?,
    )?;
    let rows: Vec<RowRecord> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| ProblemRow {
            number: r.number,
            title: r.title,
            state: state_of(&r.state),
            assignee: r.assignee,
            incidents: usize::try_from(r.incidents).unwrap_or(0),
            opened_at: shown(&r.opened_at),
        })
        .collect())
}

#[derive(SurrealValue)]
struct ProblemRecord {
    number: String,
    title: String,
    description: String,
    state: String,
    team: Option<RecordId>,
    team_name: Option<String>,
    assignee: Option<RecordId>,
    assignee_name: Option<String>,
    cis: Vec<RecordId>,
    ci_names: Vec<String>,
    incidents: Vec<IncidentRecord>,
    whys: Vec<String>,
    root_cause: String,
    workaround: String,
    fix: String,
    opened_by: String,
    opened_at: Datetime,
    version: i64,
    watchers: Vec<RecordId>,
    watcher_names: Vec<String>,
}

#[derive(SurrealValue)]
struct IncidentRecord {
    number: String,
    title: String,
    state: String,
}

/// A problem with its incidents and timeline, oldest entry first.
/// A problem with its incidents, analysis and timeline, as `me` (a user key) sees it.
pub async fn get(store: &Store, number: &str, me: &str) -> Result<Problem, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT number, title, description, state, team, team.name AS team_name, \
                 assignee, assignee.display_name AS assignee_name, cis, cis.name AS ci_names, \
                 incidents.{number, title, state} AS incidents, whys, root_cause, workaround, fix, \
                 opened_by, opened_at, version, watchers, watchers.display_name AS watcher_names \
                 FROM ONLY $id",
            )
            .query(
                "SELECT at, by, kind, text, from, to FROM problem_entry WHERE problem = $id ORDER BY at",
            )
            .bind(("id", problem_id(number)))
            .await?,
    )?;
    let found: Option<ProblemRecord> = response.take(0)?;
    let p = found.ok_or_else(|| AppError::NotFound("This problem".into()))?;
    let entries: Vec<EntryRecord> = response.take(1)?;
    Ok(Problem {
        team: named(&p.team, &p.team_name),
        assignee: named(&p.assignee, &p.assignee_name),
        cis: all_named(&p.cis, &p.ci_names),
        incidents: p
            .incidents
            .into_iter()
            .map(|i| LinkedIncident {
                state: crate::tickets::incident::State::parse(&i.state)
                    .unwrap_or(crate::tickets::incident::State::New),
                number: i.number,
                title: i.title,
            })
            .collect(),
        analysis: Analysis {
            whys: p.whys,
            root_cause: p.root_cause,
            workaround: p.workaround,
            fix: p.fix,
        },
        number: p.number,
        title: p.title,
        description: p.description,
        state: state_of(&p.state),
        opened_by: p.opened_by,
        opened_at: shown(&p.opened_at),
        version: u64::try_from(p.version).unwrap_or(0),
        watching: p.watchers.iter().any(|w| key_of(w) == me),
        watchers: p.watcher_names,
        entries: entries.into_iter().map(Entry::from).collect(),
    })
}

/// The states whose problems are in the Known Error DB.
const KNOWN: [&str; 2] = ["Known Error", "Resolved"];
/// How many words of a text are looked up, and how many suggestions are made.
const WORDS: usize = 8;
const SUGGESTIONS: usize = 5;

#[derive(SurrealValue)]
struct KnownRecord {
    id: RecordId,
    number: String,
    title: String,
    state: String,
    root_cause: String,
    workaround: String,
    ci_names: Vec<String>,
    opened_at: Datetime,
}

async fn known_by_id(store: &Store, ids: Vec<RecordId>) -> Result<Vec<KnownRecord>, AppError> {
    let mut response = checked(
        store
            .db()
            .query(
                "SELECT id, number, title, state, root_cause, workaround, cis.name AS ci_names, \
                 opened_at FROM problem WHERE id IN $ids",
            )
            .bind(("ids", ids))
            .await?,
    )?;
    Ok(response.take(0)?)
}

fn shown_known(k: KnownRecord, matched: Vec<String>) -> KnownError {
    KnownError {
        since: shown(&k.opened_at),
        number: k.number,
        title: k.title,
        state: state_of(&k.state),
        root_cause: k.root_cause,
        workaround: k.workaround,
        cis: k.ci_names,
        matched,
    }
}

/// The words of `text` worth looking up: at least three letters, each once, at most eight.
fn words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
    {
        if !found.contains(&word) && found.len() < WORDS {
            found.push(word);
        }
    }
    found
}

/// Known errors that share a CI with `cis` (by name) or words with `text`, best first:
/// a shared CI counts for two words.
pub async fn suggest(
    store: &Store,
    text: &str,
    cis: &[String],
) -> Result<Vec<KnownError>, AppError> {
    let words = words(text);
    let names: Vec<String> = cis.iter().map(|n| n.trim().to_lowercase()).collect();
    // One full-text lookup per word, so that any word can match (`@@` wants them all).
    let mut query = store.db().query(
        "SELECT VALUE id FROM problem WHERE state IN $known AND cis CONTAINSANY \
         (SELECT VALUE id FROM ci WHERE name_key IN $names)",
    );
    for lookup in WORD_QUERIES.iter().take(words.len()) {
        query = query.query(*lookup);
    }
    let mut query = query.bind(("known", KNOWN.to_vec())).bind(("names", names));
    for (i, word) in words.iter().enumerate() {
        query = query.bind((WORD_PARAMS[i], word.clone()));
    }
    let mut response = checked(query.await?)?;
    let mut score: HashMap<String, (usize, Vec<String>)> = HashMap::new();
    for id in response.take::<Vec<RecordId>>(0)? {
        let entry = score.entry(key_of(&id)).or_default();
        entry.0 += 2;
        entry.1.push("CI".to_owned());
    }
    for (i, word) in words.iter().enumerate() {
        for id in response.take::<Vec<RecordId>>(i + 1)? {
            let entry = score.entry(key_of(&id)).or_default();
            entry.0 += 1;
            entry.1.push(word.clone());
        }
    }
    let mut ranked: Vec<(String, (usize, Vec<String>))> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(SUGGESTIONS);
    let ids = ranked.iter().map(|(key, _)| problem_id(key)).collect();
    let found = known_by_id(store, ids).await?;
    let mut by_id: HashMap<String, KnownRecord> =
        found.into_iter().map(|k| (key_of(&k.id), k)).collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(id, (_, matched))| by_id.remove(&id).map(|k| shown_known(k, matched)))
        .collect())
}

/// The per-word lookups of [`suggest`]: fixed text, each word a bound parameter.
const WORD_QUERIES: [&str; WORDS] = [
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w0",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w1",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w2",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w3",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w4",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w5",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w6",
    "SELECT VALUE id FROM problem WHERE state IN $known AND search_text @@ $w7",
];
const WORD_PARAMS: [&str; WORDS] = ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"];

/// The Known Error DB: every known error, or those matching all words of `q`, newest first.
pub async fn known_errors(store: &Store, q: &str) -> Result<Vec<KnownError>, AppError> {
    let q = q.trim();
    let query = if q.is_empty() {
        "SELECT id, number, title, state, root_cause, workaround, cis.name AS ci_names, opened_at \
         FROM problem WHERE state IN $known ORDER BY opened_at DESC LIMIT 500"
    } else {
        "SELECT id, number, title, state, root_cause, workaround, cis.name AS ci_names, opened_at \
         FROM problem WHERE state IN $known AND search_text @@ $q ORDER BY opened_at DESC LIMIT 500"
    };
    let mut response = checked(
        store
            .db()
            .query(query)
            .bind(("known", KNOWN.to_vec()))
            .bind(("q", q.to_owned()))
            .await?,
    )?;
    let found: Vec<KnownRecord> = response.take(0)?;
    Ok(found
        .into_iter()
        .map(|k| shown_known(k, Vec::new()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn short_and_repeated_words_are_not_looked_up() {
        assert_eq!(
            words("DB is down, the DB pool: down!"),
            ["down", "the", "pool"]
        );
    }
}
