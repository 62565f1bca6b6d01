//! Impact analysis and what-if: pick the CIs that fail and see every affected service and
//! CI, nearest first, each with the path that explains it. The failed set is in the URL.

use super::picker::CiPicker;
use crate::cmdb::api::{impact_of, needs_of};
use crate::cmdb::domain::CiLink;
use crate::cmdb::relations::{Affected, AffectedPage, Impact, PathStep};
use crate::live::Live;
use crate::ui::{ErrorNotice, StatusBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The pages shown of affected services, affected CIs and needed CIs, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shown {
    services: usize,
    cis: usize,
    needs: usize,
}

fn href(failed: &[String]) -> String {
    format!("/impact?failed={}", failed.join(","))
}

fn href_at(failed: &[String], shown: Shown) -> String {
    format!(
        "{}&services_page={}&page={}&needs_page={}",
        href(failed),
        shown.services,
        shown.cis,
        shown.needs
    )
}

#[component]
pub fn ImpactPage() -> impl IntoView {
    let query = use_query_map();
    let failed = Memo::new(move |_| {
        query
            .read()
            .get("failed")
            .unwrap_or_default()
            .split(',')
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    let shown = Memo::new(move |_| {
        let page = |key: &str| {
            query
                .read()
                .get(key)
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
        };
        Shown {
            services: page("services_page"),
            cis: page("page"),
            needs: page("needs_page"),
        }
    });
    let live = expect_context::<Live>();
    let (cis, relations) = (live.of("ci"), live.of("rel"));
    let impact = Resource::new(
        move || (failed.get(), shown.get(), cis.get(), relations.get()),
        |(failed, shown, _, _)| impact_of(failed.join(","), shown.cis, shown.services),
    );
    let needs = Resource::new(
        move || (failed.get(), shown.get().needs, cis.get(), relations.get()),
        |(failed, page, _, _)| async move {
            match failed.as_slice() {
                [one] => needs_of(one.clone(), page).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    view! {
        <Title text="Impact analysis"/>
        <div class="page-header"><h1>"Impact analysis"</h1></div>
        <p class="muted">"What breaks if these fail? Add CIs to see the combined effect (what-if)."</p>
        <FailedPicker failed/>
        <Transition fallback=|| view! { <p class="muted">"Analysing…"</p> }>
            {move || Suspend::new(async move {
                match (impact.await, needs.await) {
                    (Ok(impact), Ok(needs)) => {
                        let (failed, shown) = (failed.get_untracked(), shown.get_untracked());
                        view! { <Results impact failed=failed.clone() shown/> <Needs needs failed shown/> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The failed CIs as removable chips, and a picker to add one.
#[component]
fn FailedPicker(failed: Memo<Vec<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<CiLink>::new());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = text.get_untracked();
        let picked = found
            .get_untracked()
            .into_iter()
            .find(|link| link.name.eq_ignore_ascii_case(typed.trim()));
        match picked {
            Some(link) => {
                let mut ids = failed.get_untracked();
                if !ids.contains(&link.id) {
                    ids.push(link.id);
                }
                problem.set(None);
                text.set(String::new());
                navigate(&href(&ids), Default::default());
            }
            None => problem.set(Some(format!(
                "There is no CI named \u{201c}{}\u{201d}.",
                typed.trim()
            ))),
        }
    };
    view! {
        <form class="filters" aria-label="Failed CIs" on:submit=add>
            <CiPicker id="failed-ci" name="ci" label="Add a failed CI" text found error=Signal::derive(move || problem.get())/>
            <div class="form-actions"><button type="submit" class="btn">"Add"</button></div>
        </form>
    }
}

#[component]
fn Results(impact: Impact, failed: Vec<String>, shown: Shown) -> impl IntoView {
    let services_pager = {
        let failed = failed.clone();
        pager(&impact.services, "Affected services pages", move |p| {
            href_at(
                &failed,
                Shown {
                    services: p,
                    ..shown
                },
            )
        })
    };
    let cis_pager = {
        let failed = failed.clone();
        pager(&impact.affected, "Affected CIs pages", move |p| {
            href_at(&failed, Shown { cis: p, ..shown })
        })
    };
    let (services, affected) = (impact.services, impact.affected);
    let starts = impact.starts;
    let nothing_failed = starts.is_empty();
    view! {
        <section class="panel" aria-labelledby="failed-title">
            <h2 id="failed-title">"Failed"</h2>
            <ul class="chips">
                {starts.into_iter().map(|ci| {
                    let rest: Vec<String> = failed.iter().filter(|id| **id != ci.id).cloned().collect();
                    let remove = format!("Remove {}", ci.name);
                    view! {
                        <li class="chip">
                            <StatusBadge tone=crate::status::Tone::Critical label="Failed"/>
                            <A href=format!("/cis/{}", ci.id)>{ci.name}</A>
                            <A href=href(&rest) attr:class="btn btn-icon" attr:aria-label=remove>"×"</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {nothing_failed.then(|| view! { <p class="muted">"Pick one or more CIs above."</p> })}
        </section>
        <section class="panel" aria-labelledby="services-title">
            <h2 id="services-title">{format!("Affected services ({})", services.total)}</h2>
            <AffectedTable label="Affected services" rows=services.rows empty="No business service is affected."/>
            {services_pager}
        </section>
        <section class="panel" aria-labelledby="cis-title">
            <h2 id="cis-title">{format!("Everything affected ({})", affected.total)}</h2>
            <AffectedTable label="Affected CIs" rows=affected.rows empty="Nothing else is affected."/>
            {cis_pager}
        </section>
    }
}

#[component]
fn AffectedTable(label: &'static str, rows: Vec<Affected>, empty: &'static str) -> impl IntoView {
    let none = rows.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label=label>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Class"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Criticality"</th>
                        <th scope="col" class="num">"Depth"</th>
                        <th scope="col">"Why"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|a| view! {
                        <tr>
                            <td><A href=format!("/cis/{}", a.ci.id)>{a.ci.name}</A></td>
                            <td>{a.ci.class_name}</td>
                            <td><StatusBadge tone=a.ci.status.tone() label=a.ci.status.label()/></td>
                            <td class="num">{a.ci.criticality}</td>
                            <td class="num">{a.depth}</td>
                            <td><Path from=a.from steps=a.path/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {none.then(|| view! { <p class="empty">{empty}</p> })}
        </div>
    }
}

/// `Web Server ← depends on ← Database`: read right to left, each CI relates to the one
/// before it as labelled.
#[component]
fn Path(from: PathStep, steps: Vec<PathStep>) -> impl IntoView {
    view! {
        <ol class="path">
            <li>{from.name}</li>
            {steps.into_iter().map(|step| view! {
                <li><span class="rel">{format!("← {} ←", step.relation)}</span> " " {step.name}</li>
            }).collect_view()}
        </ol>
    }
}

/// For a single CI: everything it needs, transitively (the dependency view).
#[component]
fn Needs(needs: Option<Impact>, failed: Vec<String>, shown: Shown) -> impl IntoView {
    needs.map(|needs| {
        let name = needs.starts.first().map(|c| c.name.clone()).unwrap_or_default();
        let pager = pager(&needs.affected, "Needed CIs pages", move |p| {
            href_at(&failed, Shown { needs: p, ..shown })
        });
        let needed = needs.affected;
        view! {
            <section class="panel" aria-labelledby="needs-title">
                <h2 id="needs-title">{format!("What {name} needs ({})", needed.total)}</h2>
                <AffectedTable label="Needed CIs" rows=needed.rows empty="It needs nothing recorded."/>
                {pager}
            </section>
        }
    })
}

/// Previous and next links under a long list of affected CIs; nothing for one page.
fn pager(
    list: &AffectedPage,
    label: &'static str,
    link: impl Fn(usize) -> String,
) -> Option<impl IntoView> {
    let (page, pages) = (list.page, list.page_count());
    let first = AffectedPage::skip(page) + 1;
    let last = first + list.rows.len() - 1;
    let total = list.total;
    (pages > 1).then(|| {
        view! {
            <div class="table-footer">
                <span>{format!("{first}–{last} of {total}")}</span>
                <nav class="pager" aria-label=label>
                    {(page > 1).then(|| view! { <A href=link(page - 1)>"← Previous"</A> })}
                    <span>{format!("Page {page} of {pages}")}</span>
                    {(page < pages).then(|| view! { <A href=link(page + 1)>"Next →"</A> })}
                </nav>
            </div>
        }
    })
}
