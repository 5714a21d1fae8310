#!/usr/bin/env bash
# Issue 29's targets, side by side in one run: the national `analyze` (prepared layer, national
# scenario) from Python — start the interpreter, import, run, write every file — against the
# command line (farm-bench: A B A B, medians, ratio; target ≤ 1.05), then the time to return
# every table to polars after a run (target ≤ 20 ms).
# Usage: benches/python.sh [PYTHON] [RUNS]   (after `pip install ./python`; needs ../shared/data
# or ZB_SHARED_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/common.sh
source benches/common.sh
python="${1:-target/venv/bin/python}"; runs="${2:-7}"
bin="${CARGO_TARGET_DIR:-target}/release/zones-blanches"
"$bin" prepare --communes "$data/france/communes-2026.geojson.gz" --out "$out/fr.zbt" -q
cpts="$data/scenarios/france-dev.csv"
farm-bench -n "$runs" --timeout 600 \
  --vs "$bin analyze --communes $out/fr.zbt --cpts $cpts --out $out/cli -q" \
  -- "$python" benches/python_analyze.py "$out/fr.zbt" "$cpts" "$out/py"
"$python" benches/python_analyze.py "$out/fr.zbt" "$cpts" "$out/py" --tables
