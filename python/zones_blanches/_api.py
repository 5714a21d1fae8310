"""The commands as functions: keyword options turned into the command line's flags (the same
parser reads them), bytes and DataFrames handed to the engine in place of files, and the
result kept by the engine until a table, the summary, a layer or the files are asked for."""

from __future__ import annotations

import datetime
import difflib
import io
import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any, Callable, Optional

from . import _native

#: Every table a command may write, in the order of the files (the shipped schema's tables).
TABLES = (
    "coverage",
    "units",
    "overlaps",
    "unresolved",
    "stalled",
    "stage_durations",
    "indicators",
    "cpts_members",
    "zones",
    "adjacency",
    "options",
    "plan",
    "decisions_applied",
    "plan_coverage",
    "funding",
    "funding_scopes",
    "coverage_series",
    "zones_series",
    "changes_units",
    "changes_cpts",
    "changes_zones",
)

#: The commands a script runs and keeps the result of.
COMMANDS = ("coverage", "zones", "plan", "analyze", "report-dgos", "series", "compare")

#: Keywords of the command line a function does not take: the result is written by `write`.
_NOT_KEYWORDS = {"out": "call .write(out) on the result", "quiet": "a function prints nothing"}

Progress = Callable[[str, str, Optional[float]], Any]


def flags(command: str) -> dict[str, dict[str, Any]]:
    """The keyword options of `command` (`analyze`, `series`…): the flags of the command line,
    `--code-field` as `code_field`, each with `switch`, `repeated`, `value` and `help`."""
    found = _native.flags(command)
    if found is None:
        raise ValueError(f"unknown command {command!r}")
    return {
        keyword: {"switch": switch, "repeated": repeated, "value": value, "help": text}
        for keyword, switch, repeated, value, text in found
        if keyword not in ("help",)
    }


class Result:
    """The result of a command, held by the engine.

    Tables are polars DataFrames with the columns and types of the shipped schema
    (``zones_blanches.schema("tables")``; INSEE codes are strings with their zeros), each built
    once when first asked for: ``result.coverage``, ``result.table("zones")``,
    ``result.tables``. ``summary`` is ``summary.json`` as a dict; ``zones_geo()``,
    ``plan_geo()`` and ``units_geo()`` are the GeoJSON layers as GeoDataFrames;
    ``write(out)`` writes the command line's files, byte for byte.
    """

    def __init__(self, native: Any) -> None:
        self._native = native
        self._tables: Optional[dict[str, Any]] = None
        self._summary: Optional[dict[str, Any]] = None

    @property
    def command(self) -> str:
        """The command that ran (``analyze``, ``series``…)."""
        return self._native.command

    @property
    def output_options(self) -> dict[str, Any]:
        """The output options the run was given (defaults of ``write`` and ``files``)."""
        fmt, lang, excel_csv, adjacency = self._native.options
        return {"format": fmt, "lang": lang, "excel_csv": excel_csv, "write_adjacency": adjacency}

    @property
    def tables(self) -> dict[str, Any]:
        """Every table of the run, by name, in the order of the files."""
        if self._tables is None:
            import polars as pl

            self._tables = {name: pl.DataFrame(table) for name, table in self._native.tables()}
        return dict(self._tables)

    def table(self, name: str) -> Any:
        """The table `name` (``coverage``, ``zones``…) as a polars DataFrame."""
        tables = self.tables
        if name not in tables:
            raise KeyError(
                f"{self.command} wrote no {name!r} table; its tables: {', '.join(tables)}"
            )
        return tables[name]

    def arrow(self, name: str) -> Any:
        """The table `name` as an Arrow stream (``__arrow_c_stream__``), for pyarrow
        (``pyarrow.table(...)``) or pandas (``pandas.DataFrame.from_arrow(...)``) without
        polars."""
        for table_name, table in self._native.tables():
            if table_name == name:
                return table
        raise KeyError(f"{self.command} wrote no {name!r} table")

    @property
    def summary(self) -> dict[str, Any]:
        """``summary.json`` as a dict."""
        if self._summary is None:
            self._summary = json.loads(self._native.summary_json())
        return self._summary

    def units_geo(self) -> Any:
        """``units.geojson`` as a GeoDataFrame (WGS84, EPSG:4326)."""
        return self._geo("units")

    def zones_geo(self) -> Any:
        """``zones.geojson`` as a GeoDataFrame (WGS84, EPSG:4326): one row per zone blanche."""
        return self._geo("zones")

    def plan_geo(self) -> Any:
        """``plan.geojson`` as a GeoDataFrame (WGS84, EPSG:4326): the plan's targets."""
        return self._geo("plan")

    def map(
        self,
        layers: Optional[list[str]] = None,
        width: int = 1200,
        format: str = "png",
        lang: str = "fr",
    ) -> bytes:
        """A map of the run (``zones``, ``plan``, ``analyze``), as ``zones-blanches map`` draws
        it: SVG or PNG bytes (``st.image(r.map())``). ``layers``: ``stages``, ``cpts``,
        ``departements``, ``zones``, ``plan``, ``cpts-names`` (default: the first four);
        ``width`` in pixels (100 to 10 000); ``lang`` ``fr`` or ``en``."""
        return self._native.map(list(layers or []), width, format, lang)

    def _geo(self, layer: str) -> Any:
        data = self._native.layer(layer)
        if data is None:
            raise KeyError(f"{self.command} has no {layer} layer (is there a commune layer?)")
        try:
            import geopandas
        except ImportError as e:
            raise ImportError(
                f"{layer}_geo() needs GeoPandas: pip install 'zones-blanches[geo]'"
            ) from e
        return geopandas.read_file(io.BytesIO(data))

    def write(
        self,
        out: str | os.PathLike[str],
        format: Optional[str] = None,
        lang: Optional[str] = None,
        excel_csv: Optional[bool] = None,
        write_adjacency: Optional[bool] = None,
        progress: Optional[Progress] = None,
    ) -> pathlib.Path:
        """Write the command's files into the folder `out`, byte for byte those of the command
        line (staged, then switched in at once; never over an input). Options not given are
        those of the run. Returns the folder."""
        output = (format, lang, excel_csv, write_adjacency)
        self._native.write(os.fspath(out), output, progress)
        return pathlib.Path(out)

    def files(
        self,
        format: Optional[str] = None,
        lang: Optional[str] = None,
        excel_csv: Optional[bool] = None,
        write_adjacency: Optional[bool] = None,
    ) -> dict[str, bytes]:
        """The command's files in memory, {name: bytes} (for a download button)."""
        return dict(self._native.files((format, lang, excel_csv, write_adjacency)))

    def __repr__(self) -> str:
        return f"<zones_blanches.Result of {self.command}>"


def _table_property(name: str) -> property:
    def get(self: Result) -> Any:
        try:
            return self.table(name)
        except KeyError as e:
            raise AttributeError(str(e).strip('"')) from None

    return property(get, doc=f"The ``{name}`` table (``{name}.csv``) as a polars DataFrame.")


for _name in TABLES:
    setattr(Result, _name, _table_property(_name))


def _memory_name(key: str, index: int, kind: str, data: bytes) -> str:
    """The name bytes go by: the option, what they were, and the extension of their format."""
    if data[:4] == b"PK\x03\x04":
        ext = ".xlsx"
    elif data[:2] == b"\x1f\x8b":
        ext = ".csv.gz"
    elif data.lstrip()[:1] == b"{":
        ext = ".geojson"
    else:
        ext = ".csv"
    second = f"-{index + 1}" if index else ""
    return f"{key}{second} ({kind}){ext}"


def _value(key: str, value: Any, index: int, file: bool, memory: list) -> str:
    """One flag value as the command line reads it."""
    if isinstance(value, bool):
        raise TypeError(f"{key}: {value!r} is not a value of this option")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if isinstance(value, (int, float)):
        return str(value)
    data, kind = None, None
    if isinstance(value, (bytes, bytearray, memoryview)):
        data, kind = bytes(value), "bytes"
    elif type(value).__module__.startswith("polars") and hasattr(value, "write_csv"):
        data, kind = value.write_csv().encode("utf-8"), "DataFrame"
    elif type(value).__module__.startswith("pandas") and hasattr(value, "to_csv"):
        data, kind = value.to_csv(index=False).encode("utf-8"), "DataFrame"
    if data is None:
        raise TypeError(f"{key}: cannot read a {type(value).__name__}")
    if not file:
        raise TypeError(f"{key} takes a value, not a {kind}")
    name = _memory_name(key, index, kind, data)
    memory.append((name, data))
    return name


def _argv(command: str, options: dict[str, Any]) -> tuple[list[str], list]:
    """The command line of `command` with `options`, and the bytes given in place of files."""
    known = flags(command)
    argv, memory = [command], []
    for key, value in options.items():
        if value is None:
            continue
        if key.endswith("_") and key[:-1] in known:
            key = key[:-1]  # from_ for --from (a Python keyword)
        if key in _NOT_KEYWORDS and command != "prepare":
            raise TypeError(f"{command}() takes no {key!r}: {_NOT_KEYWORDS[key]}")
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"{command}() got an unexpected keyword argument {key!r}{hint}")
        flag = known[key]
        name = "--" + key.replace("_", "-")
        if flag["switch"]:
            if not isinstance(value, bool):
                raise TypeError(f"{key} is a switch: True or False")
            if value:
                argv.append(name)
            continue
        if isinstance(value, Mapping):
            values = [f"{k}={v}" for k, v in value.items()]
        elif key == "dates" and isinstance(value, (list, tuple)):
            values = [",".join(_value(key, v, 0, False, memory) for v in value)]
        elif isinstance(value, (list, tuple)):
            values = list(value)
        else:
            values = [value]
        if len(values) > 1 and not flag["repeated"]:
            raise TypeError(f"{key} takes one value, not {len(values)}")
        file = flag["value"].startswith("FILE")
        for i, v in enumerate(values):
            argv += [name, _value(key, v, i, file, memory)]
    return argv, memory


def run(command: str, progress: Optional[Progress] = None, **options: Any) -> Result:
    """Run `command` (``coverage``, ``zones``, ``plan``, ``analyze``, ``report-dgos``,
    ``series``, ``compare``) with the keyword options of its flags; see each function."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; commands: {', '.join(COMMANDS)}")
    argv, memory = _argv(command, options)
    return Result(_native.run(argv, memory, progress))


def prepare(
    communes: str | os.PathLike[str],
    out: str | os.PathLike[str],
    progress: Optional[Progress] = None,
    **options: Any,
) -> str:
    """Prepare a commune layer once for repeated runs: writes ``out`` (``FILE.zbt``), which
    every function takes as ``communes``. Returns what the command line prints."""
    argv, memory = _argv("prepare", {"communes": communes, "out": out, **options})
    if memory:
        raise TypeError("prepare() reads files (their hash is recorded), not bytes")
    return _native.prepare(argv, progress)


def schema(which: str = "tables") -> dict[str, Any]:
    """The shipped schemas: ``tables`` (columns and types of every table) or ``summary`` (the
    JSON Schema of ``summary.json``)."""
    text = _native.schema(which)
    if text is None:
        raise ValueError("schema: 'tables' or 'summary'")
    return json.loads(text)
