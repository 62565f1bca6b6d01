//! `trellis import`: the browser's import, from the command line, for large migrations.
//! It shares every step with the import page: the same planner, check and commit.

use crate::config::{Config, ImportArgs};
use crate::StartError;
use app::audit::server::Actor;
use app::import::api::plan_of;
use app::import::plan::SourceFile;
use app::import::report::ImportReport;
use app::store::{DbSettings, Store};

/// Runs an import and prints its report; fails when anything is refused.
pub async fn import(config: &Config, args: &ImportArgs) -> Result<(), StartError> {
    let files = read_dir(args)?;
    let store = Store::open(&DbSettings {
        url: config.db.clone(),
        username: config.db_user.clone(),
        password: config.db_pass.clone(),
    })
    .await?;
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
    // Let the embedded engine stop its background tasks before the runtime ends.
    drop(store);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
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
