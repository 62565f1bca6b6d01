//! The command line's other jobs. `trellis import`: the browser's import, for large
//! migrations, sharing every step with the import page (the same planner, check and
//! commit). `trellis backup` and `trellis restore`: the database to and from a file.

use crate::config::{Config, ImportArgs};
use crate::StartError;
use app::audit::server::Actor;
use app::import::api::plan_of;
use app::import::plan::SourceFile;
use app::import::report::ImportReport;
use app::store::backup::{fingerprint, Fingerprint};
use app::store::{DbSettings, Store};
use std::path::Path;

fn settings(config: &Config) -> DbSettings {
    DbSettings {
        url: config.db.clone(),
        username: config.db_user.clone(),
        password: config.db_pass.clone(),
    }
}

/// Lets the embedded engine stop its background tasks before the runtime ends.
async fn close(store: Store) {
    drop(store);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

/// Prints `table rows checksum` per table, then the totals.
fn print(sums: &Fingerprint) {
    for (table, sum) in sums {
        println!("{table}\t{}\t{}", sum.rows, sum.checksum);
    }
    let rows: i64 = sums.values().map(|s| s.rows).sum();
    eprintln!("{} tables, {rows} records", sums.len());
}

/// Writes the database to `to`; stop the server first when the database is embedded.
pub async fn backup(config: &Config, to: &Path) -> Result<(), StartError> {
    let store = Store::open(&settings(config)).await?;
    store.backup(to).await?;
    print(&fingerprint(&store).await?);
    eprintln!("backed up to {}", to.display());
    close(store).await;
    Ok(())
}

/// Loads the backup `from` into the (empty) database of the configuration.
pub async fn restore(config: &Config, from: &Path) -> Result<(), StartError> {
    let store = Store::restore(&settings(config), from).await?;
    print(&fingerprint(&store).await?);
    eprintln!("restored from {}", from.display());
    close(store).await;
    Ok(())
}

/// Runs an import and prints its report; fails when anything is refused.
pub async fn import(config: &Config, args: &ImportArgs) -> Result<(), StartError> {
    let files = read_dir(args)?;
    let store = Store::open(&settings(config)).await?;
    let plan = match plan_of(&args.format, &files) {
        Ok(plan) => plan,
        Err(report) => return refuse(&report),
    };
    eprintln!("read {} files from {}", files.len(), args.dir.display());
    let report = if args.dry_run {
        app::import::server::check(&store, plan).await?.report
    } else {
        let actor = Actor::system("Command-line import");
        app::import::server::commit(&store, &actor, plan, |p| {
            if p.total > 0 {
                eprintln!("{}: {} of {}", p.phase, p.done, p.total);
            }
        })
        .await?
    };
    println!("{}", report.summary());
    close(store).await;
    if !report.can_commit() {
        return refuse(&report);
    }
    println!(
        "{}",
        if args.dry_run {
            "dry run: nothing was written"
        } else {
            "imported"
        }
    );
    Ok(())
}

fn read_dir(args: &ImportArgs) -> Result<Vec<SourceFile>, StartError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&args.dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(SourceFile {
                name,
                text: std::fs::read_to_string(&path)?,
            });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    if files.is_empty() {
        return Err(format!("no .csv files in {}", args.dir.display()).into());
    }
    Ok(files)
}

/// Prints what is wrong, row by row, and fails.
fn refuse(report: &ImportReport) -> Result<(), StartError> {
    for error in &report.errors {
        let column = error
            .column
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        println!(
            "{}:{}{column}: {}",
            error.at.file, error.at.line, error.message
        );
    }
    for row in report
        .rows
        .iter()
        .filter(|r| r.action == app::import::report::RowAction::Refused)
    {
        println!(
            "{}:{}: {} refused: {}",
            row.at.file, row.at.line, row.name, row.detail
        );
    }
    Err("the import was refused; nothing was written".into())
}
