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

/// Signed in, and allowed to write what `plan` writes; before a plan is read, allowed to
/// write CIs or assets at all.
#[cfg(feature = "ssr")]
async fn authorize(plan: Option<&super::plan::Plan>) -> Result<crate::auth::CurrentUser, AppError> {
    use crate::auth::Action;
    let user = crate::auth::server::authorize_signed_in().await?;
    let needs = plan.map(super::plan::Plan::needs).unwrap_or_default();
    let allowed = if needs.is_empty() {
        user.can(Action::CmdbWrite) || user.can(Action::AssetWrite)
    } else {
        needs.iter().all(|action| user.can(*action))
    };
    if allowed {
        Ok(user)
    } else {
        tracing::warn!(user = %user.id, ?needs, "import refused");
        crate::http::respond(Err(AppError::Forbidden(
            "Your role does not allow importing this.".into(),
        )))
    }
}

/// The plan of an import, or the report listing what is wrong with its input.
#[cfg(feature = "ssr")]
pub fn plan_of(format: &str, files: &[SourceFile]) -> Result<super::plan::Plan, Box<ImportReport>> {
    let mut result = match format {
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
    if let (Ok(plan), Ok(pattern)) = (&mut result, crate::assets::server::use_tag_pattern()) {
        plan.asset_tags = pattern;
    }
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
    authorize(None).await?;
    let store = crate::store::use_store()?;
    let result = match plan_of(&format, &files) {
        Ok(plan) => {
            authorize(Some(&plan)).await?;
            super::server::check(&store, plan)
                .await
                .map(|checked| checked.report)
        }
        Err(report) => Ok(*report),
    };
    crate::http::respond(result)
}

/// Starts importing these files; returns the job to follow with [`import_progress`].
#[server(prefix = "/api", endpoint = "import/start", input = Json)]
pub async fn start_import(format: String, files: Vec<SourceFile>) -> Result<String, AppError> {
    let user = authorize(None).await?;
    let actor = crate::audit::server::Actor::of(&user).await;
    let store = crate::store::use_store()?;
    let jobs = use_context::<super::jobs::ImportJobs>()
        .ok_or_else(|| AppError::Internal(crate::store::reference()))?;
    let result = match plan_of(&format, &files) {
        Ok(plan) => {
            authorize(Some(&plan)).await?;
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
    authorize(None).await?;
    let jobs = use_context::<super::jobs::ImportJobs>()
        .ok_or_else(|| AppError::Internal(crate::store::reference()))?;
    crate::http::respond(
        jobs.get(&job)
            .ok_or_else(|| AppError::NotFound("This import".into())),
    )
}
