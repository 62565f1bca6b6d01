//! Server functions for importing: check (the dry run), start, and follow the progress.

use super::plan::SourceFile;
use super::report::{ImportReport, Progress};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The formats Trellis reads: key and label.
pub const FORMATS: &[(&str, &str)] = &[
    (
        "trellis",
        "Trellis CSV (cis.csv and relations.csv, as the inventory exports)",
    ),
    ("netbox", "NetBox CSV export (sites, racks, devices, …)"),
];

/// The plan of an import, or the report listing what is wrong with its input.
#[cfg(feature = "ssr")]
pub fn plan_of(format: &str, files: &[SourceFile]) -> Result<super::plan::Plan, Box<ImportReport>> {
    let result = match format {
        "trellis" => super::native::plan(files),
        "netbox" => super::netbox::plan(files),
        other => {
            return Err(Box::new(ImportReport {
                errors: vec![super::plan::RowError {
                    at: super::plan::RowRef {
                        file: String::new(),
                        line: 0,
                    },
                    column: None,
                    message: format!("Trellis cannot read the format \u{201c}{other}\u{201d}."),
                }],
                ..ImportReport::default()
            }))
        }
    };
    result.map_err(|errors| {
        Box::new(ImportReport {
            errors,
            files: files
                .iter()
                .map(|f| (f.name.clone(), f.text.lines().count().saturating_sub(1)))
                .collect(),
            ..ImportReport::default()
        })
    })
}

/// What importing these files would do, row by row. Writes nothing.
#[server(prefix = "/api", endpoint = "import/check", input = Json)]
pub async fn check_import(
    format: String,
    files: Vec<SourceFile>,
) -> Result<ImportReport, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let store = crate::store::use_store()?;
    let result = match plan_of(&format, &files) {
        Ok(plan) => super::server::check(&store, plan)
            .await
            .map(|checked| checked.report),
        Err(report) => Ok(*report),
    };
    crate::http::respond(result)
}

/// Starts importing these files; returns the job to follow with [`import_progress`].
#[server(prefix = "/api", endpoint = "import/start", input = Json)]
pub async fn start_import(format: String, files: Vec<SourceFile>) -> Result<String, AppError> {
    let user = crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let jobs = use_context::<super::jobs::ImportJobs>()
        .ok_or_else(|| AppError::Internal(crate::store::reference()))?;
    let result = match plan_of(&format, &files) {
        Ok(plan) => {
            crate::cmdb::server::use_index().map(|index| jobs.start(store, index, actor, plan))
        }
        Err(report) => Err(crate::error::FieldErrors::single(
            "files",
            format!(
                "{} problems in the files; check them first.",
                report.errors.len()
            ),
        )),
    };
    crate::http::respond(result)
}

#[server(prefix = "/api", endpoint = "import/progress")]
pub async fn import_progress(job: String) -> Result<Progress, AppError> {
    crate::auth::server::authorize(crate::auth::Action::CmdbWrite).await?;
    let jobs = use_context::<super::jobs::ImportJobs>()
        .ok_or_else(|| AppError::Internal(crate::store::reference()))?;
    crate::http::respond(
        jobs.get(&job)
            .ok_or_else(|| AppError::NotFound("This import".into())),
    )
}
