//! What an import did, or would do: row by row and in totals. Shown for the dry run and
//! after the commit, in the browser and on the command line.

use super::plan::{RowError, RowRef};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
    Refused,
}

impl RowAction {
    pub fn label(self) -> &'static str {
        match self {
            RowAction::Create => "Create",
            RowAction::Update => "Update",
            RowAction::Unchanged => "Unchanged",
            RowAction::Refused => "Refused",
        }
    }
}

/// One planned CI, relation or asset and what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub at: RowRef,
    /// "CI", "Relation" or "Asset".
    pub kind: String,
    /// The CI's name, "A depends on B", or the asset's tag and name.
    pub name: String,
    pub action: RowAction,
    /// What changes, or why it is refused.
    pub detail: String,
}

/// Counts per action, for CIs, relations or assets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub refused: usize,
}

impl Tally {
    pub fn add(&mut self, action: RowAction) {
        match action {
            RowAction::Create => self.create += 1,
            RowAction::Update => self.update += 1,
            RowAction::Unchanged => self.unchanged += 1,
            RowAction::Refused => self.refused += 1,
        }
    }

    pub fn writes(&self) -> usize {
        self.create + self.update
    }

    pub fn total(&self) -> usize {
        self.writes() + self.unchanged + self.refused
    }
}

/// Rows listed in a report at most; the totals always count everything.
pub const REPORT_ROWS: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows read per file.
    pub files: Vec<(String, usize)>,
    /// Problems in the input itself: nothing can be imported until they are fixed.
    pub errors: Vec<RowError>,
    pub cis: Tally,
    pub relations: Tally,
    pub assets: Tally,
    /// Rows not imported on purpose, with the reason.
    pub skipped: Vec<(RowRef, String)>,
    /// Owners that are no user or team yet: the import creates them as teams.
    pub new_teams: Vec<String>,
    /// Refused, created and updated rows first, then unchanged ones, up to [`REPORT_ROWS`].
    pub rows: Vec<ReportRow>,
    /// Whether the commit was done (false for a dry run).
    pub committed: bool,
}

impl ImportReport {
    /// An import may be committed only when nothing is wrong with it.
    pub fn can_commit(&self) -> bool {
        self.errors.is_empty() && self.refused() == 0
    }

    /// Rows refused, of every kind.
    pub fn refused(&self) -> usize {
        self.cis.refused + self.relations.refused + self.assets.refused
    }

    /// What a commit would write, e.g. "2 CIs, 1 relation and 3 assets".
    pub fn writes(&self) -> String {
        let count = |n: usize, one: &str, many: &str| {
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        };
        let parts: Vec<String> = [
            count(self.cis.writes(), "CI", "CIs"),
            count(self.relations.writes(), "relation", "relations"),
            count(self.assets.writes(), "asset", "assets"),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => "nothing".to_owned(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// Adds a row, keeping the interesting ones when the list is long.
    pub fn push(&mut self, row: ReportRow) {
        match row.kind.as_str() {
            "CI" => self.cis.add(row.action),
            "Asset" => self.assets.add(row.action),
            _ => self.relations.add(row.action),
        }
        if self.rows.len() < REPORT_ROWS || row.action != RowAction::Unchanged {
            self.rows.push(row);
        }
    }

    /// Sorts refused rows first, then by file and line; trims to [`REPORT_ROWS`].
    pub fn finish(&mut self) {
        self.rows.sort_by(|a, b| {
            let rank = |r: &ReportRow| match r.action {
                RowAction::Refused => 0,
                RowAction::Create | RowAction::Update => 1,
                RowAction::Unchanged => 2,
            };
            (rank(a), &a.at.file, a.at.line).cmp(&(rank(b), &b.at.file, b.at.line))
        });
        self.rows.truncate(REPORT_ROWS);
    }

    /// A few lines for the command line.
    pub fn summary(&self) -> String {
        let line = |what: &str, t: &Tally| {
            format!(
                "{what}: {} to create, {} to update, {} unchanged, {} refused",
                t.create, t.update, t.unchanged, t.refused
            )
        };
        let files: Vec<String> = self.files.iter().map(|(f, n)| format!("{f} {n}")).collect();
        format!(
            "rows read: {}\n{}\n{}\n{}\nnew owner teams: {}\nskipped on purpose: {}\ninput errors: {}",
            files.join(", "),
            line("CIs", &self.cis),
            line("relations", &self.relations),
            line("assets", &self.assets),
            self.new_teams.len(),
            self.skipped.len(),
            self.errors.len()
        )
    }
}

/// How far a running import is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// What it is doing: "Checking", "Writing CIs", "Writing relations", "Done".
    pub phase: String,
    /// Set when finished: the report, or why it failed.
    pub outcome: Option<Result<ImportReport, String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(action: RowAction, line: usize) -> ReportRow {
        ReportRow {
            at: RowRef {
                file: "devices.csv".into(),
                line,
            },
            kind: "CI".into(),
            name: format!("n{line}"),
            action,
            detail: String::new(),
        }
    }

    #[test]
    fn refused_rows_block_the_commit_and_come_first() {
        let mut report = ImportReport::default();
        report.push(row(RowAction::Create, 2));
        report.push(row(RowAction::Unchanged, 3));
        report.push(row(RowAction::Refused, 4));
        report.finish();
        assert!(!report.can_commit());
        assert_eq!(report.rows[0].action, RowAction::Refused);
        assert_eq!(
            (report.cis.create, report.cis.unchanged, report.cis.refused),
            (1, 1, 1)
        );
    }

    #[test]
    fn long_reports_keep_every_change_but_not_every_unchanged_row() {
        let mut report = ImportReport::default();
        for line in 0..REPORT_ROWS + 10 {
            report.push(row(RowAction::Unchanged, line));
        }
        report.push(row(RowAction::Update, 99_999));
        report.finish();
        assert_eq!(report.rows.len(), REPORT_ROWS);
        assert_eq!(report.rows[0].action, RowAction::Update);
        assert_eq!(report.cis.unchanged, REPORT_ROWS + 10);
        assert!(report.can_commit());
    }

    #[test]
    fn the_commit_button_says_what_it_writes() {
        let mut report = ImportReport::default();
        assert_eq!(report.writes(), "nothing");
        report.assets.create = 1;
        assert_eq!(report.writes(), "1 asset");
        report.cis.update = 2;
        report.relations.create = 1;
        assert_eq!(report.writes(), "2 CIs, 1 relation and 1 asset");
        report.assets.refused = 1;
        assert!(!report.can_commit());
    }
}
