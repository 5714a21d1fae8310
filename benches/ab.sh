#!/usr/bin/env bash
# Side-by-side wall-clock comparison of two builds of the binary on the real national data:
# each job runs A B A B … (one warm-up each), then prints both medians and the ratio B/A.
# Usage: benches/ab.sh OLD_BIN NEW_BIN [RUNS]   (needs ../shared/data or ZB_SHARED_DATA)
# The machine is shared and noisy: only the ratio measured in one run means something.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
a="$1"; b="$2"; runs="${3:-7}"
communes="$data/france/communes-2026.geojson.gz"
scenario="$data/scenarios/france-dev.csv"

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

ab() {
  local label="$1"; shift
  local ta=() tb=()
  "$a" "$@" --out "$out/a" -q >/dev/null; "$b" "$@" --out "$out/b" -q >/dev/null
  for _ in $(seq "$runs"); do
    ta+=("$(seconds "$a" "$@" --out "$out/a" -q)")
    tb+=("$(seconds "$b" "$@" --out "$out/b" -q)")
  done
  local ma mb
  ma=$(printf '%s\n' "${ta[@]}" | median); mb=$(printf '%s\n' "${tb[@]}" | median)
  printf '%-34s A %.3f s   B %.3f s   B/A %.2f  (%d runs each)\n' "$label" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)" "$runs"
}

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d); A=$a B=$b"
ab "coverage, COG only" coverage --cpts "$scenario"
ab "coverage, GeoJSON.gz" coverage --communes "$communes" --cpts "$scenario"
ab "zones, GeoJSON.gz" zones --communes "$communes" --cpts "$scenario"
ab "analyze, GeoJSON.gz (report)" analyze --communes "$communes" --cpts "$scenario"
