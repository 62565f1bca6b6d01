//! The risk assessment of a change: a short questionnaire whose weighted answers give a
//! score, and the score a level.

use crate::status::Tone;
use serde::{Deserialize, Serialize};

/// The questionnaire that scores a change's risk: each answer weighs in.
pub struct Question {
    pub key: &'static str,
    pub text: &'static str,
    pub answers: &'static [(&'static str, u8)],
}

pub const QUESTIONS: &[Question] = &[
    Question {
        key: "reach",
        text: "Who would an outage affect?",
        answers: &[
            ("A few people", 0),
            ("A department", 2),
            ("Everyone or customers", 4),
        ],
    },
    Question {
        key: "experience",
        text: "Has this change been done before?",
        answers: &[("Routinely", 0), ("Once or twice", 1), ("Never", 3)],
    },
    Question {
        key: "backout",
        text: "How hard is backing it out?",
        answers: &[
            ("Simple and tested", 0),
            ("Possible with effort", 2),
            ("Not possible", 4),
        ],
    },
    Question {
        key: "downtime",
        text: "Does it need downtime?",
        answers: &[
            ("None", 0),
            ("Within the window", 1),
            ("Beyond the window", 3),
        ],
    },
    Question {
        key: "scope",
        text: "How many teams take part?",
        answers: &[("One", 0), ("Two or three", 1), ("More", 3)],
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Risk {
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::Low => "Low",
            Risk::Medium => "Medium",
            Risk::High => "High",
        }
    }

    pub fn tone(self) -> Tone {
        match self {
            Risk::Low => Tone::Ok,
            Risk::Medium => Tone::Warning,
            Risk::High => Tone::Critical,
        }
    }

    pub fn of(score: u8) -> Risk {
        match score {
            0..=4 => Risk::Low,
            5..=9 => Risk::Medium,
            _ => Risk::High,
        }
    }
}

/// The score of the answers (indices, one per question in order), or `None` while a
/// question is unanswered or an answer is out of range.
pub fn risk_score(answers: &[u8]) -> Option<u8> {
    if answers.len() != QUESTIONS.len() {
        return None;
    }
    QUESTIONS
        .iter()
        .zip(answers)
        .map(|(q, a)| q.answers.get(usize::from(*a)).map(|(_, w)| *w))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_risk_score_adds_the_answers_weights() {
        assert_eq!(risk_score(&[0, 0, 0, 0, 0]), Some(0));
        assert_eq!(risk_score(&[2, 2, 2, 2, 2]), Some(17));
        assert_eq!(risk_score(&[1, 1, 1, 1, 1]), Some(7));
        assert_eq!(risk_score(&[0, 0, 0, 0]), None);
        assert_eq!(risk_score(&[0, 0, 0, 0, 3]), None);
        assert_eq!(Risk::of(4), Risk::Low);
        assert_eq!(Risk::of(5), Risk::Medium);
        assert_eq!(Risk::of(10), Risk::High);
    }
}
