//! The report's printable pages (S8 amendment): one per zone blanche (its map, communes,
//! options with scores, the plan as built) and one per CPTS the plan concerns (perimeter,
//! population and size class before and after, stage and dates, ACI envelope, neighbours) —
//! what an ARS sends to CPTS leaders and the CPAM.

use super::{Report, escape, fr, thousands};
use crate::model::SizeClass;
use crate::model::catalogue::Lang;
use crate::plan::options::{Component, CoverageOption, OptionKind};
use crate::plan::{PlanTarget, TargetKind};
use crate::render::map::{Layer, MapInput, render_svg};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// Width of a printed map, px: printed 190 mm wide, its smallest text (7.2 px) is 8 pt.
pub(super) const PRINT_MAP_WIDTH: f64 = 480.0;

/// Width of a zone's map, px: printed at the same scale as the report's map (158 mm).
pub(super) const ZONE_MAP_WIDTH: f64 = 400.0;

/// Rows (options and communes) that fit on a zone's page under its map (≈ 22 measured).
const ROWS_ON_MAP_PAGE: usize = 18;

/// Beyond this many zones without a reporting area, the pages are left to région or
/// département runs (the report says so).
const MAX_PAGES_NATIONAL: usize = 60;

/// An option's kind in a word or two, for the zone pages.
fn short_kind_fr(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::Extend => "Extension",
        OptionKind::Split => "Partage selon les EPCI",
        OptionKind::Create => "Nouvelle CPTS",
        OptionKind::Mentor => "Accompagnement",
    }
}

/// A score component in French.
fn component_fr(c: Component) -> &'static str {
    match c {
        Component::Border => "frontière",
        Component::Maturity => "maturité",
        Component::Absorption => "absorption",
        Component::Departement => "département",
        Component::Proximity => "proximité",
        Component::Flows => "flux",
        Component::Size => "taille",
        Component::Compactness => "compacité",
        Component::Autonomy => "autonomie",
        Component::Msp => "MSP",
        Component::MspGap => "sans MSP",
        Component::Epci => "EPCI",
    }
}

impl Report<'_> {
    /// Whether the report has its pages and its commune-by-commune plan (a reporting area, or
    /// few zones): the national report leaves them to `plan.csv` and the régions' reports.
    pub(super) fn has_pages(&self) -> bool {
        self.territory.area.is_some() || self.zones.len() <= MAX_PAGES_NATIONAL
    }

    /// One page per zone, in zone order (the first one follows the report, each other one
    /// starts a page).
    pub(super) fn zone_pages(&self, html: &mut String) {
        if !self.has_pages() {
            let _ = writeln!(
                html,
                "<section id=\"fiches\"><h2>Fiches par zone et par CPTS</h2><p>{} zones blanches : les fiches imprimables (une page par zone et par CPTS concernée) sont produites par les analyses d'une région (<code>--region</code>) ou d'un département (<code>--departement</code>).</p></section>",
                self.zones.len()
            );
            return;
        }
        let pages: Vec<String> = (0..self.zones.len())
            .into_par_iter()
            .map(|z| self.zone_page(z))
            .collect();
        for page in pages {
            html.push_str(&page);
        }
    }

    fn zone_page(&self, z: usize) -> String {
        let run = self.run;
        let zone = &self.zones[z];
        let units = &self.territory.units;
        let mut html = String::with_capacity(64 << 10);
        let _ = write!(
            html,
            "<section class=\"page zone-page\" id=\"fiche-{id}\" data-zone=\"{id}\"><div class=\"zone-head\"><h2>Zone {id} · {key} — {name}</h2>\
             <p class=\"figures\"><b>{pop} hab.</b> · {n} commune{s} · {area} km² · dép. {deps}</p>",
            id = zone.id,
            key = zone.key,
            name = escape(&zone.name),
            pop = thousands(zone.population),
            n = zone.units.len(),
            s = if zone.units.len() > 1 { "s" } else { "" },
            area = fr((zone.area_km2 * 10.0).round() / 10.0),
            deps = escape(&zone.departements.join(", ")),
        );
        let mut input = MapInput::of(&run.zoning, Some(&run.plan));
        input.title = format!("{} · {}", zone.id, zone.key);
        input.focus = Some(zone.units.clone());
        // One short line: the report's "Données" section names every input.
        input.source = "Sources : voir « Données » en tête du rapport".to_string();
        html.push_str("<div class=\"zone-map\">");
        html.push_str(&render_svg(&input, &Layer::ALL, ZONE_MAP_WIDTH));
        // The heading, figures and map stay together on paper.
        html.push_str("</div></div>");
        let recommended = run.options[z].first();
        let _ = write!(
            html,
            "<h3>Plan retenu</h3><p class=\"built\">{}</p>",
            escape(&run.zone_plan_text(z, Lang::Fr))
        );
        if run.zone_decided(z) || run.plan.followed[z] != Some(0) {
            let _ = write!(
                html,
                "<p class=\"note\">{}</p>",
                match (run.zone_decided(z), recommended) {
                    (true, _) => "Décidé par la task force : le plan suit les décisions, non l'option recommandée.".to_string(),
                    (false, Some(_)) => match run.plan.followed[z] {
                        Some(i) => format!("Le plan suit l'option {} : les options mieux classées ne tiennent pas (plafond, décisions, CPTS déjà étendue).", i + 1),
                        None => "Le plan place les communes une à une (aucune option ne tient entière).".to_string(),
                    },
                    (false, None) => String::new(),
                }
            );
        }
        self.options_table(&mut html, z);
        // A zone too long for one page starts its communes on the next one, so that no page
        // holds only the tail of a table.
        // (A table of three communes or fewer stays: alone on a page it would be a scrap.)
        let long =
            run.options[z].len() + zone.units.len() > ROWS_ON_MAP_PAGE && zone.units.len() > 3;
        let _ = write!(
            html,
            "<h3{}>Communes ({})</h3><table class=\"communes\"><thead><tr><th>Code</th><th>Commune</th><th class=\"n\">Population</th><th>EPCI</th><th>Cible du plan</th></tr></thead><tbody>",
            if long { " class=\"next-page\"" } else { "" },
            zone.units.len()
        );
        let plan = &run.plan;
        for &u in &zone.units {
            let unit = &units[u];
            let _ = write!(
                html,
                "<tr{ctx}><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                unit.code,
                escape(&unit.name),
                thousands(unit.population),
                escape(unit.epci.as_deref().map_or("", |e| self.epci_name(e))),
                plan.target_of[u].map_or(String::new(), |t| escape(&plan.targets[t].name)),
                ctx = if self.territory.in_area(u) {
                    ""
                } else {
                    " class=\"context\""
                },
            );
        }
        html.push_str("</tbody></table></section>\n");
        html
    }

    /// The options of zone `z`, ranked, with their score and its three largest components.
    fn options_table(&self, html: &mut String, z: usize) {
        let options = &self.run.options[z];
        if options.is_empty() {
            html.push_str("<p>Aucune option.</p>");
            return;
        }
        html.push_str("<h3>Options</h3><table class=\"options\"><thead><tr><th class=\"n\">Rang</th><th>Mode</th><th>Cible</th><th class=\"n\">Score</th><th>Points forts</th></tr></thead><tbody>");
        for (r, o) in options.iter().enumerate() {
            let mut parts: Vec<_> = o.components.iter().collect();
            parts.sort_by(|a, b| b.points.total_cmp(&a.points));
            let points: Vec<String> = parts
                .iter()
                .take(2)
                .map(|s| format!("{} {:.0}", component_fr(s.component), s.points))
                .collect();
            let _ = write!(
                html,
                "<tr><td class=\"n\">{}</td><td class=\"kind-{}\">{}</td><td>{}</td><td class=\"n\">{:.0}</td><td class=\"note\">{}</td></tr>",
                r + 1,
                o.kind.as_str(),
                short_kind_fr(o.kind),
                escape(&self.option_target(o)),
                o.score,
                points.join(", ")
            );
        }
        html.push_str("</tbody></table>");
    }

    /// What an option extends, shares the zone among, or forms, by name.
    pub(super) fn option_target(&self, o: &CoverageOption) -> String {
        o.target_names(self.listing, self.territory).join(", ")
    }

    /// One page per CPTS the plan concerns (extended, matured or new), in plan order.
    pub(super) fn cpts_pages(&self, html: &mut String) {
        if !self.has_pages() {
            return;
        }
        let funding: HashMap<&str, (u64, u64)> = self
            .run
            .funding
            .rows
            .iter()
            .map(|r| (r.id.as_str(), (r.envelope_before, r.envelope_after)))
            .collect();
        let pages: Vec<String> = self
            .run
            .plan
            .targets
            .par_iter()
            .enumerate()
            .map(|(t, target)| self.cpts_page(t, target, funding.get(target.id.as_str())))
            .collect();
        for page in pages {
            html.push_str(&page);
        }
    }

    fn cpts_page(&self, t: usize, target: &PlanTarget, envelope: Option<&(u64, u64)>) -> String {
        let units = &self.territory.units;
        let (kind, stage, dates) = match target.kind {
            TargetKind::Existing(c) => {
                let cpts = &self.listing.cpts[c];
                let date = |d: Option<chrono::NaiveDate>| {
                    d.map_or("—".to_string(), |d| d.format("%d/%m/%Y").to_string())
                };
                (
                    if target.mature {
                        "Projet à faire mûrir"
                    } else {
                        "CPTS étendue"
                    },
                    cpts.stage
                        .map_or("pré-projet", |s| s.label_fr())
                        .to_string(),
                    format!(
                        "LI {} · PS {} · ACI {}",
                        date(cpts.date_li),
                        date(cpts.date_ps),
                        date(cpts.date_aci)
                    ),
                )
            }
            TargetKind::New { mentor, .. } => (
                if mentor.is_some() {
                    "Nouvelle CPTS accompagnée"
                } else {
                    "Nouvelle CPTS"
                },
                "à créer".to_string(),
                mentor.map_or(String::new(), |c| {
                    format!("accompagnée par {}", self.listing.cpts[c].name)
                }),
            ),
        };
        let (before, after) = envelope.copied().unwrap_or((0, 0));
        let class = |p: u64| {
            if p == 0 {
                "—"
            } else {
                SizeClass::of_population(p).as_str()
            }
        };
        let mut html = String::with_capacity(16 << 10);
        let _ = write!(
            html,
            "<section class=\"page cpts-page\" id=\"cpts-{id}\" data-cpts=\"{id}\"><h2>{name} <span class=\"note\">({id})</span></h2>\
             <p class=\"figures\">{kind} · étape : {stage}{dates_sep}{dates}</p>\
             <table class=\"before-after\"><thead><tr><th></th><th class=\"n\">Avant le plan</th><th class=\"n\">Après le plan</th></tr></thead><tbody>\
             <tr><td>Communes</td><td class=\"n\">{nb}</td><td class=\"n\">{na}</td></tr>\
             <tr><td>Population</td><td class=\"n\">{pb} hab.</td><td class=\"n\">{pa} hab.</td></tr>\
             <tr><td>Classe de taille</td><td class=\"n\">{cb}</td><td class=\"n\">{ca}</td></tr>\
             <tr><td>Enveloppe ACI (€/an)</td><td class=\"n\">{eb}</td><td class=\"n\">{ea}</td></tr></tbody></table>",
            id = escape(&target.id),
            name = escape(&target.name),
            dates_sep = if dates.is_empty() { "" } else { " · " },
            dates = escape(&dates),
            nb = target.units_before.len(),
            na = target.units_before.len() + target.units_added.len(),
            pb = thousands(target.population_before),
            pa = thousands(target.population_after),
            cb = class(target.population_before),
            ca = class(target.population_after),
            eb = thousands(before),
            ea = thousands(after),
        );
        if let Some(note) = &target.note {
            let _ = write!(
                html,
                "<p class=\"note\">{}</p>",
                escape(&note.say(Lang::Fr))
            );
        }
        let _ = write!(
            html,
            "<h3>Communes ajoutées par le plan ({})</h3><table class=\"communes\"><thead><tr><th>Code</th><th>Commune</th><th class=\"n\">Population</th><th>Zone</th><th>Décidé</th></tr></thead><tbody>",
            target.units_added.len()
        );
        let plan = &self.run.plan;
        for &u in &target.units_added {
            let zone = self.zones.zone_of[u].map(|z| &self.zones[z]);
            let _ = write!(
                html,
                "<tr{}><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                if self.territory.in_area(u) {
                    ""
                } else {
                    " class=\"context\""
                },
                units[u].code,
                escape(&units[u].name),
                thousands(units[u].population),
                zone.map_or(String::new(), |z| format!("{} ({})", z.id, z.key)),
                if plan.decided[u] { "oui" } else { "" }
            );
        }
        html.push_str("</tbody></table>");
        let neighbours = self.neighbours(t, target);
        let _ = writeln!(
            html,
            "<h3>Voisines après le plan ({})</h3><p>{}</p></section>",
            neighbours.len(),
            escape(&neighbours.into_iter().collect::<Vec<_>>().join(", "))
        );
        html
    }

    /// The names of the CPTS (existing or planned) that border a target once the plan is
    /// carried out.
    fn neighbours(&self, t: usize, target: &PlanTarget) -> BTreeSet<String> {
        let plan = &self.run.plan;
        let adjacency = &self.run.zoning.adjacency;
        let cover = &self.coverage_run.cover;
        let own = match target.kind {
            TargetKind::Existing(c) => Some(c),
            TargetKind::New { .. } => None,
        };
        let mut names = BTreeSet::new();
        for &u in target.units_before.iter().chain(&target.units_added) {
            for &(v, _) in adjacency.neighbours(u) {
                if let Some(tv) = plan.target_of[v]
                    && tv != t
                {
                    names.insert(plan.targets[tv].name.clone());
                }
                for &c in &cover.units[v].cpts {
                    if Some(c) != own
                        && self.listing.cpts[c]
                            .stage
                            .is_some_and(|s| s >= self.min_stage)
                    {
                        names.insert(self.listing.cpts[c].name.clone());
                    }
                }
            }
        }
        if let Some(own) = own {
            names.remove(&self.listing.cpts[own].name);
        }
        names
    }
}
