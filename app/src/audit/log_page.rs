//! The audit log of every record, for admins: filter by person, table, record and
//! days. The filters live in the URL, so a filtered view can be bookmarked and shared.

use super::api::audit_log;
use super::domain::AuditEntry;
use super::log::{record_href, AuditFilter, LogEntry, LogPage, AUDITED, LOG_PAGE_SIZE};
use crate::live::Live;
use crate::people::AdminNav;
use crate::ui::{field_errors, ErrorNotice, SelectField, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        AuditFilter {
            who: get("who"),
            table: get("table"),
            record: get("record"),
            from: get("from"),
            to: get("to"),
            page: get("page").parse().unwrap_or(1),
        }
    });
    let changes = expect_context::<Live>().of("audit");
    let log = Resource::new(
        move || (filter.get(), changes.get()),
        |(filter, _)| audit_log(filter),
    );
    let errors = field_errors(Signal::derive(move || log.get()));
    let error = move |field: &'static str| {
        Signal::derive(move || errors.get().and_then(|e| e.get(field).map(str::to_owned)))
    };
    let tables: Vec<(String, String)> = AUDITED
        .iter()
        .map(|(name, label, _)| ((*name).to_owned(), (*label).to_owned()))
        .collect();
    let now = filter.get_untracked();
    view! {
        <Title text="Audit log"/>
        <div class="page-header"><h1>"Administration"</h1></div>
        <AdminNav/>
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Filter the audit log">
            <TextField id="audit-who" name="who" label="Who" value=now.who kind="search" error=error("who")/>
            <SelectField id="audit-table" name="table" label="Table" options=tables selected=now.table
                placeholder="Any table" error=error("table")/>
            <TextField id="audit-record" name="record" label="Record id" value=now.record error=error("record")/>
            <TextField id="audit-from" name="from" label="From" kind="date" value=now.from error=error("from")/>
            <TextField id="audit-to" name="to" label="To" kind="date" value=now.to error=error("to")/>
            <div class="form-actions"><button type="submit" class="btn">"Filter"</button></div>
        </Form>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(page) => view! { <LogTable page filter=filter.get_untracked()/> }.into_any(),
                    Err(crate::error::AppError::Validation(_)) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LogTable(page: LogPage, filter: AuditFilter) -> impl IntoView {
    let pages = u32::try_from(page.total.div_ceil(u64::from(LOG_PAGE_SIZE)))
        .unwrap_or(1)
        .max(1);
    let link = move |to: u32| {
        let query = serde_urlencoded::to_string(AuditFilter {
            page: to,
            ..filter.clone()
        })
        .unwrap_or_default();
        format!("/admin/audit?{query}")
    };
    let current = page.page;
    let empty = page.entries.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Audit log">
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Did"</th>
                        <th scope="col">"Record"</th>
                        <th scope="col">"Changes"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.entries.into_iter().map(|entry| view! { <LogRow entry/> }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="empty">"No changes match these filters."</p> })}
        </div>
        <div class="table-footer">
            <span>{if page.total == 1 { "1 change".to_owned() } else { format!("{} changes", page.total) }}</span>
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <A href=link(current - 1)>"← Newer"</A> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <A href=link(current + 1)>"Older →"</A> })}
            </nav>
        </div>
    }
}

#[component]
fn LogRow(entry: LogEntry) -> impl IntoView {
    let LogEntry {
        table,
        record,
        label,
        entry,
    } = entry;
    let AuditEntry {
        at,
        actor_name,
        action,
        request_id,
        changes,
    } = entry;
    let kind = AUDITED
        .iter()
        .find(|(name, _, _)| *name == table)
        .map_or(table.clone(), |(_, label, _)| (*label).to_owned());
    let name = label.unwrap_or_else(|| record.clone());
    let fields: Vec<String> = changes.into_iter().map(|c| c.field).collect();
    view! {
        <tr>
            <td class="muted" title=format!("request {request_id}")>{at}</td>
            <td>{actor_name}</td>
            <td>{action}</td>
            <td>
                <span class="muted">{kind} " · "</span>
                {match record_href(&table, &record) {
                    Some(href) => view! { <A href=href>{name}</A> }.into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                }}
            </td>
            <td>{fields.join(", ")}</td>
        </tr>
    }
}
