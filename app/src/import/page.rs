//! The import pages, for the CMDB and for assets: pick files, check them (a dry run that
//! lists every row and what would happen to it), then import with a progress bar.

use super::api::{check_import, import_progress, start_import, FORMATS};
use super::plan::SourceFile;
use super::report::{ImportReport, Progress, RowAction};
use crate::auth::{Action, Can};
use crate::error::AppError;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

const CMDB_HELP: &str = "Headers are column labels and references are by name. Trellis CSV is what the inventory's Export writes (cis.csv), \
    plus relations.csv with Source, Relation and Target; assets.csv (the asset register's Export) may come along.";

const ASSET_HELP: &str = "assets.csv in the columns the asset register's Export writes; Checked out to and Book value are only for reading. \
    Assets are matched by tag; a row without a tag is a new asset and gets the next free one. The CI column names a CI, which may come in a cis.csv of the same import. \
    States change only by lifecycle moves, so a stored asset's State must stay as it is.";

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Import"/>
        <div class="breadcrumb"><A href="/cis" exact=true>"Configuration items"</A> " / import"</div>
        <div class="page-header"><h1>"Import CIs and relations"</h1></div>
        <Can action=Action::CmdbWrite>
            <Importer formats=FORMATS help=CMDB_HELP/>
        </Can>
    }
}

#[component]
pub fn AssetImportPage() -> impl IntoView {
    view! {
        <Title text="Import assets"/>
        <div class="breadcrumb"><A href="/assets" exact=true>"Assets"</A> " / import"</div>
        <div class="page-header"><h1>"Import assets"</h1></div>
        <Can action=Action::AssetWrite>
            <Importer formats=&FORMATS[..1] help=ASSET_HELP/>
        </Can>
    }
}

/// The files chosen in the browser, read as text.
async fn read_files(input: web_sys::HtmlInputElement) -> Result<Vec<SourceFile>, String> {
    let list = input.files().ok_or("Choose the files to import.")?;
    let mut files = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|_| format!("{} could not be read.", file.name()))?;
        files.push(SourceFile {
            name: file.name(),
            text: text.as_string().unwrap_or_default(),
        });
    }
    if files.is_empty() {
        return Err("Choose the files to import.".into());
    }
    Ok(files)
}

/// Waits in the browser without blocking it.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
fn Importer(formats: &'static [(&'static str, &'static str)], help: &'static str) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let format = RwSignal::new(formats[0].0.to_owned());
    let report = RwSignal::new(None::<ImportReport>);
    let progress = RwSignal::new(None::<Progress>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let files = RwSignal::new(Vec::<SourceFile>::new());

    let check = move |_| {
        let Some(element) = input.get() else { return };
        busy.set(true);
        problem.set(None);
        progress.set(None);
        leptos::task::spawn_local(async move {
            match read_files(element).await {
                Ok(read) => {
                    files.set(read.clone());
                    match check_import(format.get_untracked(), read).await {
                        Ok(found) => report.set(Some(found)),
                        Err(error) => problem.set(Some(error.to_string())),
                    }
                }
                Err(message) => problem.set(Some(message)),
            }
            busy.set(false);
        });
    };
    let commit = move |_| {
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            match start_import(format.get_untracked(), files.get_untracked()).await {
                Ok(job) => follow(job, progress, report, problem).await,
                Err(error) => problem.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="import-files">
            <h2 id="import-files">"Files"</h2>
            <p class="muted">
                {help} " "
                "Check first: nothing is written until you import, and an import with any refused row writes nothing. "
                "Importing the same files again updates what changed and leaves the rest alone."
            </p>
            <div class="form-grid">
                <div class="field">
                    <label for="import-format">"Format"</label>
                    <select id="import-format" on:change=move |ev| format.set(event_target_value(&ev))>
                        {formats.iter().map(|(key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="import-input">"CSV files"</label>
                    <input id="import-input" type="file" multiple=true accept=".csv,text/csv" node_ref=input
                        on:change=move |_| { report.set(None); progress.set(None); }/>
                </div>
            </div>
            <div class="form-actions">
                <button class="btn" on:click=check disabled=move || busy.get()>"Check files"</button>
                {move || report.get().filter(|r| r.can_commit() && !r.committed).map(|r| {
                    let label = format!("Import {}", r.writes());
                    view! { <button class="btn btn-primary" on:click=commit disabled=move || busy.get()>{label}</button> }
                })}
            </div>
            {move || problem.get().map(|p| view! { <p class="alert tone-critical" role="alert">{p}</p> })}
            {move || progress.get().map(|p| view! { <ProgressBar progress=p/> })}
        </section>
        {move || report.get().map(|report| view! { <ReportView report/> })}
    }
}

/// Polls a running import until it ends, showing its progress.
async fn follow(
    job: String,
    progress: RwSignal<Option<Progress>>,
    report: RwSignal<Option<ImportReport>>,
    problem: RwSignal<Option<String>>,
) {
    loop {
        match import_progress(job.clone()).await {
            Ok(now) => {
                let outcome = now.outcome.clone();
                progress.set(Some(now));
                match outcome {
                    Some(Ok(done)) => return report.set(Some(done)),
                    Some(Err(message)) => return problem.set(Some(message)),
                    None => pause(300).await,
                }
            }
            Err(AppError::NotFound(_)) => {
                return problem.set(Some("The import was lost; check the files again.".into()))
            }
            Err(_) => pause(1000).await,
        }
    }
}

#[component]
fn ProgressBar(progress: Progress) -> impl IntoView {
    let percent = progress
        .done
        .saturating_mul(100)
        .checked_div(progress.total)
        .unwrap_or(0);
    view! {
        <div class="progress-line">
            <label for="import-progress">{format!("{} · {} of {}", progress.phase, progress.done, progress.total)}</label>
            <progress id="import-progress" max=progress.total.max(1) value=progress.done>{format!("{percent}%")}</progress>
        </div>
    }
}

#[component]
fn ReportView(report: ImportReport) -> impl IntoView {
    let title = if report.committed {
        "Imported"
    } else {
        "Check"
    };
    let verdict = if report.committed {
        "Done. Everything below is in Trellis now."
    } else if report.can_commit() {
        "Nothing is wrong: import when ready."
    } else {
        "Some rows are refused. Fix the files and check again; nothing is imported until then."
    };
    let files: Vec<String> = report
        .files
        .iter()
        .map(|(f, n)| format!("{f}: {n} rows"))
        .collect();
    let tally = |what: &str, t: &super::report::Tally| {
        format!(
            "{what}: {} create, {} update, {} unchanged, {} refused",
            t.create, t.update, t.unchanged, t.refused
        )
    };
    view! {
        <section class="panel" aria-labelledby="report-title">
            <h2 id="report-title">{title}</h2>
            <p role="status">{verdict}</p>
            <ul class="plain">
                <li>{files.join(" · ")}</li>
                {[("CIs", report.cis), ("Relations", report.relations), ("Assets", report.assets)]
                    .into_iter()
                    .filter(|(_, t)| t.total() > 0)
                    .map(|(what, t)| view! { <li>{tally(what, &t)}</li> })
                    .collect_view()}
                {(!report.new_teams.is_empty()).then(|| view! {
                    <li>{format!("New owner teams: {}", report.new_teams.join(", "))}</li>
                })}
                <li>{format!("Skipped on purpose: {}", report.skipped.len())}</li>
            </ul>
            {(!report.errors.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="data" aria-label="Problems in the files">
                        <thead><tr><th scope="col">"File"</th><th scope="col" class="num">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                        <tbody>
                            {report.errors.iter().map(|e| view! {
                                <tr>
                                    <td>{e.at.file.clone()}</td>
                                    <td class="num">{e.at.line}</td>
                                    <td>{e.column.clone().unwrap_or_default()}</td>
                                    <td>{e.message.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!report.rows.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="data" aria-label="Rows">
                        <thead><tr><th scope="col">"File"</th><th scope="col" class="num">"Line"</th><th scope="col">"Kind"</th><th scope="col">"Name"</th><th scope="col">"Action"</th><th scope="col">"Detail"</th></tr></thead>
                        <tbody>
                            {report.rows.iter().map(|r| {
                                let tone = match r.action {
                                    RowAction::Refused => "tone-critical",
                                    RowAction::Create | RowAction::Update => "tone-ok",
                                    RowAction::Unchanged => "tone-unknown",
                                };
                                view! {
                                    <tr>
                                        <td>{r.at.file.clone()}</td>
                                        <td class="num">{r.at.line}</td>
                                        <td>{r.kind.clone()}</td>
                                        <td>{r.name.clone()}</td>
                                        <td><span class=format!("status {tone}")>{r.action.label()}</span></td>
                                        <td>{r.detail.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
