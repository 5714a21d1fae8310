#!/usr/bin/env bash
# Side-by-side benchmark: the `zones` job with zones-blanches and with GeoPandas/Shapely on the
# same files; checks that both find identical zones and prints the speed ratio.
# Usage: benches/compare_geopandas.sh   (needs ../shared/data or ZB_SHARED_DATA, python3, PyPI)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${ZB_SHARED_DATA:-../shared/data}"
communes="$data/france/communes-2026.geojson.gz"
listing="$data/scenarios/france-dev.csv"
cog="$data/france/cog-communes-2026.csv.gz"
venv="${ZB_VENV:-target/geopandas-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet geopandas shapely pyproj pyogrio scipy
fi
cargo build --release --quiet
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

best_rust=999
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  target/release/zones-blanches zones --communes "$communes" --cpts "$listing" --out "$out/rust" -q
  t1=$(date +%s.%N)
  best_rust=$(echo "t=$t1 - $t0; if (t < $best_rust) t else $best_rust" | bc -l)
done
t0=$(date +%s.%N)
"$venv/bin/python" benches/compare/zones_geopandas.py "$communes" "$listing" "$cog" "$out/geopandas.json" >/dev/null
t1=$(date +%s.%N)
python_wall=$(echo "$t1 - $t0" | bc -l)

"$venv/bin/python" - "$out/rust/zones.csv" "$out/geopandas.json" <<'PY'
import csv, json, sys
csv.field_size_limit(10**9)
rust = sorted(sorted(r["codes"].split(";")) for r in csv.DictReader(open(sys.argv[1])))
gp = json.load(open(sys.argv[2]))
print(f"zones: zones-blanches {len(rust)}, GeoPandas {len(gp)}, identical: {rust == gp}")
if rust != gp:
    a, b = {tuple(z) for z in rust}, {tuple(z) for z in gp}
    print("  only in zones-blanches:", [z[:5] for z in sorted(a - b)][:5])
    print("  only in GeoPandas:", [z[:5] for z in sorted(b - a)][:5])
PY
printf 'zones-blanches zones (best of 3): %.3f s\nGeoPandas/Shapely same job:       %.3f s\nratio: %.1fx\n' \
  "$best_rust" "$python_wall" "$(echo "$python_wall / $best_rust" | bc -l)"
