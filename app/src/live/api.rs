use super::Present;
use crate::error::AppError;
use leptos::prelude::*;

/// Says the signed-in user's page `token` is open on a record (or, with `here` false,
/// closed), and whether they are editing it. Returns everyone else there.
#[server(prefix = "/api", endpoint = "live/presence")]
pub async fn presence(
    table: String,
    key: String,
    token: String,
    here: bool,
    editing: bool,
) -> Result<Vec<Present>, AppError> {
    let action = match table.as_str() {
        "ci" => crate::auth::Action::CmdbRead,
        _ => return crate::http::respond(Err(AppError::NotFound("That kind of record".into()))),
    };
    let user = crate::auth::server::authorize(action).await?;
    let (Some(presence), Some(changes)) = (
        use_context::<super::server::Presence>(),
        use_context::<super::server::Changes>(),
    ) else {
        return crate::http::respond(Err(AppError::Internal(crate::store::reference())));
    };
    let visit = super::server::Visit {
        token: &token,
        user: &user.id,
        name: &user.display_name,
        editing,
    };
    if presence.update(&table, &key, visit, here) {
        changes.presence(&table, &key);
    }
    Ok(presence.others(&table, &key, &user.id))
}
