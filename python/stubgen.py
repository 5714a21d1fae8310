"""Write zones_blanches/__init__.pyi: every function's keyword options typed from the flags of
the command line, so that editors complete them. Run after `pip install ./python`:

    python python/stubgen.py

tests/test_api.py checks that the committed stub equals what this writes."""

from __future__ import annotations

import inspect
import pathlib
import sys

# The installed package (with its extension), not the sources beside this script.
HERE = pathlib.Path(__file__).resolve().parent
sys.path = [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]

import zones_blanches as zb  # noqa: E402

HEADER = '''"""Type stubs of zones_blanches (written by python/stubgen.py from the command line's flags)."""

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, Optional

import polars

from ._errors import InputError as InputError
from ._errors import ReadError as ReadError
from ._errors import SettingError as SettingError
from ._errors import WriteError as WriteError
from ._errors import ZonesBlanchesError as ZonesBlanchesError

__version__: str

#: A file: a path, or bytes / a polars or pandas DataFrame in its place.
Input = str | os.PathLike[str] | bytes | Any
Date = str | datetime.date
Progress = Callable[[str, str, Optional[float]], Any]
TABLES: tuple[str, ...]
COMMANDS: tuple[str, ...]

class Result:
    """The result of a command, held by the engine; tables as polars DataFrames."""

    @property
    def command(self) -> str: ...
    @property
    def output_options(self) -> dict[str, Any]: ...
    @property
    def tables(self) -> dict[str, polars.DataFrame]: ...
    def table(self, name: str) -> polars.DataFrame: ...
    def arrow(self, name: str) -> Any: ...
    @property
    def summary(self) -> dict[str, Any]: ...
    def units_geo(self) -> Any: ...
    def zones_geo(self) -> Any: ...
    def plan_geo(self) -> Any: ...
    def map(
        self,
        layers: Optional[list[str]] = None,
        width: int = 1200,
        format: Literal["png", "svg"] = "png",
        lang: Literal["fr", "en"] = "fr",
    ) -> bytes: ...
    def write(
        self,
        out: str | os.PathLike[str],
        format: Optional[str] = None,
        lang: Optional[Literal["fr", "en"]] = None,
        excel_csv: Optional[bool] = None,
        write_adjacency: Optional[bool] = None,
        progress: Optional[Progress] = None,
    ) -> os.PathLike[str]: ...
    def files(
        self,
        format: Optional[str] = None,
        lang: Optional[Literal["fr", "en"]] = None,
        excel_csv: Optional[bool] = None,
        write_adjacency: Optional[bool] = None,
    ) -> dict[str, bytes]: ...
'''

FUNCTIONS = [
    ("coverage", "coverage"),
    ("zones", "zones"),
    ("plan", "plan"),
    ("analyze", "analyze"),
    ("report_dgos", "report-dgos"),
    ("series", "series"),
    ("compare", "compare"),
]


def value_type(key: str, flag: dict) -> str:
    """The Python type of a flag's value."""
    if flag["switch"]:
        return "bool"
    value = flag["value"]
    if key in ("cpts_column", "stage_map"):
        return "Mapping[str, str] | Sequence[str]"
    if value.startswith("FILE"):
        one = "Input"
    elif value == "DATE" or value.startswith("D1"):
        one = "Date"
    elif value in ("MONTHS", "N"):
        one = "int"
    elif value == "SHARE":
        one = "float"
    else:
        one = "str"
    if key == "dates":
        return "Sequence[Date] | str"
    if flag["repeated"]:
        return f"{one} | Sequence[{one}]"
    return one


def keywords(command: str, skip: tuple[str, ...]) -> list[str]:
    out = []
    for key, flag in zb.flags(command).items():
        if key in skip:
            continue
        name = f"{key}_" if key in ("from",) else key
        out.append(f"    {name}: Optional[{value_type(key, flag)}] = None,")
    return out


def docstring(function) -> list[str]:
    """The function's docstring (its options with the flags' help texts), for editors."""
    text = inspect.cleandoc(function.__doc__ or "").replace('"' * 3, "'" * 3)
    body = "\n".join(f"    {line}".rstrip() for line in text.splitlines())
    return ['    """' + body.strip(), '    """', "    ..."]


def stub() -> str:
    lines = [HEADER]
    for table in zb.TABLES:
        lines.append(f"    @property\n    def {table}(self) -> polars.DataFrame: ...")
    lines.append("")
    for function, command in FUNCTIONS:
        lines.append(f"def {function}(")
        lines.append("    communes: Optional[Input] = None,")
        cpts = "Input | Sequence[Input]" if command == "compare" else "Input"
        lines.append(f"    cpts: Optional[{cpts}] = None,")
        lines.append("    *,")
        lines.append("    progress: Optional[Progress] = None,")
        lines += keywords(command, ("communes", "cpts", "out", "quiet"))
        lines.append(") -> Result:")
        lines += docstring(getattr(zb, function))
    lines.append("def prepare(")
    lines.append("    communes: str | os.PathLike[str],")
    lines.append("    out: str | os.PathLike[str],")
    lines.append("    progress: Optional[Progress] = None,")
    lines.append("    *,")
    lines += keywords("prepare", ("communes", "out", "quiet"))
    lines.append(") -> str:")
    lines += docstring(zb.prepare)
    lines.append('def schema(which: Literal["tables", "summary"] = "tables") -> dict[str, Any]: ...')
    lines.append("def flags(command: str) -> dict[str, dict[str, Any]]: ...")
    lines.append(
        "def run(command: str, progress: Optional[Progress] = None, **options: Any) -> Result: ..."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = pathlib.Path(__file__).parent / "zones_blanches" / "__init__.pyi"
    target.write_text(stub())
    print(f"written {target}", file=sys.stderr)
