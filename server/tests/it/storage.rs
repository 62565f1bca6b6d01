use app::store::{DbSettings, Store, MIGRATIONS};
use std::sync::atomic::{AtomicU32, Ordering};

fn temp_db() -> (std::path::PathBuf, DbSettings) {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "trellis-it-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let url = format!("surrealkv://{}", dir.display());
    (
        dir,
        DbSettings {
            url,
            username: None,
            password: None,
        },
    )
}

/// The embedded engine releases its file lock in a background task after the last
/// handle is dropped, so a reopen in the same process may briefly find it locked.
async fn reopen(settings: &DbSettings) -> Store {
    for _ in 0..50 {
        match Store::open(settings).await {
            Ok(store) => return store,
            Err(error) if error.message().contains("locked") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(error) => panic!("reopen failed: {error}"),
        }
    }
    panic!("the database stayed locked");
}

#[tokio::test]
async fn data_survives_a_restart_and_migrations_run_once() {
    let (dir, settings) = temp_db();
    {
        let store = Store::open(&settings).await.unwrap();
        assert!(
            store.seed_demo().await.unwrap(),
            "an empty database gets the demo"
        );
    }
    let store = reopen(&settings).await;
    assert!(!store.seed_demo().await.unwrap(), "the demo is loaded once");
    let mut response = store
        .db()
        .query("SELECT VALUE name FROM migration ORDER BY name")
        .await
        .unwrap();
    let applied: Vec<String> = response.take(0).unwrap();
    let expected: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(applied, expected);
    let mut response = store
        .db()
        .query("SELECT VALUE name FROM ci WHERE id = ci:database")
        .await
        .unwrap();
    let names: Vec<String> = response.take(0).unwrap();
    assert_eq!(names, vec!["Database".to_owned()]);
    drop(store);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn no_demo_leaves_the_database_empty() {
    let mut config = server::Config::for_tests();
    config.no_demo = true;
    config.admin_email = Some("admin@example.com".into());
    config.admin_password = Some("a long admin password".into());
    let app = crate::helpers::spawn_with(config).await;
    app.login("admin@example.com", "a long admin password")
        .await;
    let html = app.page("/cis").await;
    assert!(html.contains("No configuration items yet"));
}
