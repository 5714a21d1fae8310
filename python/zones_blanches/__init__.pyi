"""Type stubs of zones_blanches (written by python/stubgen.py from the command line's flags)."""

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

    @property
    def coverage(self) -> polars.DataFrame: ...
    @property
    def units(self) -> polars.DataFrame: ...
    @property
    def overlaps(self) -> polars.DataFrame: ...
    @property
    def unresolved(self) -> polars.DataFrame: ...
    @property
    def stalled(self) -> polars.DataFrame: ...
    @property
    def stage_durations(self) -> polars.DataFrame: ...
    @property
    def indicators(self) -> polars.DataFrame: ...
    @property
    def cpts_members(self) -> polars.DataFrame: ...
    @property
    def zones(self) -> polars.DataFrame: ...
    @property
    def adjacency(self) -> polars.DataFrame: ...
    @property
    def options(self) -> polars.DataFrame: ...
    @property
    def plan(self) -> polars.DataFrame: ...
    @property
    def decisions_applied(self) -> polars.DataFrame: ...
    @property
    def plan_coverage(self) -> polars.DataFrame: ...
    @property
    def funding(self) -> polars.DataFrame: ...
    @property
    def funding_scopes(self) -> polars.DataFrame: ...
    @property
    def coverage_series(self) -> polars.DataFrame: ...
    @property
    def zones_series(self) -> polars.DataFrame: ...
    @property
    def changes_units(self) -> polars.DataFrame: ...
    @property
    def changes_cpts(self) -> polars.DataFrame: ...
    @property
    def changes_zones(self) -> polars.DataFrame: ...

def coverage(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def zones(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    min_stage: Optional[str] = None,
    write_adjacency: Optional[bool] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def plan(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    min_stage: Optional[str] = None,
    flows: Optional[Input] = None,
    msp: Optional[Input] = None,
    weights: Optional[Input] = None,
    decisions: Optional[Input] = None,
    strict_decisions: Optional[bool] = None,
    write_adjacency: Optional[bool] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def analyze(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    min_stage: Optional[str] = None,
    flows: Optional[Input] = None,
    msp: Optional[Input] = None,
    weights: Optional[Input] = None,
    decisions: Optional[Input] = None,
    strict_decisions: Optional[bool] = None,
    write_adjacency: Optional[bool] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def report_dgos(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    min_stage: Optional[str] = None,
    flows: Optional[Input] = None,
    msp: Optional[Input] = None,
    weights: Optional[Input] = None,
    decisions: Optional[Input] = None,
    strict_decisions: Optional[bool] = None,
    write_adjacency: Optional[bool] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def series(
    communes: Optional[Input] = None,
    cpts: Optional[Input] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    from_: Optional[Date] = None,
    to: Optional[Date] = None,
    every: Optional[str] = None,
    dates: Optional[Sequence[Date] | str] = None,
    min_stage: Optional[str] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def compare(
    communes: Optional[Input] = None,
    cpts: Optional[Input | Sequence[Input]] = None,
    *,
    progress: Optional[Progress] = None,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    min_overlap: Optional[float] = None,
    population: Optional[Input] = None,
    groups: Optional[Input] = None,
    cog: Optional[Input] = None,
    cpts_column: Optional[Mapping[str, str] | Sequence[str]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    stage_map: Optional[Mapping[str, str] | Sequence[str]] = None,
    stage_map_file: Optional[Input] = None,
    default_stage: Optional[str] = None,
    as_of: Optional[Date | Sequence[Date]] = None,
    stalled_months: Optional[int] = None,
    region: Optional[str | Sequence[str]] = None,
    departement: Optional[str | Sequence[str]] = None,
    indicators: Optional[Input] = None,
    priority: Optional[str] = None,
    professionals: Optional[str] = None,
    register: Optional[Input] = None,
    min_stage: Optional[str] = None,
    excel_csv: Optional[bool] = None,
    format: Optional[str] = None,
    lang: Optional[str] = None,
) -> Result: ...
def prepare(
    communes: str | os.PathLike[str],
    out: str | os.PathLike[str],
    progress: Optional[Progress] = None,
    *,
    communes_layer: Optional[str] = None,
    crs: Optional[str] = None,
    code_field: Optional[str] = None,
    name_field: Optional[str] = None,
    population_field: Optional[str] = None,
    cog: Optional[Input] = None,
) -> str: ...
def schema(which: Literal["tables", "summary"] = "tables") -> dict[str, Any]: ...
def flags(command: str) -> dict[str, dict[str, Any]]: ...
def run(command: str, progress: Optional[Progress] = None, **options: Any) -> Result: ...
