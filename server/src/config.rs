//! Settings, from the command line or the environment. `.env.sample` lists them all.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(name = "trellis", version, about = "Trellis IT service management")]
pub struct Config {
    /// Address to listen on. Port 0 picks a free port.
    #[arg(long, env = "TRELLIS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Database: `surrealkv://PATH` (embedded, on disk), `mem://` (embedded, throwaway)
    /// or `ws://HOST:PORT` / `wss://HOST:PORT` (a SurrealDB 3 server).
    #[arg(long, env = "TRELLIS_DB", default_value = "surrealkv://./data/trellis")]
    pub db: String,

    /// Root user of a remote SurrealDB server.
    #[arg(long, env = "TRELLIS_DB_USER")]
    pub db_user: Option<String>,

    /// Password of that user.
    #[arg(long, env = "TRELLIS_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,

    /// Do not load the demo estate into an empty database.
    #[arg(long, env = "TRELLIS_NO_DEMO")]
    pub no_demo: bool,

    /// Where the built site (wasm, JavaScript, CSS, static files) is.
    #[arg(long, env = "TRELLIS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Log filter in `tracing` syntax, e.g. `info` or `warn,server=debug`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,

    /// Log as JSON lines instead of text.
    #[arg(long, env = "TRELLIS_LOG_JSON")]
    pub log_json: bool,
}

impl Config {
    /// A throwaway instance on a free port with an in-memory database.
    pub fn for_tests() -> Self {
        Config::parse_from(["trellis", "--addr", "127.0.0.1:0", "--db", "mem://"])
    }
}
