"""The package's API on the embedded demo and the national layer: keywords are the flags, the
GIL is released while the engine runs, progress is told, errors are exceptions, stubs match."""

from __future__ import annotations

import pathlib
import threading
import time

import polars as pl
import pytest

import zones_blanches as zb

PYTHON = pathlib.Path(__file__).resolve().parents[1]


def test_the_demo_runs_with_no_input_and_returns_every_table():
    result = zb.analyze()
    assert result.command == "analyze"
    assert {"coverage", "units", "zones", "options", "plan", "funding"} <= set(result.tables)
    assert result.summary["command"] == "analyze"
    assert result.zones.height == result.summary["zones"]["count"] > 0
    assert result.plan.schema["code"] == pl.String
    with pytest.raises(AttributeError, match="coverage_series"):
        result.coverage_series


def test_every_flag_of_every_command_is_a_keyword_and_the_stub_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("stubgen", PYTHON / "stubgen.py")
    stubgen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stubgen)
    assert (PYTHON / "zones_blanches" / "__init__.pyi").read_text() == stubgen.stub()
    for command in zb.COMMANDS:
        keywords = zb.flags(command)
        assert {"communes", "cpts", "region", "departement", "format", "lang"} <= set(keywords)
    assert set(zb.TABLES) == set(zb.schema("tables")["tables"])
    assert zb.flags("analyze")["cpts_column"]["repeated"]
    assert "Keyword options" in zb.analyze.__doc__ and "min_stage" in zb.analyze.__doc__


def test_a_wrong_keyword_is_a_type_error_with_a_hint():
    with pytest.raises(TypeError, match="did you mean 'min_stage'"):
        zb.analyze(min_stag="ps")
    with pytest.raises(TypeError, match="write"):
        zb.analyze(out="x")
    with pytest.raises(zb.SettingError, match="min-stage|li, ps or aci"):
        zb.analyze(min_stage="banana")


def test_a_missing_file_is_a_read_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(zb.ReadError) as caught:
        zb.coverage(cpts=missing, departement=["01"])
    assert caught.value.file == str(missing) and isinstance(caught.value, OSError)


def test_a_setting_error_names_the_keyword_not_the_flag():
    listing = b"cpts_id,commune_code\nA,01001\n"
    with pytest.raises(zb.InputError) as caught:
        zb.coverage(cpts=listing, departement=["01"])
    assert "default_stage" in str(caught.value) and "--default-stage" not in str(caught.value)
    assert caught.value.file == "cpts (bytes).csv"


def test_write_refuses_to_overwrite_an_input(tmp_path):
    listing = tmp_path / "coverage.csv"
    listing.write_text("cpts_id,commune_code,stage\nA,01001,aci\n")
    result = zb.coverage(cpts=listing, departement=["01"])
    with pytest.raises(zb.WriteError):
        result.write(tmp_path)
    assert listing.read_text().startswith("cpts_id")


def test_progress_tells_each_step_and_a_raising_callback_is_raised():
    events = []
    zb.zones(progress=lambda event, step, seconds: events.append((event, step, seconds)))
    starts = [step for event, step, _ in events if event == "start"]
    dones = [(step, s) for event, step, s in events if event == "done"]
    assert starts and len(starts) == len(dones) and all(s >= 0 for _, s in dones)

    def fail(event, step, seconds):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        zb.zones(progress=fail)


def test_a_run_on_a_second_thread_does_not_block_the_interpreter(national):
    done = {}

    def work():
        done["result"] = zb.analyze(national["communes"], national["cpts"])

    thread = threading.Thread(target=work)
    start = time.perf_counter()
    thread.start()
    ticks, longest, last = 0, 0.0, time.perf_counter()
    while thread.is_alive():
        sum(range(2000))  # pure-Python work that needs the GIL
        now = time.perf_counter()
        longest, last, ticks = max(longest, now - last), now, ticks + 1
    thread.join()
    elapsed = time.perf_counter() - start
    assert done["result"].zones.height > 50
    assert elapsed > 0.2, elapsed  # a real national run
    # The interpreter went on all along: thousands of ticks, no stall as long as the run.
    assert ticks > 1000 and longest < min(0.25, elapsed / 3), (ticks, longest, elapsed)


def test_a_table_reaches_pyarrow_and_pandas_without_polars():
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    result = zb.zones()
    table = pa.table(result.arrow("zones"))
    assert table.num_rows == result.zones.height and table.column_names == result.zones.columns
    assert table.schema.field("population").type == pa.uint64()
    frame = pd.DataFrame.from_arrow(result.arrow("zones"))
    assert list(frame["zone_id"]) == result.zones["zone_id"].to_list()
