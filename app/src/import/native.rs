//! Trellis' own CSV: `cis.csv` with the columns of the inventory export (Name, Class,
//! Status, Environment, Criticality, Owner, Tags, Description, and any class attribute by
//! its label) and `relations.csv` (Source, Relation, Target, by CI name). CIs are matched
//! by name, so an export edited in a spreadsheet imports back as updates. `assets.csv` has
//! the asset register export's columns; assets are matched by tag.

mod table;

use self::table::{read, Row};
use crate::assets::columns as asset_columns;
use crate::cmdb::classes::slug;
use crate::import::plan::{Plan, PlannedAsset, PlannedCi, PlannedRelation, RowError, SourceFile};
use std::collections::HashMap;

pub const CIS: &str = "cis.csv";
pub const RELATIONS: &str = "relations.csv";

/// The prefix of a key that matches a CI by its name, not by where it came from.
pub const BY_NAME: &str = "name:";

/// Columns of the export that an import ignores.
const IGNORED: &[&str] = &["ID", "Updated"];
/// The columns of a CI, in the order the inventory export writes them.
pub const CI_COLUMNS: &[&str] = &[
    "Name",
    "Class",
    "Status",
    "Environment",
    "Criticality",
    "Owner",
    "Tags",
    "Description",
];
const RELATION_COLUMNS: &[&str] = &["Source", "Relation", "Target"];

/// The reconciliation key of the CI called `name`.
pub fn name_key(name: &str) -> String {
    format!("{BY_NAME}{}", name.trim().to_lowercase())
}

/// Plans the import of `cis.csv` and/or `relations.csv`; every problem is collected.
pub fn plan(files: &[SourceFile]) -> Result<Plan, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut plan = Plan::default();
    for file in files {
        if ![CIS, RELATIONS, asset_columns::FILE].contains(&file.name.as_str()) {
            errors.push(RowError::new(
                &file.name,
                0,
                None,
                format!(
                    "unknown file {}: expected {CIS}, {RELATIONS} or {}",
                    file.name,
                    asset_columns::FILE
                ),
            ));
        }
    }
    if let Some(file) = files.iter().find(|f| f.name == CIS) {
        let rows = read(file, CI_COLUMNS, None, &mut errors);
        plan.rows.push((file.name.clone(), rows.len()));
        let mut seen: HashMap<String, usize> = HashMap::new();
        for row in rows {
            if let Some(ci) = planned_ci(&row, &mut errors) {
                if let Some(first) = seen.insert(ci.key.clone(), row.line) {
                    errors.push(row.error("Name", format!("{} is also on line {first}", ci.name)));
                } else {
                    plan.cis.push(ci);
                }
            }
        }
    }
    if let Some(file) = files.iter().find(|f| f.name == RELATIONS) {
        let rows = read(file, RELATION_COLUMNS, Some(&[]), &mut errors);
        plan.rows.push((file.name.clone(), rows.len()));
        for row in rows {
            let mut cell = |column: &str| {
                let value = row.get(column);
                if value.is_empty() {
                    errors.push(row.error(column, format!("{column} is empty")));
                }
                value.to_owned()
            };
            let (source, kind, target) = (cell("Source"), cell("Relation"), cell("Target"));
            if !source.is_empty() && !kind.is_empty() && !target.is_empty() {
                plan.relations.push(PlannedRelation {
                    source: name_key(&source),
                    kind: slug(&kind),
                    target: name_key(&target),
                    at: row.at(),
                });
            }
        }
    }
    if let Some(file) = files.iter().find(|f| f.name == asset_columns::FILE) {
        let required: Vec<&str> = asset_columns::COLUMNS
            .iter()
            .map(|(label, _)| *label)
            .collect();
        let rows = read(file, &required, Some(asset_columns::READ_ONLY), &mut errors);
        plan.rows.push((file.name.clone(), rows.len()));
        let mut seen: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let (input, state) = asset_columns::read_row(|label| row.get(label));
            let tag = input.tag.trim().to_uppercase();
            if !tag.is_empty() {
                if let Some(first) = seen.insert(tag.clone(), row.line) {
                    errors.push(row.error("Tag", format!("{tag} is also on line {first}")));
                    continue;
                }
            }
            plan.assets.push(PlannedAsset {
                input,
                state,
                at: row.at(),
            });
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

fn planned_ci(row: &Row, errors: &mut Vec<RowError>) -> Option<PlannedCi> {
    let before = errors.len();
    let name = row.get("Name");
    if name.is_empty() {
        errors.push(row.error("Name", "Name is empty"));
    }
    let class = row.get("Class");
    if class.is_empty() {
        errors.push(row.error("Class", "Class is empty"));
    }
    let or = |column: &str, default: &str| match row.get(column) {
        "" => default.to_owned(),
        value => value.to_owned(),
    };
    let criticality = match or("Criticality", "3").parse::<u8>() {
        Ok(n @ 1..=5) => n,
        _ => {
            errors.push(row.error("Criticality", "Criticality is a whole number from 1 to 5"));
            3
        }
    };
    if errors.len() > before {
        return None;
    }
    let attributes = row
        .cells
        .iter()
        .filter(|(label, value)| {
            !value.is_empty()
                && !CI_COLUMNS.contains(&label.as_str())
                && !IGNORED.contains(&label.as_str())
        })
        .cloned()
        .collect();
    Some(PlannedCi {
        key: name_key(name),
        name: name.to_owned(),
        class: slug(class),
        status: or("Status", "Active"),
        environment: or("Environment", "Production"),
        criticality,
        owner: Some(row.get("Owner").to_owned()).filter(|o| !o.is_empty()),
        description: row.get("Description").to_owned(),
        tags: row
            .get("Tags")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        attributes,
        at: row.at(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_inventory_export_reads_back_as_cis_matched_by_name() {
        let cis = file(
            CIS,
            "ID,Name,Class,Status,Environment,Criticality,Owner,Tags,Description,Updated,OS\n\
             web_server,Web Server,Application Server,Active,Production,2,Web Team,\"web, edge\",Front end,2026-11-29 10:00 UTC,Debian 12\n",
        );
        let relations = file(
            RELATIONS,
            "Source,Relation,Target\nDatabase,depends on,Web Server\n",
        );
        let plan = plan(&[cis, relations]).unwrap();
        let ci = &plan.cis[0];
        assert_eq!(ci.key, "name:web server");
        assert_eq!(
            (ci.class.as_str(), ci.criticality),
            ("application_server", 2)
        );
        assert_eq!(ci.tags, vec!["web", "edge"]);
        assert_eq!(
            ci.attributes,
            vec![("OS".to_owned(), "Debian 12".to_owned())]
        );
        let rel = &plan.relations[0];
        assert_eq!(
            (rel.source.as_str(), rel.kind.as_str(), rel.target.as_str()),
            ("name:database", "depends_on", "name:web server")
        );
        assert_eq!(rel.at.line, 2);
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_column() {
        let head = "Name,Class,Status,Environment,Criticality,Owner,Tags,Description";
        let cis = file(
            CIS,
            &format!("{head}\n,Server,,,2,,,\nweb,Server,,,1,,,\nWEB,Server,,,1,,,\nother,Server,,,9,,,\n"),
        );
        let relations = file(RELATIONS, "Source,Relation,Target,Why\n");
        let errors = plan(&[cis, relations, file("x.csv", "")]).unwrap_err();
        let found: Vec<(usize, Option<&str>)> = errors
            .iter()
            .map(|e| (e.at.line, e.column.as_deref()))
            .collect();
        assert!(found.contains(&(2, Some("Name"))), "{errors:?}");
        assert!(found.contains(&(5, Some("Criticality"))), "{errors:?}");
        assert!(
            found.contains(&(4, Some("Name"))),
            "duplicate name: {errors:?}"
        );
        assert!(
            found.contains(&(1, Some("Why"))),
            "unknown column: {errors:?}"
        );
        assert!(errors.iter().any(|e| e.at.file == "x.csv"));
        let partial = plan(&[file(CIS, "Name,Class\nweb,Server\n")]).unwrap_err();
        assert_eq!(partial[0].message, "missing column Status");
    }

    #[test]
    fn the_asset_export_reads_back_matched_by_tag() {
        let labels: Vec<&str> = asset_columns::COLUMNS.iter().map(|(l, _)| *l).collect();
        let head = format!("{},Checked out to,Book value", labels.join(","));
        let row = |tag: &str| {
            let mut cells = vec![""; labels.len()];
            cells[0] = tag;
            cells[1] = "ThinkPad";
            cells[2] = "Laptop";
            cells[3] = "In Use";
            format!("{},Alice,900.00", cells.join(","))
        };
        let assets = file(
            asset_columns::FILE,
            &format!("{head}\n{}\n{}\n{}\n", row("a010"), row(""), row("A010")),
        );
        let errors = plan(std::slice::from_ref(&assets)).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].at.line, errors[0].column.as_deref()),
            (4, Some("Tag"))
        );
        assert!(errors[0].message.contains("also on line 2"));

        let text = assets.text.lines().take(3).collect::<Vec<_>>().join("\n");
        let plan = plan(&[file(asset_columns::FILE, &text)]).unwrap();
        assert_eq!(plan.assets.len(), 2);
        assert_eq!(plan.assets[0].input.tag, "a010");
        assert_eq!(plan.assets[0].state, "In Use");
        assert_eq!(plan.assets[1].at.line, 3);
        let unknown = plan_err_columns(&format!("{head},Colour\n"));
        assert_eq!(unknown, vec![(1, Some("Colour".to_owned()))]);
    }

    fn plan_err_columns(text: &str) -> Vec<(usize, Option<String>)> {
        plan(&[file(asset_columns::FILE, text)])
            .unwrap_err()
            .into_iter()
            .map(|e| (e.at.line, e.column))
            .collect()
    }
}
