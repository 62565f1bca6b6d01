//! The Change Advisory Board's decision: CAB members vote approve or reject, each with a
//! comment; a quorum of approvals schedules the change, and once a quorum can no longer
//! be reached it is rejected.

use super::domain::Kind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vote {
    Approve,
    Reject,
}

impl Vote {
    pub fn label(self) -> &'static str {
        match self {
            Vote::Approve => "Approve",
            Vote::Reject => "Reject",
        }
    }

    pub fn parse(text: &str) -> Option<Vote> {
        [Vote::Approve, Vote::Reject]
            .into_iter()
            .find(|v| v.label().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Pending,
    Approved,
    Rejected,
}

/// Approvals a change needs from a board of `members`: a majority for a Normal change,
/// one for an Emergency change (the emergency CAB meets whoever is there).
pub fn quorum(kind: Kind, members: usize) -> usize {
    match kind {
        Kind::Emergency => 1,
        Kind::Standard | Kind::Normal => members / 2 + 1,
    }
}

/// The board's decision after these votes.
pub fn decide(kind: Kind, members: usize, approvals: usize, rejections: usize) -> Decision {
    let needed = quorum(kind, members);
    let undecided = members.saturating_sub(approvals + rejections);
    if approvals >= needed {
        Decision::Approved
    } else if approvals + undecided < needed {
        Decision::Rejected
    } else {
        Decision::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;

    #[test]
    fn a_majority_of_the_board_approves_a_normal_change() {
        assert_eq!(quorum(Kind::Normal, 3), 2);
        assert_eq!(quorum(Kind::Normal, 4), 3);
        assert_eq!(decide(Kind::Normal, 3, 1, 0), Pending);
        assert_eq!(decide(Kind::Normal, 3, 2, 0), Approved);
        assert_eq!(decide(Kind::Normal, 3, 2, 1), Approved);
        assert_eq!(decide(Kind::Normal, 4, 2, 1), Pending);
    }

    #[test]
    fn a_change_is_rejected_once_the_quorum_is_out_of_reach() {
        assert_eq!(decide(Kind::Normal, 3, 1, 1), Pending);
        assert_eq!(decide(Kind::Normal, 3, 0, 2), Rejected);
        assert_eq!(decide(Kind::Normal, 4, 1, 2), Rejected);
        // A board of one decides alone.
        assert_eq!(decide(Kind::Normal, 1, 0, 1), Rejected);
        assert_eq!(decide(Kind::Normal, 1, 1, 0), Approved);
    }

    #[test]
    fn one_approval_is_enough_for_the_emergency_cab() {
        assert_eq!(decide(Kind::Emergency, 5, 1, 0), Approved);
        assert_eq!(decide(Kind::Emergency, 5, 0, 4), Pending);
        assert_eq!(decide(Kind::Emergency, 5, 0, 5), Rejected);
    }

    #[test]
    fn votes_read_in_any_case() {
        assert_eq!(Vote::parse(" approve"), Some(Vote::Approve));
        assert_eq!(Vote::parse("REJECT"), Some(Vote::Reject));
        assert_eq!(Vote::parse("abstain"), None);
    }
}
