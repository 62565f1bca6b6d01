//! `make bench`: a synthetic estate (100k CIs by default, `BENCH_CIS` to change) loaded
//! through the real import path into the embedded SurrealKV database of a running
//! server, then impact analysis, list pages, search and updates measured through that
//! server over HTTP, as a browser would. Results go to `bench/results/latest.md` and
//! `history.md`.

mod compare;
mod http;
mod live;
mod measure;
mod monitoring;

use app::cmdb::relations::ImpactPages;
use clap::Parser;
use http::Browser;
use measure::{ms, row, timed, Report};
use std::time::{Duration, Instant};

const FIRST: ImpactPages = ImpactPages::FIRST;
const EMAIL: &str = "bench@trellis.local";
const PASSWORD: &str = "benchmark-password";

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

/// A count from the environment, for smaller runs while working on the benchmark.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Marks the start of a step, so a long run shows where it is (and a profiler can be
/// pointed at one step).
fn phase(name: &str) {
    eprintln!("bench: {name}");
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// mimalloc instead of glibc's malloc, whose free lists took a third of the time of
/// saves and alert ingestion under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    // A log as the server has one (the import's phase times, for one, with RUST_LOG=info).
    // Without any, SurrealDB's trace spans format every key they are given.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let n = setting("BENCH_CIS", 100_000);
    // BENCH_REUSE=<dir> keeps the estate in <dir>: the first run imports it, later runs
    // measure it without importing again.
    let keep = std::env::var("BENCH_REUSE")
        .ok()
        .map(std::path::PathBuf::from);
    let reuse = keep.as_ref().filter(|dir| dir.exists());
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("trellis-bench-{}", std::process::id()))
    });
    let db = format!("surrealkv://{}", dir.display());
    println!("estate of {n} CIs in {db}");
    let config = server::Config::parse_from([
        "trellis",
        "--addr",
        "127.0.0.1:0",
        "--db",
        &db,
        "--no-demo",
        "--admin-email",
        EMAIL,
        "--admin-password",
        PASSWORD,
    ]);
    let (router, state) = server::start(&config).await.expect("server");
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
    let (store, index) = (state.store.clone(), state.impact.clone());

    // 1. Import through the import path, as the import page and `trellis import` do.
    phase("import");
    let plan = app::import::synthetic::plan(n, 42);
    let (cis, relations) = (plan.cis.len(), plan.relations.len());
    // The same graph for the floor and for PostgreSQL, before the import takes the plan.
    let adjacency = compare::Adjacency::of(&plan);
    let postgres = compare::Postgres::start().map(|pg| {
        let loaded = pg.load(&plan);
        (pg, loaded)
    });
    let mut changes = state.changes.subscribe();
    let import_time = if reuse.is_some() {
        None
    } else {
        let actor = app::audit::server::Actor::system("Benchmark");
        let started = Instant::now();
        app::import::server::commit(&store, &actor, plan, |_| {})
            .await
            .expect("import");
        Some(started.elapsed())
    };
    println!("imported in {import_time:?}");

    // 2. The impact index, in memory. The import's last change notifications may still be
    // arriving, and the server's own index follows them; timing starts once they stop.
    phase("impact index");
    quiet(&mut changes, Duration::from_secs(3)).await;
    // Waits for a reload of the server's own still in progress; the second is timed.
    index.rebuild(&store).await.expect("index");
    let started = Instant::now();
    index.rebuild(&store).await.expect("index");
    let index_time = started.elapsed();
    let core = id_of(&store, "synthetic:switch:0").await;
    let leaf = id_of(&store, "synthetic:host:0").await;
    let core_reach = index
        .impact(std::slice::from_ref(&core), FIRST)
        .expect("impact")
        .affected
        .total;
    let leaf_reach = index
        .impact(std::slice::from_ref(&leaf), FIRST)
        .expect("impact")
        .affected
        .total;
    let in_memory = |id: String| {
        let index = index.clone();
        timed(move |_| {
            let (index, id) = (index.clone(), id.clone());
            async move {
                index.impact(&[id], FIRST).expect("impact");
            }
        })
    };
    let core_memory = in_memory(core.clone()).await;
    let leaf_memory = in_memory(leaf.clone()).await;
    let service = id_of(&store, "synthetic:svc:0").await;
    let started = Instant::now();
    let map = index.map(&service, &[]).expect("map");
    let map_first = started.elapsed();
    let started = Instant::now();
    index.map(&service, &[]).expect("map");
    let map_again = started.elapsed();

    // Side by side: the in-memory floor and PostgreSQL's recursive CTE, same starts.
    let (leaf_key, core_key) = ("synthetic:host:0", "synthetic:switch:0");
    let (leaf_floor, leaf_floor_reach) = adjacency.timed(leaf_key);
    let (core_floor, core_floor_reach) = adjacency.timed(core_key);
    let postgres = postgres.map(|(pg, loaded)| {
        let (leaf, leaf_reach) = pg.impact(leaf_key);
        let (core, core_reach) = pg.impact(core_key);
        (loaded, leaf, leaf_reach, core, core_reach)
    });

    // 3. Over HTTP, signed in.
    phase("impact, lists and search over HTTP");
    let browser = Browser::sign_in(&base, EMAIL, PASSWORD).await;
    let over_http = |endpoint: &'static str, failed: String| {
        let browser = browser.clone();
        timed(move |_| {
            let (browser, failed) = (browser.clone(), failed.clone());
            async move {
                browser
                    .fetch(
                        endpoint,
                        &[("failed", &failed), ("page", "1"), ("services_page", "1")],
                    )
                    .await;
            }
        })
    };
    let core_http = over_http("cmdb/impact", core.clone()).await;
    let leaf_http = over_http("cmdb/impact", leaf.clone()).await;
    let list_page = |query: &'static str| {
        let browser = browser.clone();
        timed(move |i| {
            let browser = browser.clone();
            async move {
                browser
                    .page(&format!("/cis?{query}&page={}", 1 + i % 20))
                    .await;
            }
        })
    };
    let list_ascending = list_page("class=virtual_machine&sort=criticality").await;
    let list_descending = list_page("class=virtual_machine&sort=criticality&dir=desc").await;
    let list_everything = list_page("sort=name&dir=desc").await;
    let list_filtered =
        list_page("environment=production&status=active&sort=updated&dir=desc").await;
    let vms = n * 15 / 100;
    let search_page = timed(|i| {
        let browser = browser.clone();
        async move {
            browser
                .page(&format!("/cis?q=vm-{:06}", i * 37 % vms.max(1)))
                .await;
        }
    })
    .await;
    let search_words = timed(|i| {
        let browser = browser.clone();
        async move {
            browser
                .page(&format!("/cis?q=zone{}+database", i % 12))
                .await;
        }
    })
    .await;

    // 4. Durable updates: concurrent editors, each saving CIs of their own.
    const EDITORS: usize = 8;
    // More per editor (BENCH_SAVES) for a profile of saves; the live step's CIs follow.
    let saves = setting("BENCH_SAVES", 50);
    let mut targets = Vec::new();
    for i in 0..EDITORS * saves {
        targets.push(id_of(&store, &format!("synthetic:vm:{}", i + 1)).await);
    }
    let mut cis_before = Vec::new();
    for id in &targets {
        cis_before.push(browser.ci(id).await);
    }
    phase("durable saves");
    let started = Instant::now();
    let mut editors = Vec::new();
    for chunk in cis_before.chunks(saves) {
        let (browser, chunk) = (browser.clone(), chunk.to_vec());
        editors.push(tokio::spawn(async move {
            for ci in chunk {
                browser.touch(&ci, ci.version, "benchmark update").await;
            }
        }));
    }
    for editor in editors {
        editor.await.expect("editor");
    }
    let update_time = started.elapsed();
    let updates_per_s = (EDITORS * saves) as f64 / update_time.as_secs_f64();

    // 5. Live updates: a save, until another tab's change stream has it.
    phase("live updates");
    let mut watched = Vec::new();
    for i in 0..measure::RUNS {
        let id = id_of(&store, &format!("synthetic:vm:{}", EDITORS * saves + i + 1)).await;
        watched.push(browser.ci(&id).await);
    }
    let live_latency = live::latency(&browser, watched).await;

    // 6. Alertmanager deliveries, firing and then resolving.
    phase("alert ingestion");
    let alerts = monitoring::ingestion(&base, &store, setting("BENCH_ALERTS", 20_000), vms).await;
    let alerts_per_s = |d: Duration| alerts.alerts as f64 / d.as_secs_f64();

    // 7. Checks on the scheduler, one per VM.
    phase("check scheduler");
    let checks = setting("BENCH_CHECKS", 5_000);
    let mut check_cis = Vec::with_capacity(checks);
    for i in 0..checks.min(vms) {
        check_cis.push(id_of(&store, &format!("synthetic:vm:{}", i + 1)).await);
    }
    let window = Duration::from_secs(setting("BENCH_CHECK_WINDOW_S", 150) as u64);
    let scheduling = monitoring::scheduling(&store, &check_cis, 60, window).await;

    let rows = [
        row(&format!("impact analysis in memory, deep CI: a host ({leaf_reach} CIs affected)"), leaf_memory, "p99 ≤ 20 ms"),
        row(&format!("impact analysis in memory, core switch ({core_reach} CIs affected; first 100 services and first 100 CIs, each explained)"), core_memory, "p99 ≤ 20 ms"),
        row("impact analysis over HTTP, deep CI: a host", leaf_http, "p99 ≤ 20 ms"),
        row("impact analysis over HTTP, core switch", core_http, "p99 ≤ 20 ms"),
        row("CI list page (SSR, HTML): class filter, by criticality ascending, 50 rows, pages 1–20", list_ascending, "p95 ≤ 50 ms"),
        row("CI list page (SSR, HTML): class filter, by criticality descending, 50 rows, pages 1–20", list_descending, "p95 ≤ 50 ms"),
        row(&format!("CI list page (SSR, HTML): all {cis} CIs, by name descending, 50 rows, pages 1–20"), list_everything, "p95 ≤ 50 ms"),
        row("CI list page (SSR, HTML): environment and status filters, by last update descending, pages 1–20", list_filtered, "p95 ≤ 50 ms"),

        row("search page (SSR, HTML): one CI by name", search_page, "p95 ≤ 50 ms"),
        row("search page (SSR, HTML): two words, many matches", search_words, "p95 ≤ 50 ms"),
        row("live update: a CI saved over HTTP until another tab's change stream has it", live_latency, "p95 ≤ 1 s"),
        row(&format!("Alertmanager delivery of 10 alerts, {} senders, until stored", 16), alerts.deliveries.clone(), "—"),
        row(&format!("time between two runs of one check ({} checks every 60 s)", scheduling.checks), scheduling.gaps.clone(), "≈ 60 s"),
    ];
    let mut compared = vec![
        row(&format!("floor: breadth-first search in memory over the same adjacency, a host ({leaf_floor_reach} CIs reached)"), leaf_floor, "—"),
        row(&format!("floor: the same from the core switch ({core_floor_reach} CIs reached)"), core_floor, "—"),
    ];
    let pg_step = match &postgres {
        Ok((loaded, leaf, leaf_reach, core, core_reach)) => {
            compared.push(row(&format!("PostgreSQL 15, recursive CTE over a relation table (the better of two plans), a host ({leaf_reach} CIs reached)"), leaf.clone(), "—"));
            compared.push(row(
                &format!("PostgreSQL 15, the same from the core switch ({core_reach} CIs reached)"),
                core.clone(),
                "—",
            ));
            secs(*loaded)
        }
        Err(why) => format!("not measured: {why}"),
    };
    let mut report = Report::new(cis, relations);
    report.steps(&[
        (
            format!("import of {cis} CIs and {relations} relations through the import path (check, then batched transactions with audit rows)"),
            import_time.map_or_else(
                || "not measured (BENCH_REUSE)".to_owned(),
                |t| format!("{} ({:.0} rows/s)", secs(t), (cis + relations) as f64 / t.as_secs_f64()),
            ),
            "≤ 60 s".into(),
        ),
        ("impact index load from the store".into(), secs(index_time), "—".into()),
        ("PostgreSQL 15 for the comparison: the same CIs and relations by COPY, indexed and analysed".into(), pg_step, "—".into()),
        (
            format!("service map of one service ({} nodes): first layout, then from the cache", map.nodes.len()),
            format!("{} / {}", secs(map_first), ms(map_again)),
            "smooth at 1,000 nodes".into(),
        ),
        (
            format!("durable CI saves over HTTP ({EDITORS} editors × {saves}, each with audit row and version check)"),
            format!("{updates_per_s:.0} saves/s"),
            "≥ 1,000/s".into(),
        ),
        (
            format!("Alertmanager ingestion through the webhook: {} alerts firing, then resolving", alerts.alerts),
            format!(
                "{:.0} / {:.0} alerts/s; {} stored, {} still firing (lost: {})",
                alerts_per_s(alerts.firing),
                alerts_per_s(alerts.resolving),
                alerts.stored,
                alerts.still_firing,
                alerts.alerts.saturating_sub(alerts.stored),
            ),
            "≥ 1,000 alerts/s, none lost".into(),
        ),
        (
            format!("{} TCP checks every 60 s on the scheduler, over {}", scheduling.checks, secs(scheduling.window)),
            format!("{} runs stored; {} checks ran less often than every 60 s", scheduling.runs, scheduling.behind),
            "no check falls behind".into(),
        ),
    ]);
    report.rows(&rows);
    report.rows(&compared);
    report.ratios(&rows[0], &rows[1], &compared);
    println!("{}", report.text);
    report.save(&format!(
        "N={cis}: import {}; impact host p99 {}; impact core p99 {}; list asc/desc/all/filtered p95 {} / {} / {} / {}; search name/words p95 {} / {}; saves {updates_per_s:.0}/s; live p95 {}; alerts {:.0}/s; checks behind {}/{}",
        import_time.map_or_else(|| "-".to_owned(), secs),
        ms(rows[0].p99),
        ms(rows[1].p99),
        ms(rows[4].p95),
        ms(rows[5].p95),
        ms(rows[6].p95),
        ms(rows[7].p95),
        ms(rows[8].p95),
        ms(rows[9].p95),
        ms(rows[10].p95),
        alerts_per_s(alerts.firing),
        scheduling.behind,
        scheduling.checks,
    ));
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Waits until `changes` has been silent for `quiet`.
async fn quiet(changes: &mut tokio::sync::broadcast::Receiver<app::live::Change>, quiet: Duration) {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        match tokio::time::timeout(quiet, changes.recv()).await {
            Err(_) | Ok(Err(RecvError::Closed)) => return,
            Ok(Ok(_) | Err(RecvError::Lagged(_))) => {}
        }
    }
}
