# Preamble shared by the bench scripts (sourced from the repository root): the real data folder
# (../shared/data or ZB_SHARED_DATA, required), a scratch folder `$out` removed on exit, and
# `median` (of the numbers on stdin, one per line).
data="${ZB_SHARED_DATA:-../shared/data}"
[ -f "$data/france/communes-2026.geojson.gz" ] || { echo "no real data at $data (set ZB_SHARED_DATA)"; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
