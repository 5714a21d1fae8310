#!/usr/bin/env bash
# Byte-identity check between two builds of the binary: runs the same jobs on the real data
# (national layer and scenario, PACA listing, demo) with both and compares every output file.
# Usage: benches/same_outputs.sh OLD_BIN NEW_BIN   (needs ../shared/data or ZB_SHARED_DATA)
# Exit status 1 when any output differs; thread counts 1 and 2 are both tried for NEW.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
a="$1"; b="$2"
communes="$data/france/communes-2026.geojson.gz"
scenario="$data/scenarios/france-dev.csv"
paca="$data/paca/cpts-paca-2026-01.csv"

jobs=(
  "coverage-cog|coverage --cpts $scenario"
  "coverage|coverage --communes $communes --cpts $scenario"
  "zones|zones --communes $communes --cpts $scenario --write-adjacency --format csv,parquet"
  "analyze|analyze --communes $communes --cpts $scenario"
  "analyze-xlsx-gpkg|analyze --communes $communes --cpts $scenario --format csv,xlsx,gpkg"
  "analyze-fr-06|analyze --communes $communes --cpts $scenario --departement 06 --lang fr"
  "paca|analyze --communes $communes --cpts $paca --cpts-column commune_code=code_insee_source --default-stage aci --region 93"
  "demo|analyze"
)
status=0
for job in "${jobs[@]}"; do
  name="${job%%|*}"; args="${job#*|}"
  # shellcheck disable=SC2086
  "$a" $args --out "$out/$name-a" -q
  for threads in 1 2; do
    # shellcheck disable=SC2086
    RAYON_NUM_THREADS=$threads "$b" $args --out "$out/$name-b$threads" -q
    if diff -rq "$out/$name-a" "$out/$name-b$threads" >/dev/null; then
      printf '%-16s %2d threads: %d files identical\n' "$name" "$threads" "$(ls "$out/$name-a" | wc -l)"
    else
      printf '%-16s %2d threads: DIFFERENT\n' "$name" "$threads"
      diff -rq "$out/$name-a" "$out/$name-b$threads" | sed 's/^/    /' | head -20
      status=1
    fi
  done
done
exit $status
