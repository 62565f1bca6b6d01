//! Priority from impact and urgency, by a matrix that is a setting (ITIL's by default).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// How widely, or how urgently, something hurts: 1 High, 2 Medium, 3 Low.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    High,
    Medium,
    Low,
}

impl Level {
    pub const ALL: &'static [Level] = &[Level::High, Level::Medium, Level::Low];

    pub fn label(self) -> &'static str {
        match self {
            Level::High => "1 - High",
            Level::Medium => "2 - Medium",
            Level::Low => "3 - Low",
        }
    }

    /// 1 for High to 3 for Low, as stored.
    pub fn number(self) -> i64 {
        self.index() as i64 + 1
    }

    pub fn from_number(n: i64) -> Option<Level> {
        Self::ALL.iter().copied().find(|l| l.number() == n)
    }

    fn index(self) -> usize {
        match self {
            Level::High => 0,
            Level::Medium => 1,
            Level::Low => 2,
        }
    }

    /// A level by its number (1 to 3) or its label.
    pub fn parse(text: &str) -> Option<Level> {
        let text = text.trim();
        Self::ALL.iter().copied().find(|l| {
            l.label().eq_ignore_ascii_case(text)
                || text == (l.index() + 1).to_string()
                || l.label()[4..].eq_ignore_ascii_case(text)
        })
    }
}

/// P1 (most urgent) to P5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Priority(pub u8);

impl Priority {
    pub fn label(self) -> String {
        format!("P{}", self.0)
    }

    pub fn parse(text: &str) -> Option<Priority> {
        let digits = text.trim().trim_start_matches(['P', 'p']);
        match digits.parse::<u8>() {
            Ok(n @ 1..=5) => Some(Priority(n)),
            _ => None,
        }
    }
}

/// Priority by impact (rows) and urgency (columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix(pub [[u8; 3]; 3]);

impl Default for Matrix {
    fn default() -> Self {
        Matrix([[1, 2, 3], [2, 3, 4], [3, 4, 5]])
    }
}

impl Matrix {
    pub fn priority(&self, impact: Level, urgency: Level) -> Priority {
        Priority(self.0[impact.index()][urgency.index()])
    }
}

/// The matrix as a setting: three rows (impact High, Medium, Low) of three priorities
/// (urgency High, Medium, Low), rows separated by `/`, e.g. `1 2 3 / 2 3 4 / 3 4 5`.
impl FromStr for Matrix {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!("the priority matrix {text:?} should be three rows of three priorities 1 to 5, e.g. \"1 2 3 / 2 3 4 / 3 4 5\"")
        };
        let rows: Vec<&str> = text.split('/').collect();
        if rows.len() != 3 {
            return Err(bad());
        }
        let mut matrix = [[0u8; 3]; 3];
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<u8> = row
                .split_whitespace()
                .map(|c| Priority::parse(c).map(|p| p.0))
                .collect::<Option<_>>()
                .ok_or_else(bad)?;
            matrix[r] = cells.try_into().map_err(|_| bad())?;
        }
        Ok(Matrix(matrix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    #[test]
    fn the_default_matrix_is_itils() {
        let m = Matrix::default();
        assert_eq!(m.priority(High, High), Priority(1));
        assert_eq!(m.priority(High, Low), Priority(3));
        assert_eq!(m.priority(Medium, Medium), Priority(3));
        assert_eq!(m.priority(Low, High), Priority(3));
        assert_eq!(m.priority(Low, Low), Priority(5));
    }

    #[test]
    fn a_matrix_is_configured_as_three_rows() {
        let m: Matrix = "1 1 2 / P2 P3 P4 / 3 4 5".parse().unwrap();
        assert_eq!(m.priority(High, Medium), Priority(1));
        assert_eq!(m.priority(Medium, Low), Priority(4));
        assert!("1 2 3 / 2 3 4".parse::<Matrix>().is_err());
        assert!("1 2 3 / 2 3 4 / 3 4 9".parse::<Matrix>().is_err());
        assert!("1 2 / 2 3 4 / 3 4 5".parse::<Matrix>().is_err());
    }

    #[test]
    fn levels_are_read_by_number_or_name() {
        assert_eq!(Level::parse("1"), Some(High));
        assert_eq!(Level::parse("medium"), Some(Medium));
        assert_eq!(Level::parse("3 - Low"), Some(Low));
        assert_eq!(Level::parse("4"), None);
    }
}
