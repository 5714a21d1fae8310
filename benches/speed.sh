#!/usr/bin/env bash
# The speed targets of the engine, each measured as a ratio inside one run (the machine is
# shared and noisy: only side-by-side figures mean something). Prints one table:
#   - `zones` national vs a GeoPandas/Shapely pipeline doing the same work and writing the same
#     files (benches/compare/zones_geopandas.py), alternated A B A B, medians, ratio, and whether
#     both found the same zones;
#   - `analyze` national vs `gzip -dc` of the national layer, with the peak memory, from the
#     layer and from the territory `prepare` made of it (.zbt), and `prepare` itself;
#   - `coverage` from the COG alone vs `gzip -dc`;
#   - `zones` on a synthetic layer of 4× France (benches/compare/tile_france.py) vs the same
#     pipeline on 1× France written by the same script.
# Usage: benches/speed.sh [RUNS]   (default 5; needs ../shared/data or ZB_SHARED_DATA, python3;
# the GeoPandas side installs geopandas, shapely, pyproj, pyogrio, scipy from PyPI into
# target/geopandas-venv the first time; ZB_SKIP_GEOPANDAS=1 leaves it out)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
runs="${1:-5}"
communes="$data/france/communes-2026.geojson.gz"
listing="$data/scenarios/france-dev.csv"
cog="$data/france/cog-communes-2026.csv.gz"
cargo build --release --quiet
bin=target/release/zones-blanches

# Wall seconds and peak RSS (KB) of one command: "seconds kb".
measure() {
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || { cat "$out/stderr"; exit 1; }
  cat "$out/time"
}
# Runs the labelled commands alternately $runs times (after one warm-up each); sets
# WALL_<label> and RSS_<label> to the medians.
declare -A WALL RSS
alternate() {
  local labels=("$@") label
  for label in "${labels[@]}"; do eval "run_$label" >/dev/null; done
  declare -A walls rsses
  for _ in $(seq "$runs"); do
    for label in "${labels[@]}"; do
      read -r s kb < <(eval "run_$label")
      walls[$label]+="$s "; rsses[$label]+="$kb "
    done
  done
  for label in "${labels[@]}"; do
    WALL[$label]=$(tr ' ' '\n' <<<"${walls[$label]}" | grep . | median)
    RSS[$label]=$(tr ' ' '\n' <<<"${rsses[$label]}" | grep . | sort -g | tail -1)
  done
}
ratio() { echo "$1 / $2" | bc -l; }

run_gzip() { measure sh -c "gzip -dc '$communes' >/dev/null"; }
run_analyze() { measure "$bin" analyze --communes "$communes" --cpts "$listing" --out "$out/analyze" -q; }
run_cog() { measure "$bin" coverage --cpts "$listing" --out "$out/cog" -q; }
run_prepare() { measure "$bin" prepare --communes "$communes" --out "$out/france.zbt" -q; }
run_analyze_zbt() { measure "$bin" analyze --communes "$out/france.zbt" --cpts "$listing" --out "$out/analyze-zbt" -q; }
run_zones() { measure "$bin" zones --communes "$communes" --cpts "$listing" --out "$out/zones" -q; }
venv="${ZB_VENV:-target/geopandas-venv}"
run_geopandas() { measure "$venv/bin/python" benches/compare/zones_geopandas.py "$communes" "$listing" "$cog" "$out/geopandas"; }

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); $runs runs per figure, alternated"
run_prepare >/dev/null
alternate gzip analyze analyze_zbt cog prepare
printf '%-44s %8s %10s %8s\n' "job (national layer, national scenario)" "median" "peak RSS" "ratio"
printf '%-44s %7.3fs %10s %8s\n' "gzip -dc communes-2026.geojson.gz" "${WALL[gzip]}" "" "1.00"
printf '%-44s %7.3fs %8d MB %7.2fx  (target <= 4x gzip, <= 250 MB)\n' "analyze, from the prepared territory (.zbt)" "${WALL[analyze_zbt]}" "$((RSS[analyze_zbt] / 1024))" "$(ratio "${WALL[analyze_zbt]}" "${WALL[gzip]}")"
printf '%-44s %7.3fs %8d MB %7.2fx\n' "analyze, from the layer (.geojson.gz)" "${WALL[analyze]}" "$((RSS[analyze] / 1024))" "$(ratio "${WALL[analyze]}" "${WALL[gzip]}")"
printf '%-44s %7.3fs %8d MB %7.2fx  (once per layer)\n' "prepare the layer (.zbt, $(($(stat -c %s "$out/france.zbt") / 1000000)) MB)" "${WALL[prepare]}" "$((RSS[prepare] / 1024))" "$(ratio "${WALL[prepare]}" "${WALL[gzip]}")"
printf '%-44s %7.3fs %8d MB %7.2fx  (target <= 1x gzip)\n' "coverage from the COG alone" "${WALL[cog]}" "$((RSS[cog] / 1024))" "$(ratio "${WALL[cog]}" "${WALL[gzip]}")"

if [ "${ZB_SKIP_GEOPANDAS:-0}" != 1 ]; then
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet geopandas shapely pyproj pyogrio scipy
  fi
  alternate zones geopandas
  printf '%-44s %7.3fs %8d MB\n' "zones, zones-blanches" "${WALL[zones]}" "$((RSS[zones] / 1024))"
  printf '%-44s %7.3fs %8d MB %7.1fx  (target >= 10x)\n' "zones, GeoPandas/Shapely, same files" "${WALL[geopandas]}" "$((RSS[geopandas] / 1024))" "$(ratio "${WALL[geopandas]}" "${WALL[zones]}")"
  "$venv/bin/python" - "$out/zones" "$out/geopandas" <<'PY'
import csv, json, sys
csv.field_size_limit(10**9)
engine = sorted(sorted(r["codes"].split(";")) for r in csv.DictReader(open(sys.argv[1] + "/zones.csv")))
gp = json.load(open(sys.argv[2] + "/zones.json"))
pop = lambda d: [r["population"] for r in csv.DictReader(open(d + "/zones.csv"))]
print(f"  same zones: {engine == gp} ({len(engine)} vs {len(gp)}); same zone populations: {pop(sys.argv[1]) == pop(sys.argv[2])}")
PY
fi

tiles="target/bench-data"
mkdir -p "$tiles"
for k in 1 4; do
  if [ ! -f "$tiles/france-x$k.geojson.gz" ]; then
    python3 benches/compare/tile_france.py "$communes" "$listing" "$k" "$tiles/france-x$k.geojson.gz" "$tiles/france-x$k.csv" >/dev/null
  fi
done
run_x1() { measure "$bin" zones --communes "$tiles/france-x1.geojson.gz" --cpts "$tiles/france-x1.csv" --population-field population_municipale_2023 --out "$out/x1" -q; }
run_x4() { measure "$bin" zones --communes "$tiles/france-x4.geojson.gz" --cpts "$tiles/france-x4.csv" --population-field population_municipale_2023 --out "$out/x4" -q; }
alternate x1 x4
printf '%-44s %7.3fs %8d MB\n' "zones, France x1 (synthetic writer)" "${WALL[x1]}" "$((RSS[x1] / 1024))"
printf '%-44s %7.3fs %8d MB %7.2fx  (target <= 4.5x)\n' "zones, France x4 (139 655 units)" "${WALL[x4]}" "$((RSS[x4] / 1024))" "$(ratio "${WALL[x4]}" "${WALL[x1]}")"
