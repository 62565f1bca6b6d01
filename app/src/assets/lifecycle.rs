//! An asset's lifecycle from order to disposal: the states, and the moves between them
//! as one table that the server enforces and the browser offers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssetState {
    Ordered,
    InStock,
    InUse,
    InMaintenance,
    Retired,
    Disposed,
}

/// One allowed move: what the button says, and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub from: AssetState,
    pub to: AssetState,
    pub verb: &'static str,
}

use AssetState::*;

const fn step(from: AssetState, verb: &'static str, to: AssetState) -> Move {
    Move { from, to, verb }
}

/// Every allowed move. Disposed is final; a retired asset can come back into stock.
pub const MOVES: &[Move] = &[
    step(Ordered, "Receive into stock", InStock),
    step(Ordered, "Cancel the order", Disposed),
    step(InStock, "Deploy", InUse),
    step(InStock, "Send to maintenance", InMaintenance),
    step(InStock, "Retire", Retired),
    step(InUse, "Send to maintenance", InMaintenance),
    step(InUse, "Return to stock", InStock),
    step(InUse, "Retire", Retired),
    step(InMaintenance, "Back in use", InUse),
    step(InMaintenance, "Return to stock", InStock),
    step(InMaintenance, "Retire", Retired),
    step(Retired, "Return to stock", InStock),
    step(Retired, "Dispose", Disposed),
];

impl AssetState {
    pub const ALL: &'static [AssetState] =
        &[Ordered, InStock, InUse, InMaintenance, Retired, Disposed];

    pub fn label(self) -> &'static str {
        match self {
            Ordered => "Ordered",
            InStock => "In Stock",
            InUse => "In Use",
            InMaintenance => "In Maintenance",
            Retired => "Retired",
            Disposed => "Disposed",
        }
    }

    /// A state by its label, or by what the seed data called it: In Use, Operational and
    /// Active are In Use; Maintenance is In Maintenance.
    pub fn parse(text: &str) -> Option<AssetState> {
        let text = text.trim();
        let seed = match text.to_lowercase().as_str() {
            "operational" | "active" => Some(InUse),
            "maintenance" => Some(InMaintenance),
            _ => None,
        };
        seed.or_else(|| {
            Self::ALL
                .iter()
                .copied()
                .find(|s| s.label().eq_ignore_ascii_case(text))
        })
    }

    /// A state a new asset may start in: ordered, or already delivered into stock.
    pub fn initial(text: &str) -> Option<AssetState> {
        Self::parse(text).filter(|s| matches!(s, Ordered | InStock))
    }

    /// The moves open from this state, in the order the page offers them.
    pub fn moves(self) -> impl Iterator<Item = &'static Move> {
        MOVES.iter().filter(move |m| m.from == self)
    }

    /// The move from this state to `to`, if the table allows it.
    pub fn move_to(self, to: AssetState) -> Option<&'static Move> {
        self.moves().find(|m| m.to == to)
    }

    /// Whether an asset in this state can be checked out to a person.
    pub fn can_check_out(self) -> bool {
        self == InStock
    }

    /// Whether leaving for `to` ends a check-out: back in stock, or out of service.
    pub fn ends_assignment(to: AssetState) -> bool {
        matches!(to, InStock | Retired | Disposed)
    }

    /// Whether the asset still carries a book value; a disposed one was written off.
    pub fn on_the_books(self) -> bool {
        self != Disposed
    }

    /// Shown on the page as a badge: green in use, amber in maintenance, grey otherwise.
    pub fn tone(self) -> crate::status::Tone {
        use crate::status::Tone;
        match self {
            InUse => Tone::Ok,
            InMaintenance => Tone::Warning,
            Ordered | InStock | Retired | Disposed => Tone::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transition_table() {
        let allowed = |from: AssetState, to: AssetState| from.move_to(to).is_some();
        assert!(allowed(Ordered, InStock));
        assert!(allowed(InStock, InUse));
        assert!(allowed(InUse, InMaintenance));
        assert!(allowed(InMaintenance, InUse));
        assert!(allowed(InUse, Retired));
        assert!(allowed(Retired, Disposed));
        assert!(allowed(Retired, InStock));
        // No skipping: an order is received before use, an asset is retired before disposal.
        assert!(!allowed(Ordered, InUse));
        assert!(!allowed(InUse, Disposed));
        assert!(!allowed(InStock, Disposed));
        // Disposed is final, and no state moves to itself.
        assert_eq!(Disposed.moves().count(), 0);
        for state in AssetState::ALL {
            assert!(!allowed(*state, *state), "{state:?}");
        }
    }

    #[test]
    fn every_state_but_disposed_has_a_way_out_and_every_state_is_reachable() {
        for state in AssetState::ALL {
            assert_eq!(state.moves().count() == 0, *state == Disposed, "{state:?}");
            let reachable = *state == Ordered || MOVES.iter().any(|m| m.to == *state);
            assert!(reachable, "{state:?}");
        }
    }

    #[test]
    fn seed_states_map_onto_the_lifecycle() {
        assert_eq!(AssetState::parse("In Use"), Some(InUse));
        assert_eq!(AssetState::parse("Operational"), Some(InUse));
        assert_eq!(AssetState::parse("Active"), Some(InUse));
        assert_eq!(AssetState::parse("Maintenance"), Some(InMaintenance));
        assert_eq!(AssetState::parse("in stock"), Some(InStock));
        assert_eq!(AssetState::parse("Lost"), None);
        for state in AssetState::ALL {
            assert_eq!(AssetState::parse(state.label()), Some(*state));
        }
    }

    #[test]
    fn a_new_asset_starts_ordered_or_in_stock() {
        assert_eq!(AssetState::initial("Ordered"), Some(Ordered));
        assert_eq!(AssetState::initial("In Stock"), Some(InStock));
        assert_eq!(AssetState::initial("In Use"), None);
        assert_eq!(AssetState::initial(""), None);
    }

    #[test]
    fn only_stock_is_checked_out_and_leaving_use_ends_a_check_out() {
        assert!(InStock.can_check_out());
        assert!(!InUse.can_check_out() && !Retired.can_check_out());
        assert!(AssetState::ends_assignment(Retired));
        assert!(!AssetState::ends_assignment(InMaintenance));
    }

    #[test]
    fn disposal_writes_the_value_off() {
        assert!(Retired.on_the_books());
        assert!(!Disposed.on_the_books());
    }
}
