//! The real binary on an on-disk database, killed with SIGKILL as a crash would: writes it
//! acknowledged are there after the restart, even when the kill tore the last record of
//! the write-ahead log (a SurrealKV fault, patched in `vendor/surrealkv`: PATCHES.md).

use crate::helpers::{ci_form, client, TestApp, DEMO_PASSWORD};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// SurrealKV's log format: 32 KiB blocks of records, each with a 7-byte header
/// (CRC-32 of type and data, length, type).
const BLOCK: usize = 32 * 1024;
const HEADER: usize = 7;
const FULL: u8 = 1;
const FIRST: u8 = 2;

struct Trellis {
    child: Child,
    app: TestApp,
}

impl Trellis {
    async fn start(dir: &Path) -> Trellis {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
            .env("TRELLIS_ADDR", "127.0.0.1:0")
            .env("TRELLIS_DB", format!("surrealkv://{}", dir.display()))
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                let (_, rest) = line.split_once("listening on ")?;
                Some(
                    rest.chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect::<String>(),
                )
            })
            .expect("the server says where it listens");
        std::thread::spawn(move || lines.for_each(drop));
        let app = TestApp {
            base,
            client: client(),
        };
        while app
            .client
            .get(format!("{}/readyz", app.base))
            .send()
            .await
            .map(|r| r.status())
            .ok()
            != Some(reqwest::StatusCode::OK)
        {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        app.login("alice@demo.trellis", DEMO_PASSWORD).await;
        Trellis { child, app }
    }

    async fn create(&self, name: &str) -> String {
        let response = self
            .app
            .call("cmdb/create", &ci_form(&[("input[name]", name)]))
            .await;
        assert_eq!(response.status(), 200, "create {name}");
        let created: serde_json::Value = response.json().await.unwrap();
        created["id"].as_str().unwrap().to_owned()
    }

    async fn has(&self, id: &str) -> bool {
        self.app.call("cmdb/get", &[("id", id)]).await.status() == 200
    }

    /// SIGKILL, as a crash would.
    fn kill(self) {}
}

impl Drop for Trellis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The log segment written last.
fn last_segment(dir: &Path) -> PathBuf {
    let mut segments: Vec<PathBuf> = std::fs::read_dir(dir.join("wal"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "wal"))
        .filter(|path| path.metadata().unwrap().len() > 0)
        .collect();
    segments.sort();
    segments.pop().expect("a log segment with records")
}

fn record(kind: u8, length: usize, data: &[u8]) -> Vec<u8> {
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[kind]);
    crc.update(data);
    let mut bytes = crc.finalize().to_be_bytes().to_vec();
    bytes.extend((length as u16).to_be_bytes());
    bytes.push(kind);
    bytes.extend(data);
    bytes
}

/// Appends what a kill in the middle of writing a record leaves behind.
fn tear(dir: &Path, at_block_end: bool) {
    let segment = last_segment(dir);
    let mut left = BLOCK - segment.metadata().unwrap().len() as usize % BLOCK;
    let mut tail = Vec::new();
    if left <= HEADER {
        tail.resize(left, 0);
        left = BLOCK;
    }
    if at_block_end {
        // The first part of a record that spans blocks, and nothing after it.
        let data = vec![b'z'; left - HEADER];
        tail.extend(record(FIRST, data.len(), &data));
    } else {
        // A record whose data stops short of the length its header gives.
        tail.extend(record(FULL, 1000, b"cut short"));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(segment)
        .unwrap();
    std::io::Write::write_all(&mut file, &tail).unwrap();
}

async fn writes_survive_a_torn_log(at_block_end: bool) {
    let dir = std::env::temp_dir().join(format!(
        "trellis-crash-{}-{at_block_end}",
        std::process::id()
    ));
    let trellis = Trellis::start(&dir).await;
    let before = trellis.create("before-the-crash").await;
    trellis.kill();
    tear(&dir, at_block_end);

    let trellis = Trellis::start(&dir).await;
    assert!(trellis.has(&before).await);
    let after = trellis.create("after-the-crash").await;
    trellis.kill();

    let trellis = Trellis::start(&dir).await;
    assert!(trellis.has(&before).await);
    assert!(
        trellis.has(&after).await,
        "a write acknowledged after a crash is still there after the next one"
    );
    trellis.kill();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn writes_survive_a_kill_that_tore_a_record() {
    writes_survive_a_torn_log(false).await;
}

#[tokio::test]
async fn writes_survive_a_kill_that_tore_a_record_at_a_block_end() {
    writes_survive_a_torn_log(true).await;
}
