"""The package on the real data of ../shared: its tables equal the command line's files, its
codes keep their zeros, its layers are those of the files, its write() is byte-identical."""

from __future__ import annotations

import json
import math
import pathlib

import polars as pl
import pytest

import zones_blanches as zb
from conftest import cli

SCHEMA_TYPES = {
    "string": {pl.String},
    "date": {pl.String},
    "integer": {pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64},
    "number": {pl.Float32, pl.Float64},
    "boolean": {pl.Boolean},
}


def read_csv_as_schema(path: pathlib.Path, table: str) -> pl.DataFrame:
    """A CSV of the command line typed by the shipped schema (every code a string)."""
    columns = zb.schema("tables")["tables"][table]["columns"]
    dtypes = {
        c["name"]: {"string": pl.String, "date": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}[c["type"]]
        for c in columns
    }
    return pl.read_csv(path, schema_overrides=dtypes)


def test_national_coverage_dataframe_equals_the_command_lines_coverage_csv(national_result, national_cli):
    frame = national_result.coverage
    csv = read_csv_as_schema(national_cli / "coverage.csv", "coverage")
    assert frame.columns == csv.columns
    assert frame.height == csv.height > 100  # study area, 18 régions, 101 départements, EPCI
    for name in frame.columns:
        ours, theirs = frame[name], csv[name]
        if ours.dtype in (pl.Float32, pl.Float64):
            # The CSV writes two decimals (the tables' rule); the frame keeps every digit.
            assert ((ours.round(2) - theirs).abs() < 1e-9).all(), name
        else:
            assert ours.cast(theirs.dtype).equals(theirs), name
    france = frame.filter(pl.col("scope_type") == "france").row(0, named=True)
    summary = national_result.summary
    assert france["population_total"] == summary["france"]["population_total"] > 60_000_000
    by_region = frame.filter(pl.col("scope_type") == "region")
    assert by_region.height == 18
    assert by_region["population_total"].sum() == france["population_total"]


def test_every_table_has_the_shipped_schemas_columns_and_types(national_result):
    schema = zb.schema("tables")["tables"]
    tables = national_result.tables
    assert list(tables)[:2] == ["coverage", "units"] and "plan" in tables and "zones" in tables
    for name, frame in tables.items():
        columns = schema[name]["columns"]
        # The schema's order; a column marked only_when appears when its input was given.
        required = [c["name"] for c in columns if "only_when" not in c]
        in_order = [c["name"] for c in columns if c["name"] in frame.columns]
        assert frame.columns == in_order and set(required) <= set(frame.columns), name
        for column in columns:
            if column["name"] in frame.columns:
                dtype = frame.schema[column["name"]]
                assert dtype in SCHEMA_TYPES[column["type"]], (name, column["name"], dtype)


def test_insee_codes_are_strings_with_their_zeros(national_result):
    units = national_result.units
    assert units.schema["code"] == pl.String
    codes = set(units["code"].to_list())
    assert {"01001", "01004", "2A004", "2B033", "97101"} <= codes
    coverage = national_result.coverage
    departements = coverage.filter(pl.col("scope_type") == "departement")["scope_code"].to_list()
    assert {"01", "02", "09", "2A", "2B", "971", "976"} <= set(departements)
    regions = coverage.filter(pl.col("scope_type") == "region")["scope_code"].to_list()
    assert {"01", "02", "03", "04", "06", "11", "93", "94"} <= set(regions)
    zones = national_result.zones
    assert zones.schema["departements"] == pl.String
    assert zones.filter(pl.col("departements").str.starts_with("0")).height > 0


def test_zones_geo_has_the_crs_and_areas_of_zones_geojson(national_result, national_cli):
    gpd = pytest.importorskip("geopandas")
    ours = national_result.zones_geo()
    theirs = gpd.read_file(national_cli / "zones.geojson")
    assert ours.crs == theirs.crs and ours.crs.to_epsg() == 4326
    assert len(ours) == len(theirs) == national_result.zones.height > 50
    ours_area = ours.to_crs(2154).area.to_numpy()
    theirs_area = theirs.to_crs(2154).area.to_numpy()
    assert (abs(ours_area - theirs_area) <= 1e-6 * theirs_area + 1).all()
    # And the engine's own area (zones.csv area_km2, in the metric CRS of each territory):
    # Lambert-93 over the metropolitan zones agrees within 0.5 %.
    table = dict(national_result.zones.select("zone_id", "area_km2").iter_rows())
    metropole = ours[~ours["departements"].str.startswith("97")]
    assert len(metropole) > 30
    for zone_id, area in zip(metropole["zone_id"], metropole.to_crs(2154).area / 1e6):
        expected = table[zone_id]
        assert math.isclose(area, expected, rel_tol=0.005, abs_tol=0.01), (zone_id, area, expected)


def test_write_is_byte_identical_to_the_command_line(national_result, national_cli, tmp_path):
    out = national_result.write(tmp_path / "py")
    ours = sorted(p.name for p in out.iterdir())
    theirs = sorted(p.name for p in national_cli.iterdir())
    assert ours == theirs and "report.html" in ours and "zones.geojson" in ours
    for name in theirs:
        assert (out / name).read_bytes() == (national_cli / name).read_bytes(), name
    # In memory too: files() gives the same bytes.
    files = national_result.files()
    assert sorted(files) == theirs
    assert files["plan.csv"] == (national_cli / "plan.csv").read_bytes()


def test_write_with_other_formats_is_byte_identical(shared, binary, tmp_path):
    paca = shared / "paca" / "cpts-paca-2026-01.csv"
    communes = shared / "france" / "communes-2026.geojson.gz"
    options = ["--region", "93", "--cpts-column", "commune_code=code_insee_source", "--default-stage", "aci"]
    cli(binary, "zones", "--communes", str(communes), "--cpts", str(paca), *options,
        "--format", "csv,parquet,xlsx", "--lang", "fr", "--write-adjacency", "--out", str(tmp_path / "cli"))
    result = zb.zones(communes, paca, region=["93"], cpts_column={"commune_code": "code_insee_source"},
                      default_stage="aci", write_adjacency=True)
    result.write(tmp_path / "py", format="csv,parquet,xlsx", lang="fr")
    names = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "py").iterdir())
    assert {"zones.parquet", "zones-blanches.xlsx", "adjacency.csv"} <= set(names)
    for name in names:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    # PACA, the real listing of the ARS.
    # 946 communes, Marseille counted as its 16 arrondissements: 961 units.
    assert result.summary["france"]["units"] == 961
    assert pl.read_parquet(tmp_path / "py" / "zones.parquet").equals(result.zones)


def test_a_listing_given_as_bytes_or_a_dataframe_is_the_file(national, national_result):
    listing = pathlib.Path(national["cpts"])
    from_bytes = zb.coverage(national["communes"], listing.read_bytes())
    assert from_bytes.coverage.equals(national_result.coverage)
    frame = pl.read_csv(listing, separator=";", infer_schema=False)
    from_frame = zb.coverage(national["communes"], frame)
    assert from_frame.coverage.equals(national_result.coverage)
    pd = pytest.importorskip("pandas")
    from_pandas = zb.coverage(national["communes"], pd.read_csv(listing, sep=";", dtype=str))
    assert from_pandas.coverage.equals(national_result.coverage)


def test_a_bad_listing_raises_input_error_naming_the_row(national, tmp_path):
    lines = pathlib.Path(national["cpts"]).read_text(encoding="utf-8").splitlines()
    bad = lines[:5]
    fields = bad[3].split(";")
    fields[2] = "banane flambée"  # no rule reads this stage label
    bad[3] = ";".join(fields)
    path = tmp_path / "listing.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(zb.InputError) as caught:
        zb.coverage(national["communes"], path)
    error = caught.value
    assert error.file == str(path) and error.row == 4 and error.field == "stage", str(error)
    assert isinstance(error, ValueError) and isinstance(error, zb.ZonesBlanchesError)
    # A DataFrame: the row counts its header as row 1, as a spreadsheet does.
    frame = pl.read_csv(path, separator=";", infer_schema=False)
    with pytest.raises(zb.InputError) as caught:
        zb.coverage(national["communes"], frame)
    assert caught.value.row == 4 and caught.value.file == "cpts (DataFrame).csv", str(caught.value)


def test_series_and_compare_write_what_the_command_line_writes(shared, binary, tmp_path):
    communes = shared / "france" / "communes-2026.geojson.gz"
    listing = shared / "scenarios" / "france-dev.csv"
    args = ["--communes", str(communes), "--cpts", str(listing), "--departement", "13", "--departement", "83"]
    cli(binary, "series", *args, "--dates", "2023-01-01,2024-01-01,2025-06-01", "--out", str(tmp_path / "cli-series"))
    series = zb.series(communes, listing, departement=["13", "83"], dates=["2023-01-01", "2024-01-01", "2025-06-01"])
    assert series.coverage_series.filter(pl.col("scope_type") == "area").height == 3
    series.write(tmp_path / "py-series")
    cli(binary, "compare", *args, "--as-of", "2024-01-01", "--as-of", "2025-06-01", "--out", str(tmp_path / "cli-compare"))
    import datetime

    compare = zb.compare(communes, listing, departement=["13", "83"],
                         as_of=[datetime.date(2024, 1, 1), datetime.date(2025, 6, 1)])
    assert compare.changes_units.height > 0 and "changes_cpts" in compare.tables
    compare.write(tmp_path / "py-compare")
    for kind in ("series", "compare"):
        names = sorted(p.name for p in (tmp_path / f"cli-{kind}").iterdir())
        assert names == sorted(p.name for p in (tmp_path / f"py-{kind}").iterdir())
        for name in names:
            assert (tmp_path / f"py-{kind}" / name).read_bytes() == (tmp_path / f"cli-{kind}" / name).read_bytes(), name
    summary = json.loads((tmp_path / "cli-series" / "summary.json").read_text())
    assert series.summary == summary


def test_compare_takes_two_listings_from_memory(shared):
    """`compare(cpts=[bytes, DataFrame])`: the national listing against itself without one CPTS
    (COG only): that CPTS disappeared, and its communes became uncovered, nothing else moved."""
    listing = shared / "scenarios" / "france-dev.csv"
    before = listing.read_bytes()
    after = pl.read_csv(listing, separator=";", infer_schema=False).filter(pl.col("cpts_id") != "ARA-001")
    result = zb.compare(cpts=[before, after])
    changed = result.changes_cpts
    assert changed["cpts_id"].to_list() == ["ARA-001"] and changed["change"].to_list() == ["disappeared"]
    units = result.changes_units
    assert set(units["change"]) == {"uncovered"} and set(units["cpts_before"]) == {"ARA-001"}
    assert units["code"].str.starts_with("01").all() and units.height == 42
    assert units["population"].sum() == changed["population_before"][0] == 68094


def test_a_map_of_the_result_is_the_command_lines_map(national, national_result, binary, tmp_path):
    """`r.map()` draws what `zones-blanches map` draws: the same SVG bytes, a PNG of the width."""
    out = tmp_path / "france.svg"
    cli(binary, "map", "--communes", str(national["communes"]), "--cpts", str(national["cpts"]),
        "--width", "800", "--out", str(out))
    svg = national_result.map(format="svg", width=800)
    assert svg == out.read_bytes() and b"<svg" in svg[:200]
    png = national_result.map(layers=["stages", "zones", "plan"], width=600)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 600
    with pytest.raises(zb.SettingError, match="svg or png"):
        national_result.map(format="pdf")
    with pytest.raises(zb.SettingError, match="layer `roads`"):
        national_result.map(layers=["roads"])
