//! Ticket numbers: a prefix per kind and seven digits, e.g. INC0001234.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketKind {
    Incident,
    Problem,
    Change,
    Request,
    Article,
}

impl TicketKind {
    pub const ALL: &'static [TicketKind] = &[
        TicketKind::Incident,
        TicketKind::Problem,
        TicketKind::Change,
        TicketKind::Request,
        TicketKind::Article,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::Incident => "INC",
            TicketKind::Problem => "PRB",
            TicketKind::Change => "CHG",
            TicketKind::Request => "REQ",
            TicketKind::Article => "KB",
        }
    }

    /// The key its numbers are counted under.
    pub fn key(self) -> &'static str {
        match self {
            TicketKind::Incident => "incident",
            TicketKind::Problem => "problem",
            TicketKind::Change => "change",
            TicketKind::Request => "request",
            TicketKind::Article => "article",
        }
    }
}

/// The number of the `n`th ticket of a kind.
pub fn number(kind: TicketKind, n: u64) -> String {
    format!("{}{n:07}", kind.prefix())
}

/// The kind and count of a ticket number, in any letter case.
pub fn parse(text: &str) -> Option<(TicketKind, u64)> {
    let text = text.trim().to_uppercase();
    TicketKind::ALL.iter().find_map(|kind| {
        let digits = text.strip_prefix(kind.prefix())?;
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok().map(|n| (*kind, n)))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_a_prefix_and_seven_digits() {
        assert_eq!(number(TicketKind::Incident, 1234), "INC0001234");
        assert_eq!(number(TicketKind::Article, 7), "KB0000007");
        assert_eq!(parse("inc0001234"), Some((TicketKind::Incident, 1234)));
        assert_eq!(parse("CHG0000042"), Some((TicketKind::Change, 42)));
        assert_eq!(parse("INC"), None);
        assert_eq!(parse("INC12a"), None);
        assert_eq!(parse("XYZ0000001"), None);
    }
}
