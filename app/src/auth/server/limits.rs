//! Sign-in attempts are limited per account and per client address, so passwords
//! cannot be guessed at speed.

use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

#[derive(Clone)]
pub struct LoginLimits {
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    per_client: Arc<DefaultKeyedRateLimiter<String>>,
}

impl LoginLimits {
    /// `per_account` attempts a minute for one email, `per_client` for one address.
    pub fn new(per_account: u32, per_client: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        LoginLimits {
            per_account: Arc::new(RateLimiter::keyed(quota(per_account))),
            per_client: Arc::new(RateLimiter::keyed(quota(per_client))),
        }
    }

    pub fn check(&self, email: &str, client: &str) -> Result<(), AppError> {
        let account = self
            .per_account
            .check_key(&email.trim().to_lowercase())
            .is_ok();
        let address = self.per_client.check_key(&client.to_owned()).is_ok();
        if account && address {
            Ok(())
        } else {
            tracing::warn!(%client, "sign-in attempts limited");
            Err(AppError::TooManyRequests(
                "Too many sign-in attempts. Wait a minute and try again.".into(),
            ))
        }
    }
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits::new(5, 30)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_attempt_on_one_account_within_a_minute_is_refused() {
        let limits = LoginLimits::new(5, 100);
        for _ in 0..5 {
            assert!(limits.check("a@example.com", "10.0.0.1").is_ok());
        }
        assert!(limits.check("A@example.com ", "10.0.0.2").is_err());
        assert!(limits.check("b@example.com", "10.0.0.1").is_ok());
    }

    #[test]
    fn one_address_cannot_try_many_accounts_quickly() {
        let limits = LoginLimits::new(100, 3);
        for account in ["a", "b", "c"] {
            assert!(limits.check(account, "10.0.0.9").is_ok());
        }
        assert!(limits.check("d", "10.0.0.9").is_err());
    }
}
