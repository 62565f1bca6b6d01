//! Knowledge articles: the form, the states (draft, published, retired) on the shared
//! move table, and the article as pages show it.

use crate::error::{AppError, FieldErrors};
use crate::status::Tone;
use crate::tickets::flow::{step, Flow, Move};
use crate::tickets::number::{number, parse, TicketKind};
use crate::tickets::problem::list_of;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    Draft,
    Published,
    Retired,
}

use State::*;

impl Flow for State {
    const NOUN: &'static str = "An article";
    const ALL: &'static [State] = &[Draft, Published, Retired];
    const MOVES: &'static [Move<State>] = &[
        step("Publish", Draft, Published),
        step("Retire", Draft, Retired),
        step("Back to draft", Published, Draft),
        step("Retire", Published, Retired),
        step("Back to draft", Retired, Draft),
    ];

    fn label(self) -> &'static str {
        match self {
            Draft => "Draft",
            Published => "Published",
            Retired => "Retired",
        }
    }
}

impl State {
    pub fn tone(self) -> Tone {
        match self {
            Draft => Tone::Warning,
            Published => Tone::Ok,
            Retired => Tone::Unknown,
        }
    }
}

/// The article form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleInput {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Categories, separated by commas.
    pub categories: String,
    /// When it is next due for review, `YYYY-MM-DD`.
    pub review_on: String,
    /// Known errors (PRB numbers) and incidents (INC numbers) it covers, separated by commas.
    pub links: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidArticle {
    pub title: String,
    pub body: String,
    pub categories: Vec<String>,
    pub review_on: chrono::NaiveDate,
    pub problems: Vec<String>,
    pub incidents: Vec<String>,
}

/// An article's body may be this long.
pub const MAX_BODY: usize = 100_000;

impl ArticleInput {
    pub fn validate(&self) -> Result<ValidArticle, AppError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 160 {
            errors.add("title", "Give it a title of at most 160 characters.");
        }
        if self.body.trim().is_empty() {
            errors.add("body", "Write the article.");
        } else if self.body.chars().count() > MAX_BODY {
            errors.add("body", "Keep the article under 100,000 characters.");
        }
        let categories = list_of(&self.categories);
        if categories.iter().any(|c| c.chars().count() > 40) {
            errors.add("categories", "Keep each category under 40 characters.");
        }
        let review_on = chrono::NaiveDate::parse_from_str(self.review_on.trim(), "%Y-%m-%d");
        if review_on.is_err() {
            errors.add("review_on", "Give the date of its next review.");
        }
        let (mut problems, mut incidents, mut malformed) = (Vec::new(), Vec::new(), Vec::new());
        for link in list_of(&self.links) {
            match parse(&link) {
                Some((TicketKind::Problem, n)) => problems.push(number(TicketKind::Problem, n)),
                Some((TicketKind::Incident, n)) => incidents.push(number(TicketKind::Incident, n)),
                _ => malformed.push(link),
            }
        }
        if !malformed.is_empty() {
            errors.add(
                "links",
                format!(
                    "Link known errors (PRB…) and incidents (INC…) by number; not {}.",
                    malformed.join(", ")
                ),
            );
        }
        errors.into_result()?;
        problems.dedup();
        incidents.dedup();
        Ok(ValidArticle {
            title,
            body: self.body.trim().to_owned(),
            categories,
            review_on: review_on.unwrap_or_default(),
            problems,
            incidents,
        })
    }
}

/// One row of the knowledge base list or search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub number: String,
    pub title: String,
    pub state: State,
    pub categories: Vec<String>,
    pub owner: String,
    pub updated_at: String,
    /// Its review date has come.
    pub review_due: bool,
    pub helpful: u64,
    pub not_helpful: u64,
}

/// An article with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub number: String,
    pub title: String,
    /// Markdown as written.
    pub body: String,
    /// The body rendered to sanitized HTML on the server.
    pub html: String,
    pub state: State,
    pub categories: Vec<String>,
    pub owner: String,
    pub review_on: String,
    pub review_due: bool,
    /// Linked known errors and incidents, by number.
    pub links: Vec<String>,
    pub helpful: u64,
    pub not_helpful: u64,
    /// What the signed-in reader said, if anything.
    pub my_vote: Option<bool>,
    pub updated_at: String,
    pub version: u64,
}

impl Article {
    /// The form's values for editing this article.
    pub fn input(&self) -> ArticleInput {
        ArticleInput {
            title: self.title.clone(),
            body: self.body.clone(),
            categories: self.categories.join(", "),
            review_on: self.review_on.clone(),
            links: self.links.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(links: &str) -> ArticleInput {
        ArticleInput {
            title: "Reset a VPN token".into(),
            body: "1. Open the portal".into(),
            categories: "VPN, Access, vpn".into(),
            review_on: "2027-06-01".into(),
            links: links.into(),
        }
    }

    #[test]
    fn links_are_sorted_into_known_errors_and_incidents() {
        let valid = input("prb1, INC0000004").validate().unwrap();
        assert_eq!(valid.problems, ["PRB0000001"]);
        assert_eq!(valid.incidents, ["INC0000004"]);
        assert_eq!(valid.categories, ["VPN", "Access"]);
    }

    #[test]
    fn a_bad_link_an_empty_body_and_no_review_date_are_each_named() {
        let mut bad = input("CHG0000001");
        bad.body = "  ".into();
        bad.review_on = "soon".into();
        let Err(AppError::Validation(errors)) = bad.validate() else {
            panic!("expected field errors")
        };
        assert!(errors.get("links").unwrap().contains("not CHG0000001"));
        assert_eq!(errors.get("body"), Some("Write the article."));
        assert!(errors.get("review_on").is_some());
    }

    #[test]
    fn articles_move_between_draft_published_and_retired() {
        assert!(Draft.move_to("Published").is_ok());
        assert!(Published.move_to("Retired").is_ok());
        let err = Retired.move_to("Published").unwrap_err();
        assert!(err.to_string().contains("it can become Draft"), "{err}");
    }
}
