#!/usr/bin/env bash
# Every test: the Rust tests (`cargo test --release`), then the Python package — built from
# python/ by pip (maturin) into a virtual environment made here (target/venv, or under
# CARGO_TARGET_DIR), reusing the crates the Rust tests compiled — and its pytest suite, on the
# real data of ../shared (or ZB_SHARED_DATA) like the Rust tests. `.ci/run` calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release
target="${CARGO_TARGET_DIR:-target}"
venv="$target/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# The test dependencies (the package's own, polars, comes with it), from PyPI.
"$venv/bin/pip" install --quiet --disable-pip-version-check "polars>=1" "geopandas>=1" "pytest>=8" "streamlit>=1.40"
"$venv/bin/pip" install --quiet --disable-pip-version-check ./python
"$venv/bin/pytest" -q -rs python/tests
