//! Schema migrations: `.surql` files applied once each, in order, recorded in `migration`.

use super::{checked, Db};

/// Every migration, in the order it runs. Append only: never edit one that has shipped.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_cmdb", include_str!("schema/0001_cmdb.surql")),
    (
        "0002_ci_classes",
        include_str!("schema/0002_ci_classes.surql"),
    ),
    ("0003_auth", include_str!("schema/0003_auth.surql")),
    ("0004_audit", include_str!("schema/0004_audit.surql")),
    (
        "0005_session_handles",
        include_str!("schema/0005_session_handles.surql"),
    ),
    ("0006_people", include_str!("schema/0006_people.surql")),
    (
        "0007_relations",
        include_str!("schema/0007_relations.surql"),
    ),
    (
        "0008_inventory",
        include_str!("schema/0008_inventory.surql"),
    ),
    (
        "0009_search_words",
        include_str!("schema/0009_search_words.surql"),
    ),
    (
        "0010_class_attributes",
        include_str!("schema/0010_class_attributes.surql"),
    ),
    (
        "0011_list_order",
        include_str!("schema/0011_list_order.surql"),
    ),
    (
        "0012_monitoring",
        include_str!("schema/0012_monitoring.surql"),
    ),
    (
        "0013_wallboard_views",
        include_str!("schema/0013_wallboard_views.surql"),
    ),
    (
        "0014_maintenance",
        include_str!("schema/0014_maintenance.surql"),
    ),
    ("0015_assets", include_str!("schema/0015_assets.surql")),
    (
        "0016_suppliers",
        include_str!("schema/0016_suppliers.surql"),
    ),
    (
        "0017_notifications",
        include_str!("schema/0017_notifications.surql"),
    ),
    (
        "0018_asset_maintenance",
        include_str!("schema/0018_asset_maintenance.surql"),
    ),
    (
        "0019_supplier_edits",
        include_str!("schema/0019_supplier_edits.surql"),
    ),
    (
        "0020_incidents",
        include_str!("schema/0020_incidents.surql"),
    ),
    (
        "0021_raised_incidents",
        include_str!("schema/0021_raised_incidents.surql"),
    ),
    ("0022_problems", include_str!("schema/0022_problems.surql")),
    (
        "0023_knowledge",
        include_str!("schema/0023_knowledge.surql"),
    ),
    ("0024_watchers", include_str!("schema/0024_watchers.surql")),
    ("0025_changes", include_str!("schema/0025_changes.surql")),
    ("0026_requests", include_str!("schema/0026_requests.surql")),
    ("0027_managers", include_str!("schema/0027_managers.surql")),
    (
        "0028_more_watchers",
        include_str!("schema/0028_more_watchers.surql"),
    ),
    ("0029_mail", include_str!("schema/0029_mail.surql")),
    (
        "0030_escalation",
        include_str!("schema/0030_escalation.surql"),
    ),
    ("0031_slas", include_str!("schema/0031_slas.surql")),
    (
        "0032_improvements",
        include_str!("schema/0032_improvements.surql"),
    ),
    (
        "0033_request_slas",
        include_str!("schema/0033_request_slas.surql"),
    ),
    (
        "0034_one_maintenance_rule",
        include_str!("schema/0034_one_maintenance_rule.surql"),
    ),
    (
        "0035_no_rel_in",
        include_str!("schema/0035_no_rel_in.surql"),
    ),
    (
        "0036_no_list_indexes",
        include_str!("schema/0036_no_list_indexes.surql"),
    ),
    (
        "0037_ci_search_in_memory",
        include_str!("schema/0037_ci_search_in_memory.surql"),
    ),
    (
        "0038_no_rel_out",
        include_str!("schema/0038_no_rel_out.surql"),
    ),
];

/// Applies the migrations that have not run yet, each in its own transaction.
pub async fn run(db: &Db) -> Result<Vec<&'static str>, surrealdb::Error> {
    checked(
        db.query(include_str!("schema/0000_migration.surql"))
            .await?,
    )?;
    let mut response = checked(db.query("SELECT VALUE name FROM migration").await?)?;
    let done: Vec<String> = response.take(0)?;
    let mut applied = Vec::new();
    for (name, script) in MIGRATIONS {
        if done.iter().any(|d| d == name) {
            continue;
        }
        let response = db
            .query("BEGIN")
            .query(*script)
            .query("CREATE migration SET name = $name")
            .query("COMMIT")
            .bind(("name", *name))
            .await?;
        checked(response)?;
        tracing::info!(migration = name, "schema migration applied");
        applied.push(*name);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn every_schema_file_is_a_migration_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/schema");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|f| f.strip_suffix(".surql").map(str::to_owned))
            .filter(|f| f != "0000_migration")
            .collect();
        files.sort();
        let names: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, files);
    }
}
