"""zones-blanches from Python: CPTS coverage of France by stage, its zones blanches and the plan
to cover them, computed by the Rust engine of the command line.

Each function runs the command of the same name with the keyword options of its flags
(``--code-field`` is ``code_field``; a repeatable flag takes a list; ``cpts_column`` and
``stage_map`` take a dict), with the GIL released, and returns a :class:`Result` whose tables
are polars DataFrames::

    import zones_blanches as zb
    r = zb.analyze("communes-2026.geojson.gz", "france-dev.csv")
    r.coverage.filter(scope_type="region")

A listing (or any input table) may be a path, bytes, or a polars/pandas DataFrame. Errors are
:class:`InputError` (file, row, field), :class:`ReadError`, :class:`SettingError` and
:class:`WriteError`, all :class:`ZonesBlanchesError`.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from . import _native
from ._api import COMMANDS, TABLES, Progress, Result, flags, prepare, run, schema
from ._errors import (
    InputError,
    ReadError,
    SettingError,
    WriteError,
    ZonesBlanchesError,
)

__version__ = _native.__version__

__all__ = [
    "coverage",
    "zones",
    "plan",
    "analyze",
    "report_dgos",
    "series",
    "compare",
    "prepare",
    "schema",
    "flags",
    "run",
    "Result",
    "TABLES",
    "COMMANDS",
    "ZonesBlanchesError",
    "InputError",
    "ReadError",
    "SettingError",
    "WriteError",
]

Input = Any


def coverage(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """Coverage by stage (S1–S4): the ``coverage``, ``units``, ``overlaps``, ``unresolved`` and
    ``stalled`` tables. Without a commune layer, coverage is computed from the COG alone; with no
    input at all, on the embedded demo."""
    return run("coverage", progress, communes=communes, cpts=cpts, **options)


def zones(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """Zones blanches (S5): what ``coverage`` returns, plus the ``zones`` table and layer."""
    return run("zones", progress, communes=communes, cpts=cpts, **options)


def plan(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """Coverage options and the 100 % plan (S6): what ``zones`` returns, plus the ``options``,
    ``plan``, ``plan_coverage``, ``funding`` tables and the plan layer."""
    return run("plan", progress, communes=communes, cpts=cpts, **options)


def analyze(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """Coverage, zones and plan in one go: the tables of ``plan``; ``write`` adds
    ``report.html`` and the templates."""
    return run("analyze", progress, communes=communes, cpts=cpts, **options)


def report_dgos(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """The return to the DGOS: the tables of ``analyze``; ``write`` adds ``retour-dgos.xlsx``
    and the printable ``retour-dgos.html``."""
    return run("report-dgos", progress, communes=communes, cpts=cpts, **options)


def series(
    communes: Input = None, cpts: Input = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """Coverage (and zones blanches) at a list of dates (S10): ``dates=[...]`` or
    ``from_=..., to=..., every="month"``. Tables ``coverage_series``, ``zones_series``."""
    return run("series", progress, communes=communes, cpts=cpts, **options)


def compare(
    communes: Input = None, cpts: Any = None, *, progress: Optional[Progress] = None, **options: Any
) -> Result:
    """What changed (S10) between two listings (``cpts=[before, after]``) or one listing at two
    dates (``as_of=[a, b]``): tables ``changes_units``, ``changes_cpts``, ``changes_zones``."""
    return run("compare", progress, communes=communes, cpts=cpts, **options)


def _document() -> None:
    """Each function's docstring ends with its keyword options: the flags' help texts."""
    for function, command in [
        (coverage, "coverage"),
        (zones, "zones"),
        (plan, "plan"),
        (analyze, "analyze"),
        (report_dgos, "report-dgos"),
        (series, "series"),
        (compare, "compare"),
        (prepare, "prepare"),
    ]:
        lines = [
            f"    {key}: {' '.join(flag['help'].split())}"
            for key, flag in flags(command).items()
            if key not in ("out", "quiet") or command == "prepare"
        ]
        function.__doc__ = (
            (function.__doc__ or "")
            + f"\n\n    Keyword options (the flags of ``zones-blanches {command}``):\n\n"
            + "\n".join(lines)
            + "\n"
        )


_document()
del os
