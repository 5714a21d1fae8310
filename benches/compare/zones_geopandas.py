"""The `zones` job done the usual way, with GeoPandas/Shapely 2, for a side-by-side benchmark.

Same inputs, rules and files as `zones-blanches zones` (S1-S5): units = communes and
arrondissements (the city features of Paris/Lyon/Marseille dropped), population from the
layer's `population_municipale_2023`,
listing codes resolved through the COG (former codes, city codes covering their
arrondissements), stage of a unit = the most advanced of its CPTS, zone blanche = stage below
lettre d'intention, Lambert-93 / UTM per département, adjacency = shared boundary > 1 m or
overlap > 1 m2, connected components, dissolve. Writes the files the engine writes for the
same job: units.csv, coverage.csv (France, régions, départements), zones.csv, units.geojson and
zones.geojson (WGS84), plus zones.json (zone memberships, for the identity check).
Prints the wall time of the whole job.
Usage: python zones_geopandas.py COMMUNES.geojson.gz LISTING.csv COG.csv.gz OUT_DIR
"""
import json
import os
import sys
import time
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

communes_path, listing_path, cog_path, out_dir = sys.argv[1:5]
os.makedirs(out_dir, exist_ok=True)
t0 = time.perf_counter()

units = gpd.read_file(("/vsigzip/" if communes_path.endswith(".gz") else "") + communes_path)
units = units[~units["code"].isin(["75056", "69123", "13055"])].reset_index(drop=True)

cog = pd.read_csv(cog_path, dtype=str, keep_default_na=False)
current = set(cog.loc[cog["type"].isin(["commune-actuelle", "arrondissement-municipal"]), "code"])
former = {}
for code, olds in cog.loc[cog["type"] == "commune-actuelle", ["code", "anciens_codes"]].itertuples(index=False):
    for old in filter(None, olds.split("|")):
        former[old] = code
for code, parent in cog.loc[cog["type"].isin(["commune-deleguee", "commune-associee"]), ["code", "chef_lieu"]].itertuples(index=False):
    if code not in current and parent:
        former.setdefault(code, parent)
arrondissements = cog[cog["type"] == "arrondissement-municipal"].groupby("commune_parent")["code"].apply(list).to_dict()


def norm(label):
    text = unicodedata.normalize("NFD", label).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


RANK = {"preprojet": 0, "li": 1, "ps": 2, "aci": 3}
STAGE = {
    "pre projet": 0, "preprojet": 0, "emergence": 0,
    "li": 1, "lettre d intention": 1, "lettre d intention validee": 1,
    "ps": 2, "projet de sante": 2, "projet de sante valide": 2,
    "aci": 3, "aci signe": 3, "contrat": 3, "contrat signe": 3, "en fonctionnement": 3,
}
NAMES = ["preprojet", "li", "ps", "aci"]
listing = pd.read_csv(listing_path, sep=None, engine="python", dtype=str, keep_default_na=False)
stage_of, cpts_of = {}, {}
for row in listing.itertuples(index=False):
    rank = STAGE.get(norm(row.stage))
    if rank is None:
        continue
    arr = getattr(row, "arrondissement_code", "").strip()
    code = row.commune_code.strip()
    code = code if code in current else former.get(code, code)
    for unit in [arr] if arr else arrondissements.get(code, [code]):
        stage_of[unit] = max(stage_of.get(unit, -1), rank)
        cpts_of.setdefault(unit, set()).add(row.cpts_id)

# The layer's own population property, as the engine takes it when the layer has one.
units["population"] = units["population_municipale_2023"].fillna(0).astype(int)
units["rank"] = units["code"].map(stage_of).fillna(-1).astype(int)
units["stage"] = units["rank"].map(lambda r: NAMES[r] if r >= 0 else "")
units["cpts_ids"] = units["code"].map(lambda c: ";".join(sorted(cpts_of.get(c, ()))))
units["uncovered"] = units["rank"] < 1

# Coverage by scope: population by stage and shares.
rows = []
for scope_type, key in [("france", None), ("region", "region"), ("departement", "departement")]:
    groups = [("FR", units)] if key is None else units.groupby(key)
    for code, g in groups:
        total = int(g["population"].sum())
        by = {name: int(g.loc[g["rank"] == r, "population"].sum()) for r, name in enumerate(NAMES)}
        none = total - sum(by.values())
        share = lambda p: round(100 * p / total, 2) if total else 0.0
        rows.append({
            "scope_type": scope_type, "scope_code": code, "population_total": total,
            "pop_aci": by["aci"], "pop_ps": by["ps"], "pop_li": by["li"],
            "pop_preprojet": by["preprojet"], "pop_none": none,
            "pct_ge_li": share(by["aci"] + by["ps"] + by["li"]),
            "pct_ge_ps": share(by["aci"] + by["ps"]), "pct_aci": share(by["aci"]), "units": len(g),
        })
pd.DataFrame(rows).to_csv(os.path.join(out_dir, "coverage.csv"), index=False)


def crs_of(dep):
    return {"971": 5490, "972": 5490, "977": 5490, "978": 5490, "973": 2972, "974": 2975,
            "975": 4467, "976": 4471}.get(dep, 2154)


units["zone_id"] = ""
zones = []
for epsg, group in units.groupby(units["departement"].map(crs_of)):
    white = group[group["uncovered"]]
    if white.empty:
        continue
    index = white.index.values
    metric = white.geometry.to_crs(epsg=epsg).reset_index(drop=True)
    left_i, right_i = metric.sindex.query(metric, predicate="intersects")
    keep = left_i < right_i
    left_i, right_i = left_i[keep], right_i[keep]
    left, right = metric.values[left_i], metric.values[right_i]
    shared = left.boundary.intersection(right.boundary).length
    overlap = left.intersection(right).area
    adjacent = (shared > 1.0) | (overlap > 1.0)
    n = len(white)
    graph = coo_matrix((np.ones(adjacent.sum()), (left_i[adjacent], right_i[adjacent])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    parts = gpd.GeoDataFrame({"component": labels, "unit": index}, geometry=metric.values, crs=epsg)
    dissolved = parts.dissolve(by="component", aggfunc={"unit": list})
    for geometry, members in zip(dissolved.geometry, dissolved["unit"]):
        zones.append((members, geometry.area / 1e6, gpd.GeoSeries([geometry], crs=epsg).to_crs(4326).iloc[0]))

# Zones by population (then first code), named Z0001…
records = []
for members, area, outline in zones:
    sub = units.loc[members]
    records.append((int(sub["population"].sum()), sorted(sub["code"]), sub, area, outline))
records.sort(key=lambda r: (-r[0], r[1][0]))
zone_rows, zone_geoms = [], []
for k, (pop, codes, sub, area, outline) in enumerate(records, start=1):
    zone_id = f"Z{k:04d}"
    units.loc[sub.index, "zone_id"] = zone_id
    main = sub.sort_values(["population", "code"], ascending=[False, True]).iloc[0]
    zone_rows.append({
        "zone_id": zone_id, "population": pop, "units": len(codes), "area_km2": round(area, 2),
        "departements": ";".join(sorted(set(sub["departement"]))), "codes": ";".join(codes),
        "zone_name": main["nom"],
    })
    zone_geoms.append(outline)
zones_table = pd.DataFrame(zone_rows)
zones_table.to_csv(os.path.join(out_dir, "zones.csv"), index=False)
gpd.GeoDataFrame(zones_table, geometry=zone_geoms, crs=4326).to_file(
    os.path.join(out_dir, "zones.geojson"), driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=7)

columns = ["code", "nom", "departement", "region", "epci", "population", "stage", "cpts_ids", "zone_id"]
units[columns].rename(columns={"nom": "name"}).to_csv(os.path.join(out_dir, "units.csv"), index=False)
units[columns + ["geometry"]].rename(columns={"nom": "name"}).to_file(
    os.path.join(out_dir, "units.geojson"), driver="GeoJSON", engine="pyogrio")

elapsed = time.perf_counter() - t0
with open(os.path.join(out_dir, "zones.json"), "w") as f:
    json.dump(sorted(r[1] for r in records), f)
print(f"{elapsed:.3f}")
