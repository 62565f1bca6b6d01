//! Backups: what `trellis backup` writes, `trellis restore` loads into an empty database
//! with every table's rows and content as they were; a database in use is never
//! restored over.

use app::store::backup::{fingerprint, RestoreError};
use app::store::{DbSettings, Store};
use std::path::PathBuf;

fn settings(url: String) -> DbSettings {
    DbSettings {
        url,
        username: None,
        password: None,
    }
}

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("trellis-{name}-{}-{nanos}", std::process::id()))
}

#[tokio::test]
async fn a_restore_holds_exactly_what_was_backed_up() {
    let store = Store::open(&settings("mem://".into())).await.unwrap();
    assert!(store.seed_demo().await.unwrap());
    let before = fingerprint(&store).await.unwrap();
    assert!(before["ci"].rows >= 10, "{:?}", before["ci"]);
    assert!(before["rel"].rows >= 10, "{:?}", before["rel"]);
    let file = scratch("backup.surql");
    store.backup(&file).await.unwrap();

    let restored = Store::restore(&settings("mem://".into()), &file)
        .await
        .unwrap();
    let after = fingerprint(&restored).await.unwrap();
    for (table, sum) in &before {
        assert_eq!(after.get(table), Some(sum), "table {table}");
    }
    assert_eq!(after.len(), before.len());
    // The graph survives as a graph: what the Web Server carries is still related to it.
    let mut response = restored
        .db()
        .query("SELECT VALUE name FROM ci:web_server<-rel<-ci ORDER BY name")
        .await
        .unwrap();
    let carried: Vec<String> = response.take(0).unwrap();
    assert!(!carried.is_empty());

    // Restoring over a database that is in use is refused, and leaves it as it was.
    let dir = scratch("kv");
    let url = format!("surrealkv://{}", dir.display());
    let used = Store::open(&settings(url.clone())).await.unwrap();
    drop(used);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    match Store::restore(&settings(url), &file).await {
        Err(RestoreError::NotEmpty(tables)) => assert!(tables > 10),
        Err(other) => panic!("not refused as in use: {other}"),
        Ok(_) => panic!("restored over a database in use"),
    }
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir_all(&dir);
}
