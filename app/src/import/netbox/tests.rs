//! Small exports written inline: errors at their rows, unknown references, cables and
//! clashing names, and any export planned without a panic.

use super::*;

/// Plans small files written with LF; they are read with CRLF, as NetBox writes them.
fn inline(files: &[(&str, &str)]) -> Result<Plan, Vec<RowError>> {
    let file = |(name, text): &(&str, &str)| SourceFile {
        name: name.to_string(),
        text: text.replace('\n', "\r\n"),
    };
    plan(&files.iter().map(file).collect::<Vec<_>>())
}

type Found = (String, usize, Option<String>, String);

fn errors(files: &[(&str, &str)]) -> Vec<Found> {
    let errors = inline(files).expect_err("the input has errors");
    let found = |e: RowError| (e.at.file, e.at.line, e.column, e.message);
    errors.into_iter().map(found).collect()
}

fn error(file: &str, line: usize, column: Option<&str>, message: &str) -> Found {
    (file.into(), line, column.map(Into::into), message.into())
}

const SITES_AB: &str = "Name,Status\nA,Active\nB,Active\n";

#[test]
fn an_unknown_or_missing_column_is_an_error() {
    let found = errors(&[("sites.csv", "Name,Colour\nA,red\n")]);
    let expected = [
        error("sites.csv", 1, Some("Status"), "missing column Status"),
        error("sites.csv", 1, Some("Colour"), "unknown column Colour"),
    ];
    assert_eq!(found, expected);
}

#[test]
fn a_malformed_row_is_an_error_at_its_line() {
    let text = "Name,Status\nA,Active\nB\nC,Active,x\nD,Active\n";
    let expected = [
        error("sites.csv", 3, None, "expected 2 fields, found 1"),
        error("sites.csv", 4, None, "expected 2 fields, found 3"),
    ];
    assert_eq!(errors(&[("sites.csv", text)]), expected);
}

#[test]
fn unknown_references_and_statuses_are_all_reported() {
    let racks = "Name,Site,Status\nR1,A,Active\nR2,C,Active\nR3,B,Bogus\n";
    let expected = [
        error("racks.csv", 3, Some("Site"), "unknown site C"),
        error("racks.csv", 4, Some("Status"), "unknown status Bogus"),
    ];
    assert_eq!(
        errors(&[("racks.csv", racks), ("sites.csv", SITES_AB)]),
        expected
    );
    let missing = "unknown site A (sites.csv was not given)";
    let found = errors(&[("racks.csv", "Name,Site,Status\nR1,A,Active\n")]);
    assert_eq!(found, [error("racks.csv", 2, Some("Site"), missing)]);
}

#[test]
fn an_unknown_file_is_an_error() {
    let found = errors(&[("devices.xlsx", ""), ("sites.csv", SITES_AB)]);
    assert_eq!(found.len(), 1);
    assert_eq!((&found[0].0[..], found[0].1), ("devices.xlsx", 1));
}

#[test]
fn cables_both_ways_make_one_relation_and_clashing_names_get_class_labels() {
    let devices = "ID,Name,Status,Site,Role\n1,x,Active,A,Router\n2,b,Active,A,Router\n";
    let cables = "Side A Device,Side A Termination,Side B Device,Side B Termination,\
        Status,Side A Site,Side B Site\nx,e0,b,e0,Connected,A,A\nb,e1,x,e1,Connected,A,A\n";
    let clusters = "Name,Status\nX,Active\n";
    let files = [
        (SITES, SITES_AB),
        (DEVICES, devices),
        (CABLES, cables),
        (CLUSTERS, clusters),
    ];
    let plan = inline(&files).expect("the input is valid");
    let names: Vec<&str> = plan.cis.iter().map(|ci| ci.name.as_str()).collect();
    assert_eq!(
        names,
        ["A", "B (Site)", "X (Cluster)", "x (Router)", "b (Router)"]
    );
    let mut cables = plan.relations.iter().filter(|r| r.kind == "connected_to");
    let cable = cables
        .next()
        .map(|r| (&r.source[..], &r.target[..], r.at.line));
    assert_eq!(cable, Some(("netbox:device:1", "netbox:device:2", 2)));
    assert!(cables.next().is_none(), "one relation for two cables");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(60))]

    /// Whatever a NetBox export holds, planning it answers rows or errors, never a panic.
    #[test]
    fn any_export_is_planned_or_refused_without_panic(
        bodies in proptest::collection::vec(crate::import::fuzz::csv_like(""), super::specs::SPECS.len()),
    ) {
        let files: Vec<SourceFile> = super::specs::SPECS
            .iter()
            .zip(bodies)
            .map(|(spec, body)| SourceFile {
                name: spec.file.to_owned(),
                text: format!("{}{body}", spec.required.join(",")),
            })
            .collect();
        let _ = plan(&files);
    }
}
