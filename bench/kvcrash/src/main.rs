//! SurrealKV under SIGKILL: every commit made with `Durability::Immediate` and answered
//! `Ok` must be there when the database is opened again.
//!
//! `kvcrash [KILLS]` runs a writer process (4 tasks committing records of four 1.5 KiB
//! keys into a 1 MiB memtable, so memtables rotate every few hundred commits), kills it
//! at a random moment, opens the database in a checker process (which exits without
//! closing, so every check is a recovery from the log), and repeats.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};
use surrealkv::{Durability, Tree, TreeBuilder};

const MEMTABLE: usize = 1 << 20;

fn open(dir: &str) -> Tree {
    TreeBuilder::new()
        .with_path(dir.into())
        .with_max_memtable_size(MEMTABLE)
        .build()
        .expect("open")
}

fn keys(record: &str) -> impl Iterator<Item = Vec<u8>> + '_ {
    (0..4).map(move |part| format!("{record}/{part}").into_bytes())
}

async fn write(dir: &str, run: u32) {
    let tree = std::sync::Arc::new(open(dir));
    let writers: Vec<_> = (0..4)
        .map(|task| {
            let tree = tree.clone();
            tokio::spawn(async move {
                for n in 0u64.. {
                    let record = format!("r{run:03}-t{task}-{n:08}");
                    let mut tx = tree.begin().expect("begin");
                    tx.set_durability(Durability::Immediate);
                    for key in keys(&record) {
                        tx.set(key, vec![b'v'; 1500]).expect("set");
                    }
                    tx.commit().await.expect("commit");
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "{record}")
                        .and_then(|()| out.flush())
                        .expect("stdout");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer");
    }
}

/// Reads acknowledged records from stdin and prints how many keys are missing.
fn check(dir: &str) {
    let tree = open(dir);
    let tx = tree.begin().expect("begin");
    let mut missing = 0;
    for record in std::io::stdin().lock().lines() {
        let record = record.expect("stdin");
        for key in keys(&record) {
            if tx.get(key).expect("get").is_none() {
                missing += 1;
                eprintln!("missing {record}");
            }
        }
    }
    println!("{missing}");
    // No close: the next open recovers from the log, as after a crash.
    std::process::exit(0);
}

fn drive(kills: u32) -> bool {
    let me = std::env::current_exe().expect("exe");
    let dir = std::env::temp_dir().join(format!("kvcrash-{}", std::process::id()));
    let dir = dir.to_str().expect("utf-8 path").to_owned();
    let mut acknowledged: Vec<String> = Vec::new();
    for run in 1..=kills {
        let mut writer = Command::new(&me)
            .args(["write", &dir, &run.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("writer");
        let out = BufReader::new(writer.stdout.take().expect("stdout"));
        let reader = std::thread::spawn(move || out.lines().map_while(Result::ok).collect());
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        std::thread::sleep(Duration::from_millis(300 + u64::from(nanos % 1700)));
        writer.kill().expect("kill");
        writer.wait().expect("wait");
        let written: Vec<String> = reader.join().expect("reader");
        acknowledged.extend(written);
        let mut checker = Command::new(&me)
            .args(["check", &dir])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("checker");
        let mut stdin = checker.stdin.take().expect("stdin");
        for record in &acknowledged {
            writeln!(stdin, "{record}").expect("to checker");
        }
        drop(stdin);
        let output = checker.wait_with_output().expect("checker");
        let missing: u64 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("count");
        println!(
            "kill {run}: {} acknowledged commits in all, {missing} keys missing",
            acknowledged.len()
        );
        if missing > 0 {
            println!("kept the database for a look: {dir}");
            return false;
        }
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
    true
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("write") => write(&args[2], args[3].parse().expect("run")).await,
        Some("check") => check(&args[2]),
        kills => {
            let kills = kills.map_or(20, |k| k.parse().expect("number of kills"));
            std::process::exit(if drive(kills) { 0 } else { 1 });
        }
    }
}
