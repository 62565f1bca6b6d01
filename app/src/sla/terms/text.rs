//! Durations (`1h30m`) and service hours (`Mon-Fri 08:00-18:00`) as SLA managers write
//! them, read and written back.

use crate::sla::clock::Calendar;
use chrono::NaiveTime;

/// `30m`, `4h`, `1h30m` or `2h 15m` as minutes (more than zero).
pub fn parse_minutes(text: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut number = String::new();
    let mut seen = false;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total = total.checked_add(if c == 'h' { n.checked_mul(60)? } else { n })?;
                seen = true;
            }
            _ => return None,
        }
    }
    (seen && number.is_empty() && total > 0).then_some(total)
}

/// Minutes as `4h`, `30m` or `1h30m`.
pub fn format_minutes(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn day_index(name: &str) -> Option<usize> {
    DAYS.iter().position(|d| d.eq_ignore_ascii_case(name))
}

/// Coverage windows: `24x7`, or parts like `Mon-Fri 08:00-18:00` separated by commas or
/// lines, one window per day at most; `24:00` closes at midnight.
pub fn parse_hours(text: &str) -> Result<Calendar, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("24x7") {
        return Ok(Calendar::always());
    }
    let mut days = [None; 7];
    let parts: Vec<&str> = text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("Enter the business hours, such as Mon-Fri 08:00-18:00, or 24x7.".into());
    }
    for part in parts {
        let bad = || format!("“{part}” is not like Mon-Fri 08:00-18:00.");
        let (which, window) = part.split_once(' ').ok_or_else(bad)?;
        let range = match which.split_once('-') {
            Some((a, b)) => (day_index(a).ok_or_else(bad)?, day_index(b).ok_or_else(bad)?),
            None => {
                let d = day_index(which).ok_or_else(bad)?;
                (d, d)
            }
        };
        let (opens, closes) = window.trim().split_once('-').ok_or_else(bad)?;
        let time = |t: &str| match t.trim() {
            "24:00" => Some(NaiveTime::MIN),
            t => NaiveTime::parse_from_str(t, "%H:%M").ok(),
        };
        let (opens, closes) = (time(opens).ok_or_else(bad)?, time(closes).ok_or_else(bad)?);
        if closes != NaiveTime::MIN && closes <= opens {
            return Err(format!("“{part}” closes before it opens."));
        }
        if range.0 > range.1 {
            return Err(format!(
                "“{part}” runs backwards; write the days Monday first."
            ));
        }
        for day in &mut days[range.0..=range.1] {
            if day.is_some() {
                return Err(format!("“{part}” covers a day twice."));
            }
            *day = Some((opens, closes));
        }
    }
    Ok(Calendar {
        days,
        holidays: Vec::new(),
    })
}

/// The canonical text of a calendar's windows: runs of days with the same window.
pub fn write_hours(calendar: &Calendar) -> String {
    if calendar
        .days
        .iter()
        .all(|d| *d == Some((NaiveTime::MIN, NaiveTime::MIN)))
    {
        return "24x7".into();
    }
    let time = |t: NaiveTime, closing: bool| {
        if closing && t == NaiveTime::MIN {
            "24:00".to_owned()
        } else {
            t.format("%H:%M").to_string()
        }
    };
    let mut parts = Vec::new();
    let mut i = 0;
    while i < 7 {
        let Some(window) = calendar.days[i] else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 1 < 7 && calendar.days[j + 1] == Some(window) {
            j += 1;
        }
        let days = if i == j {
            DAYS[i].to_owned()
        } else {
            format!("{}-{}", DAYS[i], DAYS[j])
        };
        parts.push(format!(
            "{days} {}-{}",
            time(window.0, false),
            time(window.1, true)
        ));
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write_back() {
        assert_eq!(parse_minutes("30m"), Some(30));
        assert_eq!(parse_minutes("4h"), Some(240));
        assert_eq!(parse_minutes("1h 30m"), Some(90));
        assert_eq!(parse_minutes("90"), None);
        assert_eq!(parse_minutes("0m"), None);
        assert_eq!(parse_minutes("4 days"), None);
        assert_eq!(format_minutes(90), "1h30m");
        assert_eq!(format_minutes(240), "4h");
        assert_eq!(format_minutes(15), "15m");
    }

    #[test]
    fn hours_read_to_a_calendar_and_back() {
        let calendar = parse_hours("Mon-Fri 08:00-18:00, sat 09:00-13:00").unwrap();
        assert_eq!(calendar.days[6], None);
        assert_eq!(
            write_hours(&calendar),
            "Mon-Fri 08:00-18:00, Sat 09:00-13:00"
        );
        assert_eq!(write_hours(&parse_hours("24x7").unwrap()), "24x7");
        assert_eq!(
            write_hours(&parse_hours("Mon-Sun 00:00-24:00").unwrap()),
            "24x7"
        );
        assert_eq!(
            parse_hours("Mon-Fri 18:00-08:00").unwrap_err(),
            "“Mon-Fri 18:00-08:00” closes before it opens."
        );
        assert!(parse_hours("Mon-Fri 08:00-18:00, Fri 09:00-10:00")
            .unwrap_err()
            .contains("twice"));
        assert!(parse_hours("weekdays").is_err());
        assert!(parse_hours("").is_err());
    }
}
