//! Timing samples, percentiles and the results files.

use std::fmt::Write;
use std::time::{Duration, Instant};

pub const RUNS: usize = 200;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index.min(samples.len() - 1)]
}

pub struct Row {
    pub what: String,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub goal: String,
}

pub fn row(what: &str, mut samples: Vec<Duration>, goal: &str) -> Row {
    Row {
        what: what.into(),
        p50: percentile(&mut samples, 0.50),
        p95: percentile(&mut samples, 0.95),
        p99: percentile(&mut samples, 0.99),
        goal: goal.into(),
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs `f` [`RUNS`] times, one after the other, timing each.
pub async fn timed<F, Fut>(mut f: F) -> Vec<Duration>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let start = Instant::now();
        f(i).await;
        samples.push(start.elapsed());
    }
    samples
}

pub fn shell(command: &str) -> String {
    std::process::Command::new("sh")
        .args(["-c", command])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// A results file: a header, then steps (one duration each) and latency rows.
pub struct Report {
    pub text: String,
}

impl Report {
    pub fn new(cis: usize, relations: usize) -> Self {
        let mut text = String::from("# Benchmark results\n\n");
        let _ = writeln!(text, "- date: {}", shell("date -u +%Y-%m-%dT%H:%MZ"));
        let _ = writeln!(text, "- commit: {}", shell("git rev-parse --short HEAD"));
        let _ = writeln!(
            text,
            "- machine: {} cores, {}",
            shell("nproc"),
            shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs")
        );
        let _ = writeln!(
            text,
            "- estate: {cis} CIs, {relations} relations (synthetic, seed 42)"
        );
        text.push_str(
            "- database: embedded SurrealKV on local disk, fsync on commit; release build\n\n",
        );
        Report { text }
    }

    pub fn steps(&mut self, steps: &[(String, String, String)]) {
        self.text
            .push_str("| Step | Result | Goal |\n|---|---|---|\n");
        for (what, result, goal) in steps {
            let _ = writeln!(self.text, "| {what} | {result} | {goal} |");
        }
        self.text.push('\n');
    }

    pub fn rows(&mut self, rows: &[Row]) {
        let _ = writeln!(
            self.text,
            "| Measurement ({RUNS} runs each) | p50 | p95 | p99 | Goal |\n|---|---|---|---|---|"
        );
        for r in rows {
            let _ = writeln!(
                self.text,
                "| {} | {} | {} | {} | {} |",
                r.what,
                ms(r.p50),
                ms(r.p95),
                ms(r.p99),
                r.goal
            );
        }
        self.text.push('\n');
    }

    /// Trellis's impact analysis (from a host, from the core switch) against the floor
    /// (`compared[0..2]`) and PostgreSQL (`compared[2..4]`, when it ran), by p99.
    pub fn ratios(&mut self, host: &Row, core: &Row, compared: &[Row]) {
        let ratio = |a: &Row, b: &Row| a.p99.as_secs_f64() / b.p99.as_secs_f64().max(1e-9);
        self.text.push_str(
            "| Impact analysis, ratio of p99 | a host | core switch | Goal |\n|---|---|---|---|\n",
        );
        if let [_, _, pg_host, pg_core] = compared {
            let _ = writeln!(
                self.text,
                "| Trellis / PostgreSQL | {:.2} | {:.2} | ≤ 0.5 (at least 2× faster) |",
                ratio(host, pg_host),
                ratio(core, pg_core)
            );
        }
        let _ = writeln!(
            self.text,
            "| Trellis / floor | {:.1} | {:.1} | ≤ 10 |\n",
            ratio(host, &compared[0]),
            ratio(core, &compared[1])
        );
    }

    /// Writes `latest.md` and appends `summary` to `history.md`.
    pub fn save(&self, summary: &str) {
        let results = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/results");
        std::fs::create_dir_all(results).expect("results dir");
        std::fs::write(format!("{results}/latest.md"), &self.text).expect("write latest");
        let history = format!("{results}/history.md");
        let mut text =
            std::fs::read_to_string(&history).unwrap_or_else(|_| "# Benchmark history\n".into());
        let _ = writeln!(
            text,
            "\n{} {}: {summary}",
            shell("date -u +%Y-%m-%dT%H:%MZ"),
            shell("git rev-parse --short HEAD")
        );
        std::fs::write(history, text).expect("write history");
    }
}
