#!/usr/bin/env bash
# Issue 13's target, side by side in one run: a 36-month national series with zones against one
# national `zones` run, alternated (zones, series, zones, series …, one warm-up each); prints
# both medians and the ratio series/zones (target ≤ 2).
# Usage: benches/series.sh [BIN] [RUNS]   (needs ../shared/data or ZB_SHARED_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
bin="${1:-target/release/zones-blanches}"; runs="${2:-7}"
inputs=(--communes "$data/france/communes-2026.geojson.gz" --cpts "$data/scenarios/france-dev.csv")
series=(series "${inputs[@]}" --from 2023-01-01 --to 2025-12-01 --every month)

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

"$bin" zones "${inputs[@]}" --out "$out/z" -q; "$bin" "${series[@]}" --out "$out/s" -q
points=$(($(wc -l < "$out/s/zones_series.csv") - 1))
tz=(); ts=()
for _ in $(seq "$runs"); do
  tz+=("$(seconds "$bin" zones "${inputs[@]}" --out "$out/z" -q)")
  ts+=("$(seconds "$bin" "${series[@]}" --out "$out/s" -q)")
done
mz=$(printf '%s\n' "${tz[@]}" | median); ms=$(printf '%s\n' "${ts[@]}" | median)
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d); $bin"
printf 'zones, national                 %.3f s\n' "$mz"
printf 'series, national, %d months     %.3f s\n' "$points" "$ms"
printf 'series / zones                  %.2f  (target ≤ 2; median of %d runs each)\n' "$(echo "$ms / $mz" | bc -l)" "$runs"
