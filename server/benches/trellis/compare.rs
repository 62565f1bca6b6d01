//! Side by side on the same graph. PostgreSQL 15 with the relational schema peers such as
//! GLPI and iTop use (a CI table and a relation table), answering impact analysis with a
//! recursive CTE, started by the benchmark in a temporary directory on its own socket and
//! stopped afterwards; and a plain breadth-first search over the same adjacency in memory,
//! the floor no index can beat.

use app::import::plan::Plan;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How failure travels along a relation type: (to the source, to the target too).
fn propagation(kind: &str) -> (bool, bool) {
    match kind {
        "connected_to" => (true, true),
        "located_in" | "backed_up_by" => (false, false),
        _ => (true, false),
    }
}

/// The graph as integers: for each CI, the CIs a failure of it reaches directly.
pub struct Adjacency {
    ids: HashMap<String, usize>,
    reaches: Vec<Vec<usize>>,
}

impl Adjacency {
    pub fn of(plan: &Plan) -> Adjacency {
        let ids: HashMap<String, usize> = plan
            .cis
            .iter()
            .enumerate()
            .map(|(i, ci)| (ci.key.clone(), i))
            .collect();
        let mut reaches = vec![Vec::new(); plan.cis.len()];
        for r in &plan.relations {
            let (Some(&source), Some(&target)) = (ids.get(&r.source), ids.get(&r.target)) else {
                continue;
            };
            let (to_source, both) = propagation(&r.kind);
            if to_source {
                reaches[target].push(source);
            }
            if both {
                reaches[source].push(target);
            }
        }
        Adjacency { ids, reaches }
    }

    /// How many CIs a failure of `key` reaches, itself included.
    pub fn reach(&self, key: &str, seen: &mut Vec<bool>, queue: &mut VecDeque<usize>) -> usize {
        seen.clear();
        seen.resize(self.reaches.len(), false);
        queue.clear();
        let start = self.ids[key];
        seen[start] = true;
        queue.push_back(start);
        let mut count = 0;
        while let Some(at) = queue.pop_front() {
            count += 1;
            for &next in &self.reaches[at] {
                if !seen[next] {
                    seen[next] = true;
                    queue.push_back(next);
                }
            }
        }
        count
    }

    /// [`crate::measure::RUNS`] timed searches from `key`, and the CIs reached.
    pub fn timed(&self, key: &str) -> (Vec<Duration>, usize) {
        let (mut seen, mut queue) = (Vec::new(), VecDeque::new());
        let mut reached = 0;
        let samples = (0..crate::measure::RUNS)
            .map(|_| {
                let started = Instant::now();
                reached = std::hint::black_box(self.reach(key, &mut seen, &mut queue));
                started.elapsed()
            })
            .collect();
        (samples, reached)
    }
}

/// A throwaway PostgreSQL cluster, listening only on a socket in its own directory.
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    /// initdb and the server refuse to run as root; as root they run as `postgres`.
    as_postgres: bool,
}

const PORT: &str = "54329";

impl Postgres {
    /// Starts one, or says why it could not.
    pub fn start() -> Result<Postgres, String> {
        let bin = ["/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin"]
            .iter()
            .map(PathBuf::from)
            .find(|b| b.join("initdb").exists())
            .ok_or("PostgreSQL 15 is not installed (apt-get install postgresql-15)")?;
        let dir = std::env::temp_dir().join(format!("trellis-bench-pg-{}", std::process::id()));
        let data = dir.join("data");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let pg = Postgres {
            dir,
            bin,
            as_postgres,
        };
        pg.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-A",
                "trust",
                "-U",
                "bench",
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-p {PORT} -k {} -c listen_addresses='' -c shared_buffers=512MB -c work_mem=64MB",
            pg.dir.display()
        );
        pg.run(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-o",
                &options,
                "-l",
                &pg.dir.join("log").to_string_lossy(),
                "-w",
                "start",
            ],
        )?;
        Ok(pg)
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        if self.as_postgres {
            let _ = Command::new("chown")
                .args(["-R", "postgres", &self.dir.to_string_lossy()])
                .status();
        }
        let done = self
            .command(program)
            .args(args)
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        if done.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program}: {}",
                String::from_utf8_lossy(&done.stderr)
            ))
        }
    }

    /// Runs SQL through psql and answers what it printed. With `data`, the SQL is one
    /// `COPY ... FROM STDIN` and the data its rows; without, the SQL is read from standard
    /// input, where `:'name'` stands for the variable `name` of `vars`, quoted by psql.
    fn psql(&self, sql: &str, data: Option<String>, vars: &[(&str, &str)]) -> String {
        let done = self.try_psql(sql, data, vars);
        assert!(
            done.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        String::from_utf8_lossy(&done.stdout).trim().to_owned()
    }

    /// [`Self::psql`], with the output as it came, failed or not.
    fn try_psql(
        &self,
        sql: &str,
        data: Option<String>,
        vars: &[(&str, &str)],
    ) -> std::process::Output {
        let mut command = self.command("psql");
        command
            .args([
                "-h",
                &self.dir.to_string_lossy(),
                "-p",
                PORT,
                "-U",
                "bench",
                "-d",
                "postgres",
            ])
            .args(["-v", "ON_ERROR_STOP=1", "-At"]);
        for (name, value) in vars {
            command.arg("-v").arg(format!("{name}={value}"));
        }
        let input = match data {
            Some(rows) => {
                command.args(["-c", sql]);
                rows
            }
            None => sql.to_owned(),
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("psql");
        let mut stdin = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let done = child.wait_with_output().expect("psql output");
        writer.join().expect("writer");
        done
    }

    /// Loads the plan: CIs and relations with their propagation, as a peer's schema keeps
    /// them, indexed for the walk. Answers how long it took.
    pub fn load(&self, plan: &Plan) -> Duration {
        let started = Instant::now();
        self.psql(
            "CREATE TABLE ci (id int PRIMARY KEY, key text UNIQUE NOT NULL, name text NOT NULL, class text NOT NULL); \
             CREATE TABLE relation (source int NOT NULL REFERENCES ci, target int NOT NULL REFERENCES ci, \
               kind text NOT NULL, to_source bool NOT NULL, both_ways bool NOT NULL);",
            None,
            &[],
        );
        let ids: HashMap<&str, usize> = plan
            .cis
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect();
        let cis: String = plan
            .cis
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{i}\t{}\t{}\t{}\n", c.key, c.name, c.class))
            .collect();
        self.psql("COPY ci FROM STDIN", Some(cis), &[]);
        let relations: String = plan
            .relations
            .iter()
            .filter_map(|r| {
                let (source, target) = (ids.get(r.source.as_str())?, ids.get(r.target.as_str())?);
                let (to_source, both) = propagation(&r.kind);
                Some(format!(
                    "{source}\t{target}\t{}\t{to_source}\t{both}\n",
                    r.kind
                ))
            })
            .collect();
        self.psql("COPY relation FROM STDIN", Some(relations), &[]);
        self.psql(
            "CREATE INDEX relation_target ON relation (target) WHERE to_source; \
             CREATE INDEX relation_source ON relation (source) WHERE both_ways; \
             CREATE VIEW reaches (failed, affected) AS \
               SELECT target, source FROM relation WHERE to_source \
               UNION ALL SELECT source, target FROM relation WHERE both_ways; \
             ANALYZE;",
            None,
            &[],
        );
        started.elapsed()
    }

    /// [`crate::measure::RUNS`] timed impact walks from `key`, timed inside the server
    /// (no client round trip), and the CIs reached. PostgreSQL gets the better of two
    /// plans: its own choice (hash joins, which scan the relation table at every step)
    /// and nested loops over the indexes (good for a small reach).
    pub fn impact(&self, key: &str) -> (Vec<Duration>, usize) {
        self.psql(
            "CREATE OR REPLACE FUNCTION impact(start text) RETURNS bigint LANGUAGE sql STABLE AS $$ \
               WITH RECURSIVE affected(id) AS ( \
                 SELECT id FROM ci WHERE key = start \
                 UNION SELECT r.affected FROM reaches r JOIN affected a ON r.failed = a.id) \
               SELECT count(*) FROM affected $$; \
             CREATE OR REPLACE FUNCTION impact_nested(start text) RETURNS bigint LANGUAGE sql STABLE \
               SET enable_hashjoin = off SET enable_mergejoin = off AS $$ SELECT impact(start) $$; \
             CREATE OR REPLACE FUNCTION impact_runs(start text, runs int, nested bool) \
             RETURNS SETOF float8 LANGUAGE plpgsql AS $$ DECLARE t0 timestamptz; n bigint; BEGIN \
               FOR i IN 1..runs LOOP t0 := clock_timestamp(); \
                 n := CASE WHEN nested THEN impact_nested(start) ELSE impact(start) END; \
                 RETURN NEXT extract(epoch FROM clock_timestamp() - t0) * 1000; END LOOP; END $$;",
            None,
            &[],
        );
        let reached: usize = self
            .psql("SELECT impact(:'key');", None, &[("key", key)])
            .parse()
            .expect("count");
        let timed = |nested: &str, runs: usize| -> Vec<Duration> {
            let runs = runs.to_string();
            self.psql(
                "SELECT impact_runs(:'key', :'runs'::int, :'nested'::bool);",
                None,
                &[("key", key), ("runs", &runs), ("nested", nested)],
            )
            .lines()
            .map(|ms| Duration::from_secs_f64(ms.parse::<f64>().expect("ms") / 1000.0))
            .collect()
        };
        // One run of each picks the plan; nested loops get twice the time of PostgreSQL's
        // own plan, then give up (they take minutes from the core switch).
        let planned = timed("false", 1)[0];
        let timeout = (planned.as_millis() * 2 + 10).to_string();
        let trial = self.try_psql(
            "SET statement_timeout = :'timeout'; SELECT impact_runs(:'key', 1, true);",
            None,
            &[("key", key), ("timeout", &timeout)],
        );
        let nested_ms = String::from_utf8_lossy(&trial.stdout)
            .lines()
            .last()
            .and_then(|line| line.parse::<f64>().ok());
        let nested_wins = trial.status.success()
            && nested_ms.is_some_and(|ms| ms < planned.as_secs_f64() * 1000.0);
        let nested = if nested_wins { "true" } else { "false" };
        let best = timed(nested, crate::measure::RUNS);
        (best, reached)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run(
            "pg_ctl",
            &["-D", &data.to_string_lossy(), "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
