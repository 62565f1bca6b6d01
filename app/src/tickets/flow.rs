//! The state machinery every ticket kind shares: a table of allowed moves, each by the
//! action people click, and one check that refuses any other move with the open ones named.

use crate::error::{AppError, FieldErrors};

/// One allowed move, by the action people click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move<S: 'static> {
    pub action: &'static str,
    pub from: S,
    pub to: S,
}

pub const fn step<S>(action: &'static str, from: S, to: S) -> Move<S> {
    Move { action, from, to }
}

/// A ticket kind's states: their labels and the table of moves between them.
pub trait Flow: Copy + PartialEq + Sized + 'static {
    /// What the ticket is called in messages: "An incident", "A problem".
    const NOUN: &'static str;
    const ALL: &'static [Self];
    const MOVES: &'static [Move<Self>];

    fn label(self) -> &'static str;

    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
    }

    fn moves(self) -> impl Iterator<Item = &'static Move<Self>> {
        Self::MOVES.iter().filter(move |m| m.from == self)
    }

    /// The move from `self` to the state labelled `to`, or a field error on `to` that
    /// names the states it can become.
    fn move_to(self, to: &str) -> Result<&'static Move<Self>, AppError> {
        Self::parse(to)
            .and_then(|wanted| self.moves().find(|m| m.to == wanted))
            .ok_or_else(|| {
                let open: Vec<&str> = self.moves().map(|m| m.to.label()).collect();
                let open = if open.is_empty() {
                    "none: it is final".to_owned()
                } else {
                    open.join(", ")
                };
                FieldErrors::single(
                    "to",
                    format!(
                        "{} that is {} cannot become {}; it can become {open}.",
                        Self::NOUN,
                        self.label(),
                        to.trim()
                    ),
                )
            })
    }
}
