//! Signed-in users as the last read found them, so a request does not read its user again.
//! Any change to a user, from this node or another (through the change stream), and any
//! save here, forgets them all.

use super::users;
use crate::auth::domain::CurrentUser;
use crate::error::AppError;
use crate::live::server::Changes;
use crate::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Users remembered at most; beyond that the memory starts afresh.
const REMEMBERED: usize = 10_000;

#[derive(Clone, Default)]
pub struct ActiveUsers {
    known: Arc<Mutex<Known>>,
}

#[derive(Default)]
struct Known {
    /// Each user read, or none for one that is disabled or gone.
    users: HashMap<String, Option<CurrentUser>>,
    /// Counts the times everything was forgotten: a read that started before one is not
    /// kept, as it may hold what was forgotten.
    forgotten: u64,
}

impl ActiveUsers {
    /// Remembers users until the change stream says any user changed.
    pub fn follow(changes: &Changes) -> Self {
        let active = ActiveUsers::default();
        let mut stream = changes.subscribe_to(&["user"]);
        let forget = active.clone();
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match stream.recv().await {
                    Ok(_) | Err(RecvError::Lagged(_)) => forget.forget(),
                    Err(RecvError::Closed) => return,
                }
            }
        });
        active
    }

    fn known(&self) -> MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The active user `id`, if there is one.
    pub async fn get(&self, store: &Store, id: &str) -> Result<Option<CurrentUser>, AppError> {
        let forgotten = {
            let known = self.known();
            if let Some(user) = known.users.get(id) {
                return Ok(user.clone());
            }
            known.forgotten
        };
        let user = users::active(store, id).await?;
        let mut known = self.known();
        if known.forgotten == forgotten {
            if known.users.len() >= REMEMBERED {
                known.users.clear();
            }
            known.users.insert(id.to_owned(), user.clone());
        }
        Ok(user)
    }

    /// Forgets every user, after a change to any of them.
    pub fn forget(&self) {
        let mut known = self.known();
        known.users.clear();
        known.forgotten += 1;
    }
}
