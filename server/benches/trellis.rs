//! `make bench`: a synthetic estate (100k CIs by default, `BENCH_CIS` to change) loaded
//! through the real import path into an embedded SurrealKV database, then impact
//! analysis, the filtered and sorted list page and search measured through the real
//! server over HTTP. Results go to `bench/results/latest.md` and `history.md`.

use clap::Parser;
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index.min(samples.len() - 1)]
}

struct Row {
    what: String,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    goal: String,
}

fn row(what: &str, mut samples: Vec<Duration>, goal: &str) -> Row {
    Row {
        what: what.into(),
        p50: percentile(&mut samples, 0.50),
        p95: percentile(&mut samples, 0.95),
        p99: percentile(&mut samples, 0.99),
        goal: goal.into(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn timed<F, Fut>(mut f: F) -> Vec<Duration>
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

fn shell(command: &str) -> String {
    std::process::Command::new("sh")
        .args(["-c", command])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The record key of the imported CI with this reconciliation key.
async fn id_of(store: &app::store::Store, key: &str) -> String {
    let mut response = store
        .db()
        .query("SELECT VALUE record::id(id) FROM ci WHERE source_key = $key")
        .bind(("key", key.to_owned()))
        .await
        .expect("lookup");
    let ids: Vec<String> = response.take(0).expect("ids");
    ids.into_iter().next().expect("key exists")
}

/// What the first phase measured, before the server takes over the database.
struct PhaseOne {
    cis: usize,
    relations: usize,
    import_time: Option<Duration>,
    index_time: Duration,
    map_time: Duration,
    map_nodes: usize,
    core_reach: usize,
    leaf_reach: usize,
    core_samples: Vec<Duration>,
    leaf_samples: Vec<Duration>,
    leaf: String,
}

/// Imports the estate (unless `reuse`) and measures the in-memory analysis. Runs on its
/// own runtime, so that dropping it stops the live queries and frees the database.
async fn phase_one(db: String, n: usize, reuse: bool) -> PhaseOne {
    let store = app::store::Store::open(&app::store::DbSettings {
        url: db,
        username: None,
        password: None,
    })
    .await
    .expect("store");
    let plan = app::import::synthetic::plan(n, 42);
    let (cis, relations) = (plan.cis.len(), plan.relations.len());
    let import_time = if reuse {
        None
    } else {
        let actor = app::audit::server::Actor::system("Benchmark");
        let started = Instant::now();
        let report = app::import::server::commit(&store, &actor, plan, |_| {})
            .await
            .expect("import");
        println!(
            "imported {} CIs and {} relations",
            report.cis.writes(),
            report.relations.writes()
        );
        Some(started.elapsed())
    };
    let changes = app::live::server::Changes::watch(&store);
    let started = Instant::now();
    let index = app::cmdb::server::ImpactIndex::start(&store, &changes)
        .await
        .expect("index");
    let index_time = started.elapsed();
    let core = id_of(&store, "synthetic:switch:0").await;
    let leaf = id_of(&store, "synthetic:vm:0").await;
    let core_reach = index
        .impact(std::slice::from_ref(&core), 1)
        .expect("impact")
        .total;
    let leaf_reach = index
        .impact(std::slice::from_ref(&leaf), 1)
        .expect("impact")
        .total;
    let core_samples = timed(|_| {
        let (index, core) = (index.clone(), core.clone());
        async move {
            index.impact(&[core], 1).expect("impact");
        }
    })
    .await;
    let leaf_samples = timed(|_| {
        let (index, leaf) = (index.clone(), leaf.clone());
        async move {
            index.impact(&[leaf], 1).expect("impact");
        }
    })
    .await;
    let service = id_of(&store, "synthetic:svc:0").await;
    let started = Instant::now();
    let map = index.map(&service, &[]).expect("map");
    let map_time = started.elapsed();
    PhaseOne {
        cis,
        relations,
        import_time,
        index_time,
        map_time,
        map_nodes: map.nodes.len(),
        core_reach,
        leaf_reach,
        core_samples,
        leaf_samples,
        leaf,
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("BENCH_CIS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // BENCH_REUSE=<dir> measures an estate a previous run imported, without importing.
    let reuse = std::env::var("BENCH_REUSE").ok();
    let dir = reuse
        .clone()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("trellis-bench-{}", std::process::id()))
        });
    let db = format!("surrealkv://{}", dir.display());
    println!("estate of {n} CIs in {db}");
    let first = {
        let db = db.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            let result = runtime.block_on(phase_one(db, n, reuse.is_some()));
            drop(runtime);
            result
        })
        .join()
        .expect("phase one")
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let PhaseOne {
        cis,
        relations,
        import_time,
        index_time,
        map_time,
        map_nodes,
        core_reach,
        leaf_reach,
        core_samples,
        leaf_samples,
        leaf,
    } = first;

    // Written now, so the in-memory figures survive if the HTTP phase cannot run.
    let early = [
        row(
            &format!("impact analysis in memory, core switch ({core_reach} CIs affected)"),
            core_samples.clone(),
            "p99 ≤ 20 ms",
        ),
        row(
            &format!("impact analysis in memory, leaf VM ({leaf_reach} affected)"),
            leaf_samples.clone(),
            "p99 ≤ 20 ms",
        ),
    ];
    let mut partial = format!(
        "# Benchmark results (in-memory phase)\n\n- date: {}\n- commit: {}\n- estate: {cis} CIs, {relations} relations\n- impact index build: {:.1} s; service map ({map_nodes} nodes) layout: {:.2} s\n- import: {}\n\n| Measurement ({RUNS} runs) | p50 | p95 | p99 | Goal |\n|---|---|---|---|---|\n",
        shell("date -u +%Y-%m-%dT%H:%MZ"),
        shell("git rev-parse --short HEAD"),
        index_time.as_secs_f64(),
        map_time.as_secs_f64(),
        import_time.map_or_else(|| "not measured in this run".to_owned(), |t| format!("{:.1} s", t.as_secs_f64())),
    );
    for r in &early {
        partial.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.what,
            ms(r.p50),
            ms(r.p95),
            ms(r.p99),
            r.goal
        ));
    }
    println!("{partial}");
    let results = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/results");
    std::fs::create_dir_all(results).expect("results dir");
    std::fs::write(format!("{results}/latest.md"), &partial).expect("write latest");

    // 3. The real server over HTTP: list pages and search.
    let config = server::Config::parse_from([
        "trellis",
        "--addr",
        "127.0.0.1:0",
        "--db",
        &db,
        "--no-demo",
        "--admin-email",
        "bench@trellis.local",
        "--admin-password",
        "benchmark-password",
    ]);
    let router = server::app(&config).await.expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve")
    });
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let call = |endpoint: &str, form: Vec<(String, String)>| {
        client
            .post(format!("{base}/api/{endpoint}"))
            .header("origin", &base)
            .form(&form)
            .send()
    };
    let login = call(
        "auth/login",
        vec![
            ("email".into(), "bench@trellis.local".into()),
            ("password".into(), "benchmark-password".into()),
            ("next".into(), "/".into()),
        ],
    )
    .await
    .expect("login");
    assert!(login.status().is_success(), "login: {}", login.status());
    let list_samples = timed(|i| {
        let request = call(
            "cmdb/list",
            vec![
                ("query[class]".into(), "virtual_machine".into()),
                ("query[sort]".into(), "criticality".into()),
                ("query[dir]".into(), "desc".into()),
                ("query[page]".into(), (1 + i % 20).to_string()),
            ],
        );
        async move {
            let response = request.await.expect("list");
            assert!(response.status().is_success());
            response.bytes().await.expect("body");
        }
    })
    .await;
    let search_samples = timed(|i| {
        let request = call(
            "cmdb/list",
            vec![("query[q]".into(), format!("vm-{:04}", i * 7 % 1000))],
        );
        async move {
            let response = request.await.expect("search");
            assert!(response.status().is_success());
            response.bytes().await.expect("body");
        }
    })
    .await;
    let leaf_http = timed(|_| {
        let request = call(
            "cmdb/impact",
            vec![("failed".into(), leaf.clone()), ("page".into(), "1".into())],
        );
        async move {
            let response = request.await.expect("impact");
            assert!(response.status().is_success());
            response.bytes().await.expect("body");
        }
    })
    .await;

    let rows = [
        row(
            &format!("impact analysis in memory, core switch ({core_reach} CIs affected)"),
            core_samples,
            "p99 ≤ 20 ms",
        ),
        row(
            &format!("impact analysis in memory, leaf VM ({leaf_reach} affected)"),
            leaf_samples,
            "p99 ≤ 20 ms",
        ),
        row(
            "impact analysis over HTTP, leaf VM",
            leaf_http,
            "p99 ≤ 20 ms",
        ),
        row(
            "CI list: class filter, sorted by criticality, 50 rows, HTTP",
            list_samples,
            "p95 ≤ 50 ms",
        ),
        row(
            "full-text search, 50 rows, HTTP",
            search_samples,
            "p95 ≤ 50 ms",
        ),
    ];
    let commit = shell("git rev-parse --short HEAD");
    let cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
    let date = shell("date -u +%Y-%m-%dT%H:%MZ");
    let mut out = format!(
        "# Benchmark results\n\n- date: {date}\n- commit: {commit}\n- machine: {} cores,{cpu}\n- estate: {cis} CIs, {relations} relations (synthetic, seed 42)\n- database: embedded SurrealKV on local disk, release build\n\n",
        shell("nproc")
    );
    out.push_str(&format!(
        "| Step | Time | Goal |\n|---|---|---|\n| import through the import path (check + batched commit with audit) | {} | ≤ 60 s |\n| impact index build from the store | {:.1} s | — |\n| service map of one service ({map_nodes} nodes) laid out on the server | {:.2} s | smooth at 1,000 nodes |\n\n",
        import_time.map_or_else(
            || "not measured (BENCH_REUSE)".to_owned(),
            |t| format!("{:.1} s ({:.0} rows/s)", t.as_secs_f64(), (cis + relations) as f64 / t.as_secs_f64())
        ),
        index_time.as_secs_f64(),
        map_time.as_secs_f64()
    ));
    out.push_str(&format!(
        "| Measurement ({RUNS} runs) | p50 | p95 | p99 | Goal |\n|---|---|---|---|---|\n"
    ));
    for r in &rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.what,
            ms(r.p50),
            ms(r.p95),
            ms(r.p99),
            r.goal
        ));
    }
    println!("{out}");
    std::fs::write(format!("{results}/latest.md"), &out).expect("write latest");
    let mut history = std::fs::read_to_string(format!("{results}/history.md"))
        .unwrap_or_else(|_| "# Benchmark history\n".into());
    history.push_str(&format!(
        "\n{date} {commit} N={cis}: import {}; impact core p99 {}; list p95 {}; search p95 {}\n",
        import_time.map_or_else(|| "-".to_owned(), |t| format!("{:.1} s", t.as_secs_f64())),
        ms(rows[0].p99),
        ms(rows[3].p95),
        ms(rows[4].p95)
    ));
    std::fs::write(format!("{results}/history.md"), history).expect("write history");
    if std::env::var("BENCH_REUSE").is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
