"""Fixtures of the Python package's tests: the real data of ../shared (skipped loudly when it is
absent), the command line's binary built by `cargo test --release`, and one national run shared
by the tests that read it."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

import zones_blanches as zb

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The report's date, pinned for the command line and the package alike (a run across midnight
# would otherwise write two dates).
os.environ["SOURCE_DATE_EPOCH"] = "1764806400"


def shared_data() -> pathlib.Path:
    return pathlib.Path(os.environ.get("ZB_SHARED_DATA") or ROOT.parent / "shared" / "data")


def binary_path() -> pathlib.Path:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    return target / "release" / "zones-blanches"


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    data = shared_data()
    if not (data / "france" / "communes-2026.geojson.gz").is_file():
        message = f"SKIPPED LOUDLY: the real data of ../shared is not at {data} (set ZB_SHARED_DATA)"
        print(message, file=sys.stderr)
        pytest.skip(message)
    return data


@pytest.fixture(scope="session")
def binary() -> pathlib.Path:
    path = binary_path()
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `cargo test --release` (or cargo build --release) first")
    return path


def cli(binary: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    """The command line, which must succeed."""
    done = subprocess.run([str(binary), *args, "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="session")
def national(shared, tmp_path_factory):
    """The national scenario on the prepared national layer (prepared here, by `prepare`)."""
    zbt = tmp_path_factory.mktemp("prepared") / "france.zbt"
    line = zb.prepare(shared / "france" / "communes-2026.geojson.gz", zbt)
    assert "Prepared territory written to" in line and zbt.is_file()
    return {"communes": zbt, "cpts": shared / "scenarios" / "france-dev.csv"}


@pytest.fixture(scope="session")
def national_result(national):
    return zb.analyze(national["communes"], national["cpts"])


@pytest.fixture(scope="session")
def national_cli(national, binary, tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("cli") / "out"
    cli(binary, "analyze", "--communes", str(national["communes"]), "--cpts", str(national["cpts"]), "--out", str(out))
    return out
