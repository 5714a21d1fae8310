//! How long CPTS take from one stage to the next (S10): per scope, the median and quartiles of
//! the months from the lettre d'intention to the projet de santé and from the projet de santé
//! to the ACI, from the listing's dates, over the CPTS that took the step by the date of the
//! analysis.

use crate::coverage::Scopes;
use crate::inputs::listing::Listing;
use crate::model::Stage;
use crate::territory::Territory;
use crate::time::series::reach_of;
use chrono::NaiveDate;

/// A step between two stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Lettre d'intention → projet de santé.
    LiToPs,
    /// Projet de santé → ACI.
    PsToAci,
}

impl Step {
    /// Both steps, in order.
    pub const ALL: [Step; 2] = [Step::LiToPs, Step::PsToAci];

    /// `li_to_ps` or `ps_to_aci`.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::LiToPs => "li_to_ps",
            Step::PsToAci => "ps_to_aci",
        }
    }
}

/// The durations of one step in one scope, in months (days / 30.4375), sorted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Durations {
    /// LI → PS, months, sorted.
    pub li_to_ps: Vec<f64>,
    /// PS → ACI, months, sorted.
    pub ps_to_aci: Vec<f64>,
}

impl Durations {
    /// The durations of `step`.
    pub fn of(&self, step: Step) -> &[f64] {
        match step {
            Step::LiToPs => &self.li_to_ps,
            Step::PsToAci => &self.ps_to_aci,
        }
    }
}

/// Months between two dates, as a decimal (a mean month of 30.4375 days).
fn months(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / 30.4375
}

/// The durations of every step, by scope: each CPTS counted in the scopes its units of the
/// reporting area reach, once per scope, for the steps it had taken by the date of the
/// analysis with both dates known (a step dated backwards is left out).
pub fn stage_durations(territory: &Territory, listing: &Listing) -> Scopes<Durations> {
    let mut scopes: Scopes<Durations> = Scopes::default();
    for c in &listing.cpts {
        let reached = |stage: Stage| c.stage.is_some_and(|s| s >= stage);
        let step = |from: Option<NaiveDate>, to: Option<NaiveDate>, stage: Stage| match (from, to) {
            (Some(a), Some(b)) if reached(stage) && b >= a => Some(months(a, b)),
            _ => None,
        };
        let li_ps = step(c.date_li, c.date_ps, Stage::Ps);
        let ps_aci = step(c.date_ps, c.date_aci, Stage::Aci);
        if li_ps.is_none() && ps_aci.is_none() {
            continue;
        }
        let reach = reach_of(territory, &c.units);
        let add = |d: &mut Durations| {
            d.li_to_ps.extend(li_ps);
            d.ps_to_aci.extend(ps_aci);
        };
        if reach.0 {
            add(&mut scopes.france);
        }
        for region in &reach.1 {
            add(scopes.regions.entry(region.clone()).or_default());
        }
        for dep in &reach.2 {
            add(scopes.departements.entry(dep.clone()).or_default());
        }
    }
    let sort = |d: &mut Durations| {
        d.li_to_ps.sort_by(f64::total_cmp);
        d.ps_to_aci.sort_by(f64::total_cmp);
    };
    sort(&mut scopes.france);
    scopes.regions.values_mut().for_each(sort);
    scopes.departements.values_mut().for_each(sort);
    scopes
}

/// The `q`-quantile of sorted values, interpolated linearly between ranks (the default of
/// numpy, pandas and R's type 7); `None` for no value.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = q.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    Some(sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_quartiles_interpolate_as_pandas_does() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.75), Some(3.25));
        assert_eq!(quantile(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn s10_a_month_is_a_mean_month() {
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date");
        let m = months(d("2023-01-01"), d("2024-01-01"));
        assert!((m - 12.0).abs() < 0.01, "{m}");
    }
}
