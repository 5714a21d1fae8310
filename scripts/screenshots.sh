#!/usr/bin/env bash
# The README's pictures: the demo's report (headless Chromium), its map, and the France and 04
# maps of the shared real data when ../shared/data is there (ZB_SHARED_DATA overrides).
# Usage: scripts/screenshots.sh   (after `cargo build --release`) → docs/img/*.png
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/zones-blanches
out=docs/img
data="${ZB_SHARED_DATA:-../shared/data}"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600

"$bin" map --layer stages,plan,cpts,departements,zones --width 640 --out "$out/demo-map.png" --quiet
"$bin" analyze --out "$tmp/demo" --quiet
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
  --window-size=1000,1400 --force-device-scale-factor=0.64 \
  --screenshot="$out/demo-report.png" "file://$(realpath "$tmp/demo/report.html")" 2>/dev/null

if [ -d "$data" ]; then
  communes="$data/france/communes-2026.geojson.gz"
  "$bin" map --communes "$communes" --cpts "$data/scenarios/france-dev.csv" \
    --width 640 --out "$out/france-map.png" --quiet
  "$bin" map --communes "$communes" --cpts "$data/paca/cpts-paca-2026-01.csv" \
    --cpts-column commune_code=code_insee_source --default-stage aci --departement 04 \
    --layer stages,plan,cpts,departements,zones,cpts-names --width 640 --out "$out/04-map.png" --quiet
else
  echo "no shared data at $data: France and 04 maps not drawn" >&2
fi
ls -l "$out"
