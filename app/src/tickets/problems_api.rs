//! Server functions for problems and the Known Error DB: authorize, call the store, answer.
//! Everyone who reads incidents reads problems; recording them needs ProblemWrite.

use super::problem::{Analysis, ProblemInput, ProblemMove};
use super::views::{KnownError, Problem, ProblemRow};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "problems/list")]
pub async fn list_problems(#[server(default)] state: String) -> Result<Vec<ProblemRow>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list_problems(&store, &state).await)
}

#[server(prefix = "/api", endpoint = "problems/get")]
pub async fn get_problem(number: String) -> Result<Problem, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get_problem(&store, &number, &user.id).await)
}

/// Starts (or with `watching` false, stops) following a problem.
#[server(prefix = "/api", endpoint = "problems/watch")]
pub async fn watch_problem(number: String, watching: bool) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::watch(&store, super::server::PROBLEM, &number, &user.id, watching).await,
    )
}

/// Records a problem; answers its number.
#[server(prefix = "/api", endpoint = "problems/open")]
pub async fn open_problem(input: ProblemInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ProblemWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = input.validate()?;
        super::server::problems::open(&store, &actor, &valid).await
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "problems/analyse")]
pub async fn analyse_problem(
    number: String,
    version: u64,
    #[server(default)] analysis: Analysis,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ProblemWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let valid = analysis.validate()?;
        super::server::problems::analyse(&store, &actor, &number, version, &valid).await?;
        super::server::tell_watchers(
            &store,
            super::server::PROBLEM,
            &actor,
            &number,
            "root cause analysis updated",
        )
        .await;
        Ok(())
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "problems/move")]
pub async fn move_problem(
    number: String,
    version: u64,
    input: ProblemMove,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ProblemWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        super::server::problems::transition(&store, &actor, &number, version, &input).await?;
        let what = format!("moved to {}", input.to.trim());
        super::server::tell_watchers(&store, super::server::PROBLEM, &actor, &number, &what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "problems/assign")]
pub async fn assign_problem(
    number: String,
    version: u64,
    #[server(default)] team: String,
    #[server(default)] assignee: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ProblemWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let some = |text: String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let result = async {
        super::server::problems::assign(
            &store,
            &actor,
            &number,
            version,
            some(team),
            some(assignee),
        )
        .await?;
        super::server::tell_watchers(
            &store,
            super::server::PROBLEM,
            &actor,
            &number,
            "reassigned",
        )
        .await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// Links an incident (by number) that the problem explains.
#[server(prefix = "/api", endpoint = "problems/link")]
pub async fn link_incident(number: String, version: u64, incident: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ProblemWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        super::server::problems::link(&store, &actor, &number, version, &incident).await?;
        let what = format!("{} linked", incident.trim().to_uppercase());
        super::server::tell_watchers(&store, super::server::PROBLEM, &actor, &number, &what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// The Known Error DB, or the known errors matching every word of `q`.
#[server(prefix = "/api", endpoint = "problems/known-errors")]
pub async fn known_errors(#[server(default)] q: String) -> Result<Vec<KnownError>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::known_errors(&store, &q).await)
}

/// Known errors that may explain an incident being logged: by its CIs (names,
/// comma-separated) and the words of its title and description.
#[server(prefix = "/api", endpoint = "problems/suggest")]
pub async fn suggest_known_errors(
    #[server(default)] text: String,
    #[server(default)] cis: String,
) -> Result<Vec<KnownError>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::IncidentRead).await?;
    let store = crate::store::use_store()?;
    let cis = super::problem::list_of(&cis);
    crate::http::respond(super::server::suggest(&store, &text, &cis).await)
}
