//! Reading one NetBox CSV export: strict headers matched by label, rows with line numbers.

use crate::import::plan::{RowError, RowRef};

/// The columns a file may have, by NetBox label.
pub(super) struct Spec {
    pub file: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Spec {
    fn knows(&self, column: &str) -> bool {
        self.required.contains(&column) || self.optional.contains(&column)
    }
}

/// One data row: its cells by column label, trimmed.
pub(super) struct Row {
    pub file: &'static str,
    pub line: usize,
    cells: Vec<(String, String)>,
}

impl Row {
    /// The cell in `column`, or "" when the file has no such column.
    pub fn get(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(label, _)| label == column)
            .map_or("", |(_, value)| value.as_str())
    }

    pub fn at(&self) -> RowRef {
        RowRef {
            file: self.file.to_string(),
            line: self.line,
        }
    }

    pub fn error(&self, column: &str, message: impl Into<String>) -> RowError {
        RowError::new(self.file, self.line, Some(column), message)
    }
}

/// A file's usable rows. `usable` is false when its header was wrong (its rows are dropped).
pub(super) struct Table {
    pub file: &'static str,
    pub rows: Vec<Row>,
    pub read: usize,
    pub usable: bool,
}

/// Reads `text` as the file `spec` describes, adding every problem to `errors`.
pub(super) fn read(spec: &Spec, text: &str, errors: &mut Vec<RowError>) -> Table {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // csv reports the line before the real one for rows after a CRLF: read LF only.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|label| label.trim().to_string())
            .collect(),
        Err(err) => {
            errors.push(RowError::new(spec.file, 1, None, err.to_string()));
            Vec::new()
        }
    };
    let header_errors = check_header(spec, &header);
    let usable = header_errors.is_empty();
    errors.extend(header_errors);
    let mut table = Table {
        file: spec.file,
        rows: Vec::new(),
        read: 0,
        usable,
    };
    for record in reader.records() {
        table.read += 1;
        match record {
            Ok(record) if usable => table.rows.push(row(spec.file, &header, &record)),
            Ok(_) => {}
            Err(err) => errors.push(malformed(spec.file, &err)),
        }
    }
    table
}

fn check_header(spec: &Spec, header: &[String]) -> Vec<RowError> {
    let at = |column: &str, message: String| RowError::new(spec.file, 1, Some(column), message);
    let missing = spec
        .required
        .iter()
        .filter(|column| !header.iter().any(|label| label == *column))
        .map(|column| at(column, format!("missing column {column}")));
    let unknown = header
        .iter()
        .filter(|label| !spec.knows(label))
        .map(|label| at(label, format!("unknown column {label}")));
    let repeated = header
        .iter()
        .enumerate()
        .filter(|(i, label)| header[..*i].contains(label))
        .map(|(_, label)| at(label, format!("column {label} appears twice")));
    missing.chain(unknown).chain(repeated).collect()
}

fn row(file: &'static str, header: &[String], record: &csv::StringRecord) -> Row {
    Row {
        file,
        line: record.position().map_or(0, csv::Position::line) as usize,
        cells: header
            .iter()
            .zip(record.iter())
            .map(|(label, value)| (label.clone(), value.trim().to_string()))
            .collect(),
    }
}

fn malformed(file: &str, err: &csv::Error) -> RowError {
    let line = err.position().map_or(0, csv::Position::line) as usize;
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        _ => err.to_string(),
    };
    RowError::new(file, line, None, message)
}
