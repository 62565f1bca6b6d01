//! A guard against SurrealKV 0.21 losing acknowledged writes after a crash.
//!
//! SurrealKV opens its write-ahead log for appending to the last segment *before* it
//! replays it. When a kill left a torn record at the end of that segment, the replay
//! "repairs" the segment by writing a clean copy and renaming it over the old one, but
//! the log stays open on the old, now deleted file: everything written until the next
//! restart is gone after it. A torn record that ends exactly on a block boundary is
//! worse: it is read as a clean end, new records are appended after it, and the repair
//! at the next restart cuts them all off. Both leave the writes of one whole run of the
//! server missing. Starting a new, empty segment before SurrealKV opens the database
//! keeps every new write out of a segment that may be repaired.

use std::fs::{self, File};
use std::io::{self, ErrorKind};
use std::path::Path;

/// For a `surrealkv://` database whose last log segment holds data, creates the next,
/// empty segment, which SurrealKV then writes to. Other databases are left alone.
pub fn start_new_segment(url: &str) -> io::Result<()> {
    let Some(path) = url.strip_prefix("surrealkv://") else {
        return Ok(());
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let dir = Path::new(path).join("wal");
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let mut last: Option<(u64, u64)> = None;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(number) = name
            .to_str()
            .and_then(|name| name.strip_suffix(".wal"))
            .and_then(|number| number.parse::<u64>().ok())
        else {
            continue;
        };
        if last.is_none_or(|(highest, _)| number > highest) {
            last = Some((number, entry.metadata()?.len()));
        }
    }
    if let Some((number, len)) = last.filter(|&(_, len)| len > 0) {
        File::create_new(dir.join(format!("{:020}.wal", number + 1)))?.sync_all()?;
        File::open(&dir)?.sync_all()?;
        tracing::debug!(
            segment = number + 1,
            after = len,
            "started a new log segment"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn database() -> std::path::PathBuf {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "trellis-wal-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(dir.join("wal")).unwrap();
        dir
    }

    fn segments(dir: &Path) -> Vec<(String, u64)> {
        let mut names: Vec<_> = fs::read_dir(dir.join("wal"))
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                let name = entry.file_name().into_string().unwrap();
                (name, entry.metadata().unwrap().len())
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_go_to_a_new_segment_after_one_with_data() {
        let dir = database();
        fs::write(dir.join("wal/00000000000000000000.wal"), b"old").unwrap();
        fs::write(dir.join("wal/00000000000000000009.wal"), b"records").unwrap();
        fs::write(dir.join("wal/00000000000000000009.wal.repair"), b"").unwrap();
        start_new_segment(&format!("surrealkv://{}?sync=every", dir.display())).unwrap();
        let names = segments(&dir);
        assert_eq!(names.len(), 4);
        assert_eq!(names[3], ("00000000000000000010.wal".to_owned(), 0));
        assert_eq!(names[1].1, 7, "the old segment is untouched");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_empty_last_segment_is_used_as_it_is() {
        let dir = database();
        fs::write(dir.join("wal/00000000000000000003.wal"), b"records").unwrap();
        fs::write(dir.join("wal/00000000000000000004.wal"), b"").unwrap();
        start_new_segment(&format!("surrealkv://{}", dir.display())).unwrap();
        assert_eq!(segments(&dir).len(), 2);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn new_and_other_databases_are_left_alone() {
        let dir = std::env::temp_dir().join(format!("trellis-wal-none-{}", std::process::id()));
        start_new_segment(&format!("surrealkv://{}", dir.display())).unwrap();
        assert!(
            !dir.exists(),
            "a database that does not exist yet is not created"
        );
        start_new_segment("mem://").unwrap();
        start_new_segment("ws://localhost:8000").unwrap();
    }
}
