//! Runs one check against its target: an HTTP(S) request or a TCP connect, bounded by
//! the check's timeout.

use crate::monitoring::domain::{CheckKind, CheckSettings};
use crate::monitoring::health::Observation;
use std::time::{Duration, Instant};

/// One HTTP client for every check: connections are pooled per target host.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!(
            "Trellis/",
            env!("CARGO_PKG_VERSION"),
            " health check"
        ))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .unwrap_or_default()
}

pub async fn observe(client: &reqwest::Client, check: &CheckSettings) -> Observation {
    let timeout = Duration::from_millis(check.timeout_ms.into());
    let started = Instant::now();
    let run = async {
        match check.kind {
            CheckKind::Tcp => tcp(&check.target).await,
            CheckKind::Http => http(client, check).await,
        }
    };
    match tokio::time::timeout(timeout, run).await {
        Ok(Ok((status, body_matched))) => Observation::Answered {
            status,
            latency_ms: millis(started.elapsed()),
            body_matched,
        },
        Ok(Err(reason)) => Observation::Failed { reason },
        Err(_) => Observation::TimedOut {
            after_ms: check.timeout_ms,
        },
    }
}

fn millis(elapsed: Duration) -> u32 {
    u32::try_from(elapsed.as_millis()).unwrap_or(u32::MAX)
}

async fn tcp(target: &str) -> Result<(Option<u16>, bool), String> {
    tokio::net::TcpStream::connect(target)
        .await
        .map(|_| (None, true))
        .map_err(|e| format!("cannot connect to {target}: {e}"))
}

async fn http(
    client: &reqwest::Client,
    check: &CheckSettings,
) -> Result<(Option<u16>, bool), String> {
    let response = client
        .get(&check.target)
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = response.status();
    let code = status.as_u16();
    // Without an expected status, any 2xx or 3xx is fine and anything else is a failure.
    if check.expected_status.is_none() && !(status.is_success() || status.is_redirection()) {
        return Err(format!("HTTP {code}"));
    }
    let body_matched = match &check.body_contains {
        None => true,
        Some(text) => response
            .text()
            .await
            .map_err(|e| describe(&e))?
            .contains(text.as_str()),
    };
    Ok((Some(code), body_matched))
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_connect() {
        "connection refused or unreachable".into()
    } else if error.is_timeout() {
        "timed out".into()
    } else {
        // The innermost cause says the most (DNS, TLS, reset).
        let mut cause: &dyn std::error::Error = error;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        cause.to_string()
    }
}
