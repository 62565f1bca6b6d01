//! The fixed vocabularies of a CI: its status and environment, with their labels.

use crate::status::Tone;
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the label in any letter case.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.label().eq_ignore_ascii_case(text))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labelled_enum!(
    /// Where a CI is in its life.
    CiStatus {
        Planned => "Planned",
        Active => "Active",
        Maintenance => "Maintenance",
        Degraded => "Degraded",
        Retired => "Retired",
    }
);

labelled_enum!(Environment {
    Production => "Production",
    Staging => "Staging",
    Test => "Test",
    Development => "Development",
});

impl CiStatus {
    /// Older tools and the seed say "Operational"; Trellis calls that Active.
    pub fn parse_lenient(text: &str) -> Option<Self> {
        if text.trim().eq_ignore_ascii_case("operational") {
            return Some(CiStatus::Active);
        }
        Self::parse(text)
    }

    pub fn tone(self) -> Tone {
        match self {
            CiStatus::Active => Tone::Ok,
            CiStatus::Maintenance | CiStatus::Degraded => Tone::Warning,
            CiStatus::Planned | CiStatus::Retired => Tone::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operational_from_the_seed_means_active() {
        assert_eq!(
            CiStatus::parse_lenient("Operational"),
            Some(CiStatus::Active)
        );
        assert_eq!(
            CiStatus::parse_lenient("maintenance"),
            Some(CiStatus::Maintenance)
        );
        assert_eq!(CiStatus::parse("Operational"), None);
    }

    #[test]
    fn statuses_map_to_tones() {
        assert_eq!(CiStatus::Active.tone(), Tone::Ok);
        assert_eq!(CiStatus::Degraded.tone(), Tone::Warning);
        assert_eq!(CiStatus::Retired.tone(), Tone::Unknown);
    }
}
