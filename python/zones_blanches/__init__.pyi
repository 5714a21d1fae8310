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
) -> Result:
    """Coverage by stage (S1–S4): the ``coverage``, ``units``, ``overlaps``, ``unresolved`` and
    ``stalled`` tables. Without a commune layer, coverage is computed from the COG alone; with no
    input at all, on the embedded demo.

    Keyword options (the flags of ``zones-blanches coverage``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """Zones blanches (S5): what ``coverage`` returns, plus the ``zones`` table and layer.

    Keyword options (the flags of ``zones-blanches zones``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    write_adjacency: Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2)
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """Coverage options and the 100 % plan (S6): what ``zones`` returns, plus the ``options``,
    ``plan``, ``plan_coverage``, ``funding`` tables and the plan layer.

    Keyword options (the flags of ``zones-blanches plan``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    flows: Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows
    msp: MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84)
    weights: Option weights and thresholds (TOML; see `zones-blanches weights`)
    decisions: The task force's decisions (CSV/XLSX: unit = a code, a commune name or a zone key Z-CODE; cpts = an id, a name, or `new:NAME` for a new CPTS; decision = assign or forbid; an empty unit with forbid: the CPTS takes no extension)
    strict_decisions: A decision that cannot be applied is an error (exit 2), not a warning: for scripts
    write_adjacency: Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2)
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """Coverage, zones and plan in one go: the tables of ``plan``; ``write`` adds
    ``report.html`` and the templates.

    Keyword options (the flags of ``zones-blanches analyze``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    flows: Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows
    msp: MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84)
    weights: Option weights and thresholds (TOML; see `zones-blanches weights`)
    decisions: The task force's decisions (CSV/XLSX: unit = a code, a commune name or a zone key Z-CODE; cpts = an id, a name, or `new:NAME` for a new CPTS; decision = assign or forbid; an empty unit with forbid: the CPTS takes no extension)
    strict_decisions: A decision that cannot be applied is an error (exit 2), not a warning: for scripts
    write_adjacency: Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2)
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """The return to the DGOS: the tables of ``analyze``; ``write`` adds ``retour-dgos.xlsx``
    and the printable ``retour-dgos.html``.

    Keyword options (the flags of ``zones-blanches report-dgos``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    flows: Flow table (CSV/XLSX): origin code, destination code, count — commuting or patient flows
    msp: MSP table (CSV/XLSX): id, name, and a commune code or lon/lat (WGS84)
    weights: Option weights and thresholds (TOML; see `zones-blanches weights`)
    decisions: The task force's decisions (CSV/XLSX: unit = a code, a commune name or a zone key Z-CODE; cpts = an id, a name, or `new:NAME` for a new CPTS; decision = assign or forbid; an empty unit with forbid: the CPTS takes no extension)
    strict_decisions: A decision that cannot be applied is an error (exit 2), not a warning: for scripts
    write_adjacency: Also write adjacency.csv (code_a,code_b,shared_m,overlap_m2)
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """Coverage (and zones blanches) at a list of dates (S10): ``dates=[...]`` or
    ``from_=..., to=..., every="month"``. Tables ``coverage_series``, ``zones_series``.

    Keyword options (the flags of ``zones-blanches series``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    from: First date of the series (YYYY-MM-DD)
    to: Last date of the series (included when a step lands on it)
    every: Step between --from and --to: month, quarter or year
    dates: The dates themselves, comma-separated (instead of --from/--to)
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> Result:
    """What changed (S10) between two listings (``cpts=[before, after]``) or one listing at two
    dates (``as_of=[a, b]``): tables ``changes_units``, ``changes_cpts``, ``changes_zones``.

    Keyword options (the flags of ``zones-blanches compare``):

    communes: Commune layer: GeoJSON FeatureCollection (plain or .gz, WGS84), Shapefile (.shp with .dbf, .shx, .prj, optional .cpg) or GeoPackage (.gpkg, as IGN ships ADMIN EXPRESS); or a territory prepared from one (FILE.zbt, see `prepare`). Without it, coverage is computed from the COG alone
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    min_overlap: CPTS polygons: share of a unit's area a polygon must cover for the unit to belong to it
    population: INSEE-style population table (CSV, `;` or `,`): overrides or supplies population by code
    groups: Groups of units besides the EPCI (S11): CSV/XLSX with a code, a group id and optionally a group name (INSEE bassins de vie, territoires de santé); units.csv carries each unit's
    cog: COG reference (format of cog-communes-2026.csv); default: the embedded COG 2026
    cpts: CPTS listing: CSV (`,`/`;`, UTF-8 or Windows-1252) or XLSX, one row per (CPTS, commune); or CPTS polygons (GeoJSON or Shapefile with id, name, stage and date properties). `compare` takes it twice (the listing before, then after)
    cpts_column: Map a listing field to a header, e.g. `commune_code=code_insee_source`. Fields: cpts_id, cpts_name, stage, commune_code, arrondissement_code, date_li, date_ps, date_aci, members
    sheet: Worksheet to read in an XLSX listing (default: the first)
    header_row: Row of the listing's header (spreadsheet numbering); default: the first row that has the listing's columns, so title rows above it are skipped
    stage_map: Read a stage label no rule understands, e.g. `'Dossier complet=ps'`; repeatable
    stage_map_file: Stage labels from a table with `label` and `stage` columns (CSV or XLSX)
    default_stage: Stage of rows without one (listings with no stage column): preprojet, li, ps or aci
    as_of: Coverage as it was at this date (YYYY-MM-DD): each CPTS at its highest dated stage. `compare` takes it twice (one listing at two dates)
    stalled_months: A CPTS at the lettre d'intention or the projet de santé for longer than this many months at the date of the analysis is stalled (stalled.csv, S10)
    region: Restrict the study area to a région (INSEE code, e.g. 93); repeatable
    departement: Restrict the study area to a département (e.g. 04, 2A, 974); repeatable
    indicators: Indicators per commune (CSV/XLSX): a code column and numeric columns named `name:sum` (a count, summed) or `name:mean` (a rate, mean weighted by population); no suffix = sum. Aggregated onto scopes, zones and CPTS in indicators.csv
    priority: Rank the zones of the report by this indicator of --indicators, highest first
    professionals: The indicator of --indicators that counts professionals per commune: with a members column in the listing, cpts_members.csv gives each CPTS's share of members
    register: The task force's register (CSV/XLSX): zone (key, Z-CODE), status (à instruire, réunion tenue, porteur identifié, LI signée, abandonnée), date, strategy, coordinator (oui/non), comment; one row per step. Carried into zones.csv, the report and the series
    min_stage: Units below this stage are uncovered: li (default, S3), ps or aci
    excel_csv: Write CSV for Excel in French: `;`-separated with a UTF-8 BOM
    format: Table formats: csv (default), parquet, xlsx (one workbook, zones-blanches.xlsx), gpkg (one GeoPackage, zones-blanches.gpkg, with the geometry layers and every table), both (csv and parquet), or a comma-separated list such as csv,xlsx,gpkg
    lang: Language of the terminal summary and of the sentences in the tables (options.csv rationale, plan.csv and unresolved.csv reason): en (default, stable for scripts) or fr. The report is always in French; CSV headers and JSON keys never change
    """
    ...
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
) -> str:
    """Prepare a commune layer once for repeated runs: writes ``out`` (``FILE.zbt``), which
    every function takes as ``communes``. Returns what the command line prints.

    Keyword options (the flags of ``zones-blanches prepare``):

    communes: Commune layer to prepare: GeoJSON (plain or .gz), Shapefile or GeoPackage, read as the other commands read --communes
    communes_layer: Feature layer of a GeoPackage --communes holding several (ADMIN EXPRESS: `commune`)
    crs: CRS of a Shapefile without a usable .prj: EPSG:2154, 4326, 5490, 2972, 2975, 4471 or 4467
    code_field: Property holding the commune code (default: detect code, insee_com, code_insee, codgeo, com)
    name_field: Property holding the commune name (default: detect nom, nom_com, libgeo, libelle)
    population_field: Property holding the population (default: detect population_municipale*, population, pmun, pNN_pop)
    cog: COG reference the units are resolved against; the runs must give the same --cog
    out: The prepared territory to write (FILE.zbt)
    quiet: Print nothing but errors
    """
    ...
def schema(which: Literal["tables", "summary"] = "tables") -> dict[str, Any]: ...
def flags(command: str) -> dict[str, dict[str, Any]]: ...
def run(command: str, progress: Optional[Progress] = None, **options: Any) -> Result: ...
