//! How any status is shown: colour, icon and word always travel together.

/// The four tones every status maps onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tone {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Tone {
    /// The CSS modifier class, `tone-ok` and so on.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "tone-ok",
            Tone::Warning => "tone-warning",
            Tone::Critical => "tone-critical",
            Tone::Unknown => "tone-unknown",
        }
    }

    /// A glyph that reads without colour.
    pub fn icon(self) -> &'static str {
        match self {
            Tone::Ok => "✓",
            Tone::Warning => "▲",
            Tone::Critical => "✕",
            Tone::Unknown => "?",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tone_has_its_own_icon_and_class() {
        let tones = [Tone::Ok, Tone::Warning, Tone::Critical, Tone::Unknown];
        for (i, a) in tones.iter().enumerate() {
            for b in &tones[i + 1..] {
                assert_ne!(a.icon(), b.icon());
                assert_ne!(a.class(), b.class());
            }
        }
    }
}
