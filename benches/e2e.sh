#!/usr/bin/env bash
# End-to-end wall-clock benchmark of the release binary on the real national data.
# Usage: benches/e2e.sh [RUNS]   (needs ../shared/data or ZB_SHARED_DATA; builds in release first)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
runs="${1:-7}"
cargo build --release --quiet
bin=target/release/zones-blanches

# Prints min and median wall time (seconds) of a command over $runs runs (after one warm-up run).
bench() {
  local label="$1"; shift
  "$@" >/dev/null
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v label="$label" '{a[NR]=$1} END {printf "%-58s min %.3f s  median %.3f s  (%d runs)\n", label, a[1], a[int((NR+1)/2)], NR}'
}

echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
bench "coverage, national GeoJSON.gz + national scenario" \
  "$bin" coverage --communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/geo" -q
bench "coverage, COG only + national scenario" \
  "$bin" coverage --cog "$data/france/cog-communes-2026.csv.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/cog" -q
bench "coverage, COG only (embedded COG) + national scenario" \
  "$bin" coverage --cpts "$data/scenarios/france-dev.csv" --out "$out/cog2" -q
bench "zones, national GeoJSON.gz + national scenario" \
  "$bin" zones --communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/zones" -q
bench "plan, national GeoJSON.gz + national scenario" \
  "$bin" plan --communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/plan" -q
bench "analyze, national GeoJSON.gz + national scenario" \
  "$bin" analyze --communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/analyze" -q
bench "map, France SVG (national GeoJSON.gz + scenario, end to end)" \
  "$bin" map --communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv" --out "$out/france.svg" -q
