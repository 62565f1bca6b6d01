//! Reading one CSV file: its header checked against the expected columns, its rows with
//! line numbers.

use crate::import::plan::{RowError, RowRef, SourceFile};

pub(super) struct Row {
    file: String,
    pub line: usize,
    pub cells: Vec<(String, String)>,
}

impl Row {
    pub fn get(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(label, _)| label == column)
            .map_or("", |(_, value)| value.as_str())
    }

    pub fn at(&self) -> RowRef {
        RowRef {
            file: self.file.clone(),
            line: self.line,
        }
    }

    pub fn error(&self, column: &str, message: impl Into<String>) -> RowError {
        RowError::new(&self.file, self.line, Some(column), message)
    }
}

/// The rows of `file`, which must have the columns `required`. Other columns are errors
/// unless `allowed` lists them; with no list, any other column is allowed (attributes).
pub(super) fn read(
    file: &SourceFile,
    required: &[&str],
    allowed: Option<&[&str]>,
    errors: &mut Vec<RowError>,
) -> Vec<Row> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    // csv reports the line before the real one for rows after a CRLF: read LF only.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_owned()).collect(),
        Err(err) => {
            errors.push(RowError::new(&file.name, 1, None, err.to_string()));
            return Vec::new();
        }
    };
    let before = errors.len();
    for column in required.iter().filter(|c| !header.iter().any(|h| h == *c)) {
        errors.push(RowError::new(
            &file.name,
            1,
            Some(column),
            format!("missing column {column}"),
        ));
    }
    for (i, label) in header.iter().enumerate() {
        if header[..i].contains(label) {
            errors.push(RowError::new(
                &file.name,
                1,
                Some(label),
                format!("column {label} appears twice"),
            ));
        } else if !required.contains(&label.as_str())
            && allowed.is_some_and(|allowed| !allowed.contains(&label.as_str()))
        {
            errors.push(RowError::new(
                &file.name,
                1,
                Some(label),
                format!("unknown column {label}"),
            ));
        }
    }
    let usable = errors.len() == before;
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) if usable => rows.push(Row {
                file: file.name.clone(),
                line: record.position().map_or(0, csv::Position::line) as usize,
                cells: header
                    .iter()
                    .zip(record.iter())
                    .map(|(label, value)| (label.clone(), value.trim().to_owned()))
                    .collect(),
            }),
            Ok(_) => {}
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line) as usize;
                errors.push(RowError::new(
                    &file.name,
                    line,
                    None,
                    format!("malformed row: {err}"),
                ));
            }
        }
    }
    rows
}
