"""A synthetic national layer K times the size of the real one, for the scaling benchmark.

Copy k (k = 1..K-1) of every feature is shifted by k x 20 degrees of longitude (the same
latitudes, so Lambert-93 keeps every length and area: its scale depends on latitude only) and
its codes are renamed (`01001` -> `T1-01001`, département `T1-01`), unknown to the COG, so the
engine takes name, département and population from the feature's properties as for any layer.
The city features that the COG splits into arrondissements (Paris, Lyon, Marseille) are left
out of the copies, whose arrondissements stand as ordinary units. The listing is copied the same
way (a row naming one of those cities or one of their arrondissements names the copy's
arrondissement units in commune_code, as the COG resolves them for the original), so every copy has the coverage of the original.
Usage: python tile_france.py COMMUNES.geojson.gz LISTING.csv K OUT_LAYER.geojson.gz OUT_LISTING.csv
"""
import csv
import gzip
import json
import sys

layer_path, listing_path, k, out_layer, out_listing = sys.argv[1:6]
k = int(k)
CITIES = {"75056": ("751", 20), "69123": ("6938", 9), "13055": ("132", 16)}

with gzip.open(layer_path, "rt", encoding="utf-8") as f:
    layer = json.load(f)


def shift(coords, dx):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0] + dx, 6), coords[1]] + list(coords[2:])
    return [shift(c, dx) for c in coords]


features = list(layer["features"])
for copy in range(1, k):
    prefix = f"T{copy}-"
    for feature in layer["features"]:
        props = dict(feature["properties"])
        if props["code"] in CITIES:
            continue
        props["code"] = prefix + props["code"]
        props["departement"] = prefix + props["departement"]
        props["region"] = prefix + str(props.get("region") or "")
        geometry = feature["geometry"]
        if geometry is not None:
            geometry = {"type": geometry["type"], "coordinates": shift(geometry["coordinates"], 20.0 * copy)}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
layer["features"] = features
with gzip.open(out_layer, "wt", encoding="utf-8", compresslevel=6) as f:
    json.dump(layer, f, ensure_ascii=False, separators=(",", ":"))

with open(listing_path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f, delimiter=";"))
fields = list(rows[0].keys())
with open(out_listing, "w", newline="", encoding="utf-8") as f:
    out = csv.DictWriter(f, fieldnames=fields, delimiter=";")
    out.writeheader()
    for copy in range(k):
        prefix = "" if copy == 0 else f"T{copy}-"
        for row in rows:
            row = dict(row)
            row["cpts_id"] = prefix + row["cpts_id"]
            row["cpts_name"] = prefix + row["cpts_name"]
            city = CITIES.get(row["commune_code"]) if copy and not row.get("arrondissement_code") else None
            codes = [f"{city[0]}{n:0{5 - len(city[0])}d}" for n in range(1, city[1] + 1)] if city else [None]
            for arrondissement in codes:
                copied = dict(row)
                if arrondissement:
                    copied["commune_code"] = arrondissement
                if copy and copied.get("arrondissement_code"):
                    # The copies' arrondissements are plain units, named in commune_code.
                    copied["commune_code"], copied["arrondissement_code"] = copied["arrondissement_code"], ""
                for column in ("commune_code", "arrondissement_code"):
                    if copied.get(column):
                        copied[column] = prefix + copied[column]
                out.writerow(copied)
print(f"{len(features)} features")
