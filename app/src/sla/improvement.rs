//! The continual service improvement (CSI) register: improvement items with where they
//! came from, what they should bring and cost, who owns them, and the 7-step
//! improvement process as their stages, closed with the outcome measured.

use crate::assets::money::{parse_amount, plain_amount};
use crate::error::{AppError, FieldErrors};
use crate::sla::kpi::Kpi;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    Strategy,
    Measure,
    Gather,
    Process,
    Analyse,
    Present,
    Implement,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Strategy,
        Stage::Measure,
        Stage::Gather,
        Stage::Process,
        Stage::Analyse,
        Stage::Present,
        Stage::Implement,
        Stage::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Strategy => "1. Identify the strategy for improvement",
            Stage::Measure => "2. Define what you will measure",
            Stage::Gather => "3. Gather the data",
            Stage::Process => "4. Process the data",
            Stage::Analyse => "5. Analyse the information and data",
            Stage::Present => "6. Present and use the information",
            Stage::Implement => "7. Implement improvement",
            Stage::Closed => "Closed",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Stage::Strategy => "strategy",
            Stage::Measure => "measure",
            Stage::Gather => "gather",
            Stage::Process => "process",
            Stage::Analyse => "analyse",
            Stage::Present => "present",
            Stage::Implement => "implement",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Stage> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// 1 to 7 for the steps, 8 once closed.
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn next(self) -> Option<Stage> {
        Self::ALL.get(self.number()).copied()
    }

    pub fn back(self) -> Option<Stage> {
        (self.number() > 1 && self != Stage::Closed).then(|| Self::ALL[self.number() - 2])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Kpi,
    Problem,
    Review,
    Other,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Kpi, Source::Problem, Source::Review, Source::Other];

    pub fn label(self) -> &'static str {
        match self {
            Source::Kpi => "A KPI missing its target",
            Source::Problem => "A problem",
            Source::Review => "A service review",
            Source::Other => "Other",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Source::Kpi => "kpi",
            Source::Problem => "problem",
            Source::Review => "review",
            Source::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<Source> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImprovementInput {
    pub title: String,
    pub description: String,
    pub source: String,
    /// The KPI's key, the problem's number, or what the review was.
    pub reference: String,
    pub benefit: String,
    /// An amount such as 1500 or 1500.00, in the instance's currency.
    pub cost: String,
    /// The owner's user key.
    pub owner: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidImprovement {
    pub title: String,
    pub description: String,
    pub source: Source,
    pub reference: String,
    pub benefit: String,
    pub cost: i64,
    pub owner: String,
}

impl ImprovementInput {
    pub fn validate(&self) -> Result<ValidImprovement, AppError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 200 {
            errors.add("title", "Give it a title of at most 200 characters.");
        }
        let source = Source::parse(self.source.trim());
        if source.is_none() {
            errors.add("source", "Say where it comes from.");
        }
        let reference = self.reference.trim().to_owned();
        match source {
            Some(Source::Kpi) if Kpi::parse(&reference).is_none() => {
                errors.add("reference", "Choose the KPI that misses its target.");
            }
            Some(Source::Problem) => {
                let number = reference.to_uppercase();
                let well_formed = number.len() == 10
                    && number.starts_with("PRB")
                    && number[3..].chars().all(|c| c.is_ascii_digit());
                if !well_formed {
                    errors.add(
                        "reference",
                        "Name the problem by its number, such as PRB0000001.",
                    );
                }
            }
            _ => {}
        }
        let benefit = self.benefit.trim().to_owned();
        if benefit.is_empty() {
            errors.add(
                "benefit",
                "Say what it should bring, so the outcome can be measured against it.",
            );
        }
        let cost = match self.cost.trim() {
            "" => 0,
            text => parse_amount(text).unwrap_or_else(|e| {
                errors.add("cost", e.message());
                0
            }),
        };
        let owner = self.owner.trim().to_owned();
        if owner.is_empty() {
            errors.add("owner", "Choose who owns it.");
        }
        if self.description.chars().count() > 10_000 {
            errors.add(
                "description",
                "Keep the description under 10,000 characters.",
            );
        }
        errors.into_result()?;
        Ok(ValidImprovement {
            reference: match source {
                Some(Source::Problem) => reference.to_uppercase(),
                _ => reference,
            },
            title,
            description: self.description.trim().to_owned(),
            source: source.unwrap_or(Source::Other),
            benefit,
            cost,
            owner,
        })
    }
}

impl ValidImprovement {
    pub fn audit_fields(&self, owner_name: &str) -> crate::audit::Fields {
        vec![
            ("title", self.title.clone()),
            ("description", self.description.clone()),
            (
                "source",
                format!("{}: {}", self.source.label(), self.reference),
            ),
            ("expected benefit", self.benefit.clone()),
            ("cost", plain_amount(self.cost)),
            ("owner", owner_name.to_owned()),
        ]
    }
}

/// Moving an item one stage on or back; closing needs the outcome as measured.
pub fn check_move(from: Stage, to: &str, outcome: &str) -> Result<Stage, AppError> {
    let Some(to) = Stage::parse(to.trim()) else {
        return Err(FieldErrors::single(
            "to",
            "Choose the next or the previous stage.",
        ));
    };
    if from == Stage::Closed {
        return Err(FieldErrors::single(
            "to",
            "A closed improvement stays closed.",
        ));
    }
    if Some(to) != from.next() && Some(to) != from.back() {
        return Err(FieldErrors::single(
            "to",
            format!(
                "From “{}” it moves only one stage on or back.",
                from.label()
            ),
        ));
    }
    if to == Stage::Closed && outcome.trim().is_empty() {
        return Err(FieldErrors::single(
            "outcome",
            "Say what was measured after implementing it before closing.",
        ));
    }
    Ok(to)
}

/// An item as the register and its page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Improvement {
    pub number: String,
    pub title: String,
    pub description: String,
    pub source: Source,
    pub reference: String,
    pub benefit: String,
    pub cost: String,
    pub owner: String,
    pub owner_name: String,
    pub stage: Stage,
    pub outcome: Option<String>,
    pub opened_at: String,
    pub version: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ImprovementInput {
        ImprovementInput {
            title: "Cut the time to resolve P2s".into(),
            description: String::new(),
            source: "kpi".into(),
            reference: "resolution_time".into(),
            benefit: "Average resolution under 8 h".into(),
            cost: "1,500".into(),
            owner: "lena".into(),
        }
    }

    #[test]
    fn a_good_item_is_read_and_a_bad_one_named_field_by_field() {
        let valid = input().validate().unwrap();
        assert_eq!((valid.source, valid.cost), (Source::Kpi, 150_000));
        let problem = ImprovementInput {
            source: "problem".into(),
            reference: "prb0000012".into(),
            ..input()
        };
        assert_eq!(problem.validate().unwrap().reference, "PRB0000012");
        let bad = ImprovementInput {
            title: " ".into(),
            source: "kpi".into(),
            reference: "uptime".into(),
            benefit: String::new(),
            cost: "-5".into(),
            owner: String::new(),
            ..input()
        };
        let Err(AppError::Validation(errors)) = bad.validate() else {
            panic!("accepted")
        };
        for field in ["title", "reference", "benefit", "cost", "owner"] {
            assert!(errors.get(field).is_some(), "{field} not named");
        }
    }

    #[test]
    fn items_move_one_stage_at_a_time_and_close_with_a_measured_outcome() {
        assert_eq!(
            check_move(Stage::Strategy, "measure", "").unwrap(),
            Stage::Measure
        );
        assert_eq!(
            check_move(Stage::Gather, "measure", "").unwrap(),
            Stage::Measure
        );
        assert!(check_move(Stage::Strategy, "gather", "").is_err());
        assert!(check_move(Stage::Strategy, "nowhere", "").is_err());
        let Err(AppError::Validation(errors)) = check_move(Stage::Implement, "closed", " ") else {
            panic!("closed without an outcome")
        };
        assert!(errors.get("outcome").is_some());
        assert_eq!(
            check_move(
                Stage::Implement,
                "closed",
                "P2s now resolve in 6.5 h on average"
            )
            .unwrap(),
            Stage::Closed
        );
        assert!(check_move(Stage::Closed, "implement", "").is_err());
        assert_eq!(Stage::Strategy.back(), None);
        assert_eq!(Stage::Implement.next(), Some(Stage::Closed));
        assert_eq!(Stage::Closed.next(), None);
        assert_eq!(Stage::Analyse.number(), 5);
    }
}
