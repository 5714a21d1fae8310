#!/usr/bin/env bash
# Regenerate data/cog/ from the npm package @etalab/decoupage-administratif (Licence Ouverte 2.0).
# Needs node and npm. Usage: scripts/update-cog.sh [VERSION]   (default 6.0.0, COG 2026)
set -euo pipefail
version="${1:-6.0.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@etalab/decoupage-administratif@${version}" >/dev/null && tar xzf ./*.tgz)
node "$root/scripts/cog-from-npm.mjs" "$work/package" "$work"
gzip -9n -c "$work/cog-communes.csv" > "$root/data/cog/cog-communes.csv.gz"
cp "$work/departements.csv" "$work/regions.csv" "$root/data/cog/"
echo "data/cog/ regenerated from @etalab/decoupage-administratif@${version}"
