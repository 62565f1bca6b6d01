//! Property tests: whatever text arrives, the importers answer a plan or row errors and
//! never panic. The text is built from what trips CSV readers up: separators, quotes,
//! line ends, stray Unicode and the vocabulary the importers look for.

use super::native;
use super::plan::SourceFile;
use proptest::prelude::*;

/// Text shaped like CSV, under a header that passes.
pub fn csv_like(header: &'static str) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_owned()),
        Just("\"".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just(" ".to_owned()),
        Just("Active".to_owned()),
        Just("Server".to_owned()),
        Just("depends_on".to_owned()),
        Just("Production".to_owned()),
        "[a-zA-Z0-9_.-]{1,10}",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..160)
        .prop_map(move |parts| format!("{header}\n{}", parts.concat()))
}

fn file(name: &str, text: String) -> SourceFile {
    SourceFile {
        name: name.to_owned(),
        text,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_trellis_importer_never_panics(
        cis in csv_like("Name,Class,Status,Environment,Criticality,Owner,Tags,Description"),
        relations in csv_like("Source,Relation,Target"),
        raw in "\\PC{0,200}",
    ) {
        let _ = native::plan(&[file(native::CIS, cis), file(native::RELATIONS, relations)]);
        let _ = native::plan(&[file(native::CIS, raw)]);
    }
}
