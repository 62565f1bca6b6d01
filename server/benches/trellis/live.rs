//! Live updates: from a save over HTTP to the change arriving on another tab's stream.

use crate::http::Browser;
use app::cmdb::domain::Ci;
use std::time::{Duration, Instant};

/// Saves each CI in turn, timing until its change arrives on an open `/api/live`
/// stream, as a second browser tab would see it.
pub async fn latency(browser: &Browser, cis: Vec<Ci>) -> Vec<Duration> {
    let mut stream = browser.open("/api/live").await;
    let mut pending = String::new();
    let mut samples = Vec::with_capacity(cis.len());
    for ci in cis {
        let started = Instant::now();
        browser
            .touch(&ci, ci.version, "live update benchmark")
            .await;
        let wanted = format!("\"key\":\"{}\"", ci.id);
        loop {
            if let Some(at) = pending.find(&wanted) {
                pending.drain(..at + wanted.len());
                break;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
                .await
                .expect("a change within 10 s")
                .expect("stream")
                .expect("stream open");
            pending.push_str(&String::from_utf8_lossy(&chunk));
        }
        samples.push(started.elapsed());
    }
    samples
}
