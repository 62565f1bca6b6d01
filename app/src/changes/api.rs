//! Server functions for changes: authorize, call the store, answer. Everyone who reads
//! changes sees the calendar; raising and moving them needs ChangeWrite, voting needs a
//! seat on the CAB, and freezes are the Change Manager's.

use super::form::ChangeInput;
use super::views::{CalendarData, Change, ChangeRow, FreezeView, Template};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "changes/list")]
pub async fn list_changes(#[server(default)] state: String) -> Result<Vec<ChangeRow>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::list(&store, &state).await)
}

#[server(prefix = "/api", endpoint = "changes/get")]
pub async fn get_change(number: String) -> Result<Change, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::get(&store, &number, &user).await)
}

/// Starts (or with `watching` false, stops) following a change.
#[server(prefix = "/api", endpoint = "changes/watch")]
pub async fn watch_change(number: String, watching: bool) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(
        crate::tickets::server::watch(
            &store,
            crate::tickets::server::CHANGE,
            &number,
            &user.id,
            watching,
        )
        .await,
    )
}

/// The month (or, with `view=week`, the week) around `date` (`YYYY-MM-DD`, today if
/// empty): its changes and the freezes.
#[server(prefix = "/api", endpoint = "changes/calendar")]
pub async fn change_calendar(
    #[server(default)] date: String,
    #[server(default)] view: String,
) -> Result<CalendarData, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::calendar(&store, &date, &view).await)
}

/// The Standard change catalog.
#[server(prefix = "/api", endpoint = "changes/templates")]
pub async fn change_templates() -> Result<Vec<Template>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::templates(&store).await)
}

/// Raises an RFC in Draft; answers its number.
#[server(prefix = "/api", endpoint = "changes/open")]
pub async fn open_change(#[server(default)] input: ChangeInput) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let valid = input.validate_new()?;
        super::server::open(&store, &index, &actor, &valid).await
    };
    crate::http::respond(result.await)
}

/// Rewrites a Draft or Assessment RFC.
#[server(prefix = "/api", endpoint = "changes/plan")]
pub async fn plan_change(
    number: String,
    version: u64,
    #[server(default)] input: ChangeInput,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let index = crate::cmdb::server::use_index()?;
    let result = async {
        let valid = input.validate()?;
        super::server::plan(&store, &index, &actor, &number, version, &valid).await?;
        let change = crate::tickets::server::CHANGE;
        crate::tickets::server::tell_watchers(&store, change, &actor, &number, "RFC updated").await;
        Ok(())
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "changes/move")]
pub async fn move_change(
    number: String,
    version: u64,
    to: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        super::server::transition(&store, &actor, &number, version, &to, &note).await?;
        let (change, what) = (
            crate::tickets::server::CHANGE,
            format!("moved to {}", to.trim()),
        );
        crate::tickets::server::tell_watchers(&store, change, &actor, &number, &what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

/// A CAB member's vote, Approve or Reject, with the comment the board reads.
#[server(prefix = "/api", endpoint = "changes/vote")]
pub async fn vote_change(
    number: String,
    vote: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeApprove).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let result = async {
        let vote = super::cab::Vote::parse(&vote)
            .ok_or_else(|| crate::error::FieldErrors::single("vote", "Vote Approve or Reject."))?;
        super::server::vote(&store, &actor, &number, vote, &comment).await?;
        let (change, what) = (
            crate::tickets::server::CHANGE,
            format!("CAB vote: {}", vote.label()),
        );
        crate::tickets::server::tell_watchers(&store, change, &actor, &number, &what).await;
        Ok(())
    };
    crate::http::respond(result.await)
}

#[server(prefix = "/api", endpoint = "changes/freezes")]
pub async fn list_freezes() -> Result<Vec<FreezeView>, AppError> {
    crate::auth::server::authorize(crate::auth::Action::ChangeRead).await?;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::freezes(&store).await)
}

#[server(prefix = "/api", endpoint = "changes/add-freeze")]
pub async fn add_freeze(
    #[server(default)] name: String,
    #[server(default)] starts_at: String,
    #[server(default)] ends_at: String,
) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(
        super::server::add_freeze(&store, &actor, &name, &starts_at, &ends_at).await,
    )
}

#[server(prefix = "/api", endpoint = "changes/remove-freeze")]
pub async fn remove_freeze(key: String) -> Result<(), AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::ChangeManage).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    crate::http::respond(super::server::remove_freeze(&store, &actor, &key).await)
}
