"""The README's Streamlit page, run by Streamlit's own test runner (AppTest) on the national
scenario: its figures and its table are the plan's, after the analyst picks a département."""

from __future__ import annotations

import pathlib

import polars as pl
import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "plan_page.py"


def test_the_streamlit_page_shows_the_plan_of_the_chosen_departement(national, national_result, monkeypatch):
    testing = pytest.importorskip("streamlit.testing.v1", reason="streamlit is not installed")
    monkeypatch.setenv("ZB_COMMUNES", str(national["communes"]))
    monkeypatch.setenv("ZB_CPTS", str(national["cpts"]))
    page = testing.AppTest.from_file(str(EXAMPLE), default_timeout=120)
    page.run()
    assert not page.exception, page.exception
    # The analyst picks the Cantal (15), a département with zones blanches in the scenario.
    cantal = next(o for o in page.selectbox[0].options if o.startswith("15 "))
    page.selectbox[0].select(cantal).run()
    assert not page.exception, page.exception
    expected = national_result.plan_coverage.filter(
        (pl.col("scope_type") == "departement") & (pl.col("scope_code") == "15")
    ).row(0, named=True)
    assert page.metric[0].value == f"{expected['pct_covered']:.2f} %"
    assert page.metric[1].value == f"{expected['pct_after_plan']:.2f} %"
    assert expected["pct_covered"] < expected["pct_after_plan"]
    # The table: the Cantal's uncovered communes by zone and target, as an independent join.
    shown = page.dataframe[0].value
    units = national_result.units.filter(pl.col("departement") == "15")
    placed = national_result.plan.join(units.select("code", "population"), on="code")
    assert len(shown) == placed.select("zone_key", "target_id").unique().height > 0
    assert int(shown["population"].sum()) == placed["population"].sum() > 0
