// Convert the JSON files of the npm package @etalab/decoupage-administratif (Licence Ouverte)
// into the COG reference tables shipped in data/cog/. Usage: node cog-from-npm.mjs PACKAGE_DIR OUT_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error("usage: node cog-from-npm.mjs PACKAGE_DIR OUT_DIR");
  process.exit(2);
}
const load = (name) => JSON.parse(readFileSync(join(pkg, "data", name), "utf8"));

const csvField = (value) => {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csvLine = (fields) => fields.map(csvField).join(",") + "\r\n"; // CRLF, as the reference file

// Commune → EPCI, from the EPCI member lists.
const epciOf = new Map();
for (const epci of load("epci.json")) {
  for (const member of epci.membres) {
    epciOf.set(member.code, epci);
  }
}

let communes = csvLine([
  "code", "nom", "type", "zone", "departement", "region", "arrondissement", "epci_siren",
  "epci_nom", "epci_type", "population_municipale", "chef_lieu", "commune_parent",
  "anciens_codes", "siren",
]);
for (const c of load("communes.json")) {
  const epci = c.type === "commune-actuelle" ? epciOf.get(c.code) : undefined;
  communes += csvLine([
    c.code, c.nom, c.type, c.zone, c.departement, c.region, c.arrondissement,
    epci?.code, epci?.nom, epci?.type, c.population, c.chefLieu, c.commune,
    (c.anciensCodes ?? []).join("|"), c.siren,
  ]);
}
writeFileSync(join(out, "cog-communes.csv"), communes);

let departements = csvLine(["code", "nom", "region", "zone"]);
for (const d of load("departements.json")) {
  departements += csvLine([d.code, d.nom, d.region, d.zone]);
}
writeFileSync(join(out, "departements.csv"), departements);

let regions = csvLine(["code", "nom", "zone"]);
for (const r of load("regions.json")) {
  regions += csvLine([r.code, r.nom, r.zone]);
}
writeFileSync(join(out, "regions.csv"), regions);
