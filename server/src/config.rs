//! Settings, from the command line or the environment. `.env.sample` lists them all.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Import CIs and relations from files, as the browser's import page does.
    Import(ImportArgs),
    /// Write the whole database to a SurrealQL file, and print each table's fingerprint.
    Backup {
        /// The file to write, e.g. `trellis-2026-12-01.surql`.
        #[arg(long)]
        to: PathBuf,
    },
    /// Load a backup into an empty database, and print each table's fingerprint.
    Restore {
        /// The file `trellis backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The folder holding the CSV files, e.g. a NetBox export set.
    #[arg(long)]
    pub dir: PathBuf,
    /// The files' format.
    #[arg(long, default_value = "netbox")]
    pub format: String,
    /// Only check: report what would be created, updated or refused, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

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

    /// The address people use to reach Trellis, e.g. `https://trellis.example.com`.
    /// With https, the session cookie is `__Host-` prefixed and Secure. Plain http is
    /// accepted only for loopback addresses (development).
    #[arg(long, env = "TRELLIS_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Email of the first admin, created when there are no users.
    #[arg(long, env = "TRELLIS_ADMIN_EMAIL")]
    pub admin_email: Option<String>,

    /// Password of the first admin. Without it, one is generated and logged once.
    #[arg(long, env = "TRELLIS_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Sign-in attempts allowed per account per minute; each client address gets six
    /// times as many.
    #[arg(long, env = "TRELLIS_LOGIN_LIMIT", default_value_t = 5)]
    pub login_limit: u32,

    /// How new asset tags are made: a prefix and a `#` per digit, e.g. `A###` gives A001,
    /// A002, ...; `LAP-#####` gives LAP-00001.
    #[arg(long, env = "TRELLIS_ASSET_TAGS", default_value = "A###")]
    pub asset_tags: app::assets::tags::TagPattern,

    /// The month (1 to 12) a fiscal year starts in; book values are offered at its end.
    #[arg(long, env = "TRELLIS_FISCAL_YEAR_START", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=12))]
    pub fiscal_year_start: u32,

    /// Incident priority by impact (rows: High, Medium, Low) and urgency (columns), rows
    /// separated by `/`.
    #[arg(
        long,
        env = "TRELLIS_PRIORITY_MATRIX",
        default_value = "1 2 3 / 2 3 4 / 3 4 5"
    )]
    pub priority_matrix: app::tickets::priority::Matrix,

    /// Resolve an incident monitoring raised once all its alerts have resolved (by default
    /// a work note says so and a person resolves it).
    #[arg(long, env = "TRELLIS_INCIDENT_AUTO_RESOLVE")]
    pub incident_auto_resolve: bool,

    /// SMTP server for notification email, e.g. `smtps://user:pass@mail.example.com` or
    /// `smtp://localhost:25` (`?tls=required` for STARTTLS). Without it, notifications
    /// stay in the bell.
    #[arg(long, env = "TRELLIS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of notification email.
    #[arg(
        long,
        env = "TRELLIS_SMTP_FROM",
        default_value = "Trellis <trellis@localhost>"
    )]
    pub smtp_from: String,

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

    /// What to do; without one, Trellis serves.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Config {
    /// Whether browsers reach Trellis over https, so cookies must be Secure. Refuses
    /// plain http on anything but a loopback address.
    pub fn https(&self) -> Result<bool, String> {
        let Some(url) = &self.public_url else {
            return Ok(false);
        };
        let uri: axum::http::Uri = url
            .parse()
            .map_err(|_| format!("TRELLIS_PUBLIC_URL is not a URL: {url}"))?;
        match (uri.scheme_str(), uri.host()) {
            (Some("https"), Some(_)) => Ok(true),
            (Some("http"), Some(host)) if is_loopback(host) => Ok(false),
            (Some("http"), Some(_)) => Err(format!(
                "TRELLIS_PUBLIC_URL {url} is plain http on a non-local host; serve Trellis over https"
            )),
            _ => Err(format!("TRELLIS_PUBLIC_URL must be an http(s) URL: {url}")),
        }
    }

    /// A throwaway instance on a free port with an in-memory database.
    pub fn for_tests() -> Self {
        Config::parse_from(["trellis", "--addr", "127.0.0.1:0", "--db", "mem://"])
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Config {
        let mut config = Config::for_tests();
        config.public_url = Some(url.into());
        config
    }

    #[test]
    fn https_means_secure_cookies() {
        assert_eq!(with_url("https://trellis.example.com").https(), Ok(true));
        assert_eq!(Config::for_tests().https(), Ok(false));
    }

    #[test]
    fn plain_http_is_only_for_loopback() {
        assert_eq!(with_url("http://127.0.0.1:3000").https(), Ok(false));
        assert_eq!(with_url("http://localhost:3000").https(), Ok(false));
        assert!(with_url("http://trellis.example.com").https().is_err());
        assert!(with_url("ftp://x").https().is_err());
    }
}
