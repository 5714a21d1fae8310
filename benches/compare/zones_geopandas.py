"""The `zones` job done the usual way, with GeoPandas/Shapely, for a side-by-side benchmark.

Same inputs and rules as zones-blanches (S1–S5): units = communes and arrondissements (the
city features of Paris/Lyon/Marseille dropped), listing codes resolved through the COG (former
codes, city codes covering their arrondissements), covered = stage >= lettre d'intention,
Lambert-93 / UTM per département, adjacency = shared boundary > 1 m or overlap > 1 m²,
connected components, dissolve. Prints the wall time and writes zone memberships as JSON.
Usage: python zones_geopandas.py COMMUNES.geojson.gz LISTING.csv COG.csv.gz OUT.json
"""
import gzip
import json
import sys
import time
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

communes_path, listing_path, cog_path, out_path = sys.argv[1:5]
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


COVERED = {"li", "lettre d intention", "lettre d intention validee", "ps", "projet de sante",
           "projet de sante valide", "aci", "aci signe", "contrat", "contrat signe", "en fonctionnement"}
listing = pd.read_csv(listing_path, sep=None, engine="python", dtype=str, keep_default_na=False)
covered = set()
for row in listing.itertuples(index=False):
    if norm(row.stage) not in COVERED:
        continue
    code = row.commune_code.strip()
    arr = getattr(row, "arrondissement_code", "").strip()
    if arr:
        covered.add(arr)
        continue
    code = code if code in current else former.get(code, code)
    covered.update(arrondissements.get(code, [code]))

units["uncovered"] = ~units["code"].isin(covered)

def crs_of(dep):
    return {"971": 5490, "972": 5490, "973": 2972, "974": 2975, "976": 4471}.get(dep, 2154)

parts = []
for epsg, group in units.groupby(units["departement"].map(crs_of)):
    parts.append(group.to_crs(epsg=epsg).assign(epsg=epsg))

zones = []
for part in parts:
    white = part[part["uncovered"]].reset_index(drop=True)
    if white.empty:
        continue
    pairs = gpd.sjoin(white[["geometry"]], white[["geometry"]], predicate="intersects")
    pairs = pairs[pairs.index < pairs["index_right"]]
    left = white.geometry.values[pairs.index.values]
    right = white.geometry.values[pairs["index_right"].values]
    shared = left.boundary.intersection(right.boundary).length
    overlap = left.intersection(right).area
    keep = (shared > 1.0) | (overlap > 1.0)
    a, b = pairs.index.values[keep], pairs["index_right"].values[keep]
    n = len(white)
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    white["component"] = labels
    dissolved = white.dissolve(by="component", aggfunc={"code": list})
    for codes in dissolved["code"]:
        zones.append(sorted(codes))

elapsed = time.perf_counter() - t0
with open(out_path, "w") as f:
    json.dump(sorted(zones), f)
print(f"{elapsed:.3f}")
