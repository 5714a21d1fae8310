//! S10 stalled projects: CPTS that, at the date of the analysis, have stayed at `li` or `ps`
//! longer than a threshold (18 months by default) since the date they reached that stage.

use crate::inputs::listing::Listing;
use crate::model::Stage;
use crate::territory::Territory;
use crate::time::months_between;
use chrono::{Months, NaiveDate};

/// Default threshold of `--stalled-months`: the instructions speak of projects stuck "depuis
/// un temps conséquent"; 18 months is the time the ACI gives a CPTS to deploy its missions.
pub const DEFAULT_STALLED_MONTHS: u32 = 18;

/// Where the date of the analysis comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// `--as-of`.
    AsOf,
    /// No `--as-of`: the latest date the listing records (outputs stay reproducible: never
    /// the clock).
    Listing,
    /// A series: its last date.
    SeriesEnd,
}

impl DateSource {
    /// `as_of` or `latest_listing_date`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::AsOf => "as_of",
            DateSource::Listing => "latest_listing_date",
            DateSource::SeriesEnd => "series_last_date",
        }
    }
}

/// A CPTS stuck at its stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StalledCpts {
    /// Index into the listing.
    pub cpts: usize,
    /// The stage it is stuck at.
    pub stage: Stage,
    /// Since when.
    pub since: NaiveDate,
    /// How many whole months.
    pub months: i64,
    /// Its population.
    pub population: u64,
    /// Its départements.
    pub departements: Vec<String>,
}

/// The stalled CPTS of a run, and what was needed to find them.
#[derive(Debug, Clone, PartialEq)]
pub struct Stalled {
    /// Date of the analysis; `None` when the listing has no date at all.
    pub date: Option<NaiveDate>,
    /// Where the date comes from.
    pub date_source: DateSource,
    /// Months after which a CPTS is stalled.
    pub threshold_months: u32,
    /// Longest stalled first (then by CPTS id).
    pub cpts: Vec<StalledCpts>,
    /// CPTS at `li`/`ps` with no date for that stage: cannot be judged (ids).
    pub since_unknown: Vec<String>,
}

impl Stalled {
    /// S10: the CPTS of the reporting area at `li` or `ps` at the date of the analysis (`as_of`,
    /// else the listing's latest date) whose stage was reached more than `threshold_months`
    /// before it.
    pub(crate) fn of(
        listing: &Listing,
        territory: &Territory,
        as_of: Option<NaiveDate>,
        threshold_months: u32,
    ) -> Stalled {
        let (date, date_source) = match as_of {
            Some(d) => (Some(d), DateSource::AsOf),
            None => (listing.latest_date(), DateSource::Listing),
        };
        let mut cpts = Vec::new();
        let mut since_unknown = Vec::new();
        for (index, c) in listing.cpts.iter().enumerate() {
            if !c.units.iter().any(|&u| territory.in_area(u)) {
                continue;
            }
            let (stage, since) = match c.stage {
                Some(Stage::Li) => (Stage::Li, c.date_li),
                Some(Stage::Ps) => (Stage::Ps, c.date_ps),
                _ => continue,
            };
            let (Some(since), Some(date)) = (since, date) else {
                since_unknown.push(c.id.clone());
                continue;
            };
            let limit = since.checked_add_months(Months::new(threshold_months));
            if limit.is_some_and(|limit| limit < date) {
                let mut departements: Vec<String> = c
                    .units
                    .iter()
                    .map(|&u| territory.units[u].departement.clone())
                    .chain(c.outside_departements.iter().cloned())
                    .collect();
                departements.sort();
                departements.dedup();
                cpts.push(StalledCpts {
                    cpts: index,
                    stage,
                    since,
                    months: months_between(since, date),
                    population: c.population(territory),
                    departements,
                });
            }
        }
        cpts.sort_by(|a, b| {
            b.months
                .cmp(&a.months)
                .then_with(|| listing.cpts[a.cpts].id.cmp(&listing.cpts[b.cpts].id))
        });
        Stalled {
            date,
            date_source,
            threshold_months,
            cpts,
            since_unknown,
        }
    }
}
