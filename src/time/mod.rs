//! Time (S10): coverage and zones at a list of dates ([`series`]), what changed between two
//! listings or two dates ([`compare`]), and the CPTS stuck at one stage ([`stalled`]).

pub mod compare;
pub mod durations;
pub mod series;
pub mod stalled;

use chrono::{Months, NaiveDate};

/// How often a series takes a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every month.
    Month,
    /// Every three months.
    Quarter,
    /// Every year.
    Year,
}

impl Every {
    /// `month`, `quarter`, `year` (or `mois`, `trimestre`, `année`).
    pub fn parse(text: &str) -> Option<Every> {
        match text.trim().to_lowercase().as_str() {
            "month" | "monthly" | "mois" => Some(Every::Month),
            "quarter" | "quarterly" | "trimestre" => Some(Every::Quarter),
            "year" | "yearly" | "annual" | "an" | "année" => Some(Every::Year),
            _ => None,
        }
    }

    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Year => 12,
        }
    }
}

/// The dates `from`, `from + 1 step`, … up to `to` included. Each date is `from` plus a whole
/// number of steps (no drift: 31 January + 1 month is 28/29 February, + 2 months 31 March).
pub fn dates_between(from: NaiveDate, to: NaiveDate, every: Every) -> Vec<NaiveDate> {
    (0u32..)
        .map_while(|k| from.checked_add_months(Months::new(k * every.months())))
        .take_while(|d| *d <= to)
        .collect()
}

/// Whole months from `since` to `date` (a month counts once its day of the month is reached).
pub fn months_between(since: NaiveDate, date: NaiveDate) -> i64 {
    use chrono::Datelike;
    let mut months = (date.year() as i64 - since.year() as i64) * 12 + date.month() as i64
        - since.month() as i64;
    if date.day() < since.day() {
        months -= 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn s10_dates_step_from_the_first_without_drift() {
        let dates = dates_between(d("2023-01-31"), d("2023-04-30"), Every::Month);
        assert_eq!(
            dates,
            [
                d("2023-01-31"),
                d("2023-02-28"),
                d("2023-03-31"),
                d("2023-04-30")
            ]
        );
        assert_eq!(
            dates_between(d("2023-01-01"), d("2026-11-01"), Every::Month).len(),
            47
        );
        assert_eq!(
            dates_between(d("2023-01-01"), d("2023-12-31"), Every::Quarter).len(),
            4
        );
        assert!(dates_between(d("2024-01-01"), d("2023-01-01"), Every::Year).is_empty());
    }

    #[test]
    fn s10_months_count_once_the_day_is_reached() {
        assert_eq!(months_between(d("2023-03-15"), d("2024-09-14")), 17);
        assert_eq!(months_between(d("2023-03-15"), d("2024-09-15")), 18);
        assert_eq!(months_between(d("2024-01-31"), d("2024-02-29")), 0);
    }
}
