//! The benchmark's synthetic estate, small, through the import path and the impact index.

use crate::helpers::spawn_app;
use app::cmdb::relations::ImpactPages;

/// The benchmark's estate, small: it imports through the same path, with batches written
/// at once, and a failure of a core switch reaches services. `make bench` runs it at 100k.
#[tokio::test]
async fn a_synthetic_estate_imports_and_a_core_switch_reaches_services() {
    let app = spawn_app().await;
    let store = app::store::Store::open(&app::store::DbSettings {
        url: "mem://".into(),
        username: None,
        password: None,
    })
    .await
    .unwrap();
    let plan = app::import::synthetic::plan(600, 42);
    let cis = plan.cis.len();
    let relations = plan.relations.len();
    assert!(relations > 2000, "{relations} relations: not two batches");
    let actor = app::audit::server::Actor::system("Benchmark");
    let report = app::import::server::commit(&store, &actor, plan, |_| {})
        .await
        .unwrap();
    assert_eq!(report.cis.create, cis);
    assert_eq!(report.relations.create, relations);
    let mut response = store
        .db()
        .query("RETURN count(SELECT id FROM ci)")
        .query("RETURN count(SELECT id FROM rel)")
        .await
        .unwrap();
    let stored: (Option<usize>, Option<usize>) =
        (response.take(0).unwrap(), response.take(1).unwrap());
    assert_eq!(stored, (Some(cis), Some(relations)));
    let changes = app::live::server::Changes::watch(&store);
    let index = app::cmdb::server::ImpactIndex::start(&store, &changes)
        .await
        .unwrap();
    let mut response = store
        .db()
        .query("SELECT VALUE record::id(id) FROM ci WHERE source_key = 'synthetic:switch:0'")
        .await
        .unwrap();
    let core: Vec<String> = response.take(0).unwrap();
    let impact = index.impact(&core, ImpactPages::FIRST).unwrap();
    assert!(
        impact.services.total > 1,
        "{} services",
        impact.services.total
    );
    let affected = &impact.affected;
    assert!(affected.total > 150, "{} affected", affected.total);
    assert_eq!(affected.rows.len(), 100);
    let second = index
        .impact(
            &core,
            ImpactPages {
                cis: 2,
                ..ImpactPages::FIRST
            },
        )
        .unwrap()
        .affected;
    assert_eq!(second.page, 2);
    assert!(second.rows[0].depth >= affected.rows[99].depth);
    assert!(!affected
        .rows
        .iter()
        .any(|a| a.ci.id == second.rows[0].ci.id));

    // Another node's writes reach this index through the change stream.
    let services = |index: &app::cmdb::server::ImpactIndex| {
        let impact = index.impact(&core, ImpactPages::FIRST).unwrap();
        impact
            .services
            .rows
            .iter()
            .map(|s| s.ci.name.clone())
            .collect::<Vec<_>>()
    };
    let first = impact.services.rows[0].ci.id.clone();
    store
        .db()
        .query("UPDATE type::record('ci', $id) SET name = 'Renamed elsewhere'")
        .bind(("id", first.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    eventually(|| services(&index).contains(&"Renamed elsewhere".to_owned())).await;
    // Deleted elsewhere: its last write is the one the index holds, and it still goes.
    store
        .db()
        .query("DELETE type::record('ci', $id)")
        .bind(("id", first))
        .await
        .unwrap()
        .check()
        .unwrap();
    eventually(|| !services(&index).contains(&"Renamed elsewhere".to_owned())).await;
    store
        .db()
        .query("DELETE rel WHERE in = type::record('ci', $id) OR out = type::record('ci', $id)")
        .bind(("id", core[0].clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    eventually(|| {
        index
            .impact(&core, ImpactPages::FIRST)
            .unwrap()
            .affected
            .total
            == 0
    })
    .await;
    drop(app);
}

/// Waits up to ten seconds for `done`.
async fn eventually(done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the change did not arrive within ten seconds");
}
