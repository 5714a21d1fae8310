//! Dates as listings write them: ISO, French `DD/MM/YYYY` and a few variants.

use crate::model::InvalidValue;
use chrono::NaiveDate;

/// ISO `YYYY-MM-DD` (a time part is ignored), French `DD/MM/YYYY`, or `YYYY/MM/DD`; empty → `None`.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, InvalidValue> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    // Fast path for ISO dates, the common case of machine-made listings.
    let b = date_part.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let field =
            |r: std::ops::Range<usize>| date_part.get(r).and_then(|t| t.parse::<u32>().ok());
        if let (Some(y), Some(m), Some(d)) = (field(0..4), field(5..7), field(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d)
                .map(Some)
                .ok_or(InvalidValue);
        }
    }
    for format in ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, format) {
            return Ok(Some(d));
        }
    }
    Err(InvalidValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_and_french_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 1);
        assert_eq!(parse_date("2024-02-01"), Ok(d));
        assert_eq!(parse_date("01/02/2024"), Ok(d));
        assert_eq!(parse_date("2024-02-01 00:00:00"), Ok(d));
        assert_eq!(parse_date(""), Ok(None));
        assert!(parse_date("2024-02-30").is_err());
        assert!(parse_date("bientôt").is_err());
    }
}
