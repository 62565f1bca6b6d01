//! Asset tags: a pattern such as `A###` (the default) or `LAP-#####` gives new assets the
//! prefix and a number of at least that many digits, counting up from the highest so far.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPattern {
    prefix: String,
    digits: usize,
}

impl Default for TagPattern {
    fn default() -> Self {
        TagPattern {
            prefix: "A".into(),
            digits: 3,
        }
    }
}

impl FromStr for TagPattern {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let prefix = text.trim_end_matches('#');
        let digits = text.len() - prefix.len();
        let prefix_ok = prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            && !prefix.ends_with(|c: char| c.is_ascii_digit());
        if digits == 0 || !prefix_ok || text.len() > 20 {
            return Err(format!(
                "the asset tag pattern {text:?} should be capital letters or dashes followed by # for each digit, e.g. A### or LAP-#####"
            ));
        }
        Ok(TagPattern {
            prefix: prefix.to_owned(),
            digits,
        })
    }
}

impl fmt::Display for TagPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.prefix, "#".repeat(self.digits))
    }
}

impl TagPattern {
    /// The tag after the highest one numbered so far, e.g. A008 after A007.
    pub fn next(&self, highest: u64) -> String {
        format!(
            "{}{:0width$}",
            self.prefix,
            highest + 1,
            width = self.digits
        )
    }

    /// The number of a tag that follows this pattern, if it does.
    pub fn number(&self, tag: &str) -> Option<u64> {
        let digits = tag.strip_prefix(&self.prefix)?;
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    }

    /// The next `count` free tags after the highest of `taken` that follows the pattern.
    pub fn following<'a>(
        &self,
        taken: impl IntoIterator<Item = &'a str>,
        count: usize,
    ) -> Vec<String> {
        let highest = taken
            .into_iter()
            .filter_map(|t| self.number(&t.trim().to_uppercase()))
            .max()
            .unwrap_or(0);
        (0..count as u64).map(|i| self.next(highest + i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_count_up_from_the_highest() {
        let tags = TagPattern::default();
        assert_eq!(tags.next(0), "A001");
        assert_eq!(tags.next(7), "A008");
        assert_eq!(tags.next(999), "A1000");
        assert_eq!(tags.number("A042"), Some(42));
        assert_eq!(tags.number("B042"), None);
        assert_eq!(tags.number("A"), None);
        assert_eq!(tags.number("A-1"), None);
        assert_eq!(
            tags.following(["A007", "LAP-00090", "a002"], 2),
            ["A008", "A009"]
        );
    }

    #[test]
    fn a_pattern_is_a_prefix_and_a_digit_count() {
        let laptops: TagPattern = "LAP-#####".parse().unwrap();
        assert_eq!(laptops.next(41), "LAP-00042");
        assert_eq!(laptops.number("LAP-00042"), Some(42));
        assert_eq!(laptops.number("A042"), None);
        assert_eq!(laptops.to_string(), "LAP-#####");
        assert_eq!("###".parse::<TagPattern>().unwrap().next(0), "001");
        for bad in ["A", "a###", "A#B#", "IT2###", "TOO-LONG-PREFIX-######"] {
            assert!(bad.parse::<TagPattern>().is_err(), "{bad}");
        }
    }
}
