//! `zones_blanches._native`: the engine's commands run from Python with the GIL released, each
//! result kept as the engine's own value; its tables handed over through the Arrow C stream
//! interface, its files built on demand, byte for byte those of the command line.

mod arrow;
mod errors;
mod progress;

use arrow::Table;
use errors::raise;
use polars::prelude::DataFrame;
use progress::Callback;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;
use std::time::Instant;
use zones_blanches::cli::script::{self, Computed};
use zones_blanches::export::Options;
use zones_blanches::{Error, Lang, Progress};

/// The engine's allocator, as in the binary: a run allocates millions of small vectors across
/// rayon's threads, where mimalloc is markedly faster than the system's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The output flags a script may change when writing: (format, lang, excel_csv,
/// write_adjacency), `None` for the run's own.
type OutputFlags = (Option<String>, Option<String>, Option<bool>, Option<bool>);

/// A flag as the Python side reads it: (keyword, switch, repeated, value, help).
type FlagRow = (String, bool, bool, String, String);

/// A command's result held by the engine: its tables (built with the run), and its summary,
/// layers and files on demand.
#[pyclass(frozen, module = "zones_blanches._native")]
struct Outcome {
    computed: Computed,
    tables: Vec<(&'static str, DataFrame)>,
}

#[pymethods]
impl Outcome {
    /// The command that ran (`analyze`, `compare`…).
    #[getter]
    fn command(&self) -> &'static str {
        self.computed.command
    }

    /// The output options the run was given: (format, lang, excel_csv, write_adjacency).
    #[getter]
    fn options(&self) -> (String, &'static str, bool, bool) {
        let o = &self.computed.options;
        let f = o.format;
        let format: Vec<&str> = [(f.csv, "csv"), (f.parquet, "parquet"), (f.xlsx, "xlsx")]
            .into_iter()
            .chain([(f.gpkg, "gpkg")])
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        let lang = match o.lang {
            Lang::Fr => "fr",
            _ => "en",
        };
        (format.join(","), lang, o.excel_csv, o.adjacency)
    }

    /// Every table of the run, in the order of its files: [(name, Table)] (the frames are
    /// shared, not copied).
    fn tables(&self) -> Vec<(&'static str, Table)> {
        self.tables
            .iter()
            .map(|(name, frame)| (*name, Table::new(name, frame.clone())))
            .collect()
    }

    /// `summary.json` as JSON text.
    fn summary_json(&self, py: Python<'_>) -> PyResult<String> {
        let value = self.computed.summary().map_err(|e| raise(py, e))?;
        Ok(value.to_string())
    }

    /// The GeoJSON layer `name` (`units`, `zones`, `plan`): the bytes of its file, or `None`.
    fn layer<'py>(&self, py: Python<'py>, name: &str) -> Option<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| self.computed.layer(name))?;
        Some(PyBytes::new(py, &bytes))
    }

    /// A map of the run (zones, plan, analyze): SVG or PNG bytes, as `zones-blanches map`.
    fn map<'py>(
        &self,
        py: Python<'py>,
        layers: Vec<String>,
        width: u32,
        format: &str,
        lang: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py
            .detach(|| self.computed.map(&layers, width, format, lang))
            .map_err(|e| raise(py, e))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Write the command's files into the folder `out`, as the command line does; `output`:
    /// (format, lang, excel_csv, write_adjacency), each `None` for the run's own.
    #[pyo3(signature = (out, output, progress = None))]
    fn write(
        &self,
        py: Python<'_>,
        out: PathBuf,
        output: OutputFlags,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<()> {
        let options = self.options_with(output).map_err(|e| raise(py, e))?;
        let callback = Callback::new(progress);
        py.detach(|| self.computed.write(&out, &options, &callback))
            .map_err(|e| raise(py, e))?;
        callback.raised().map_or(Ok(()), Err)
    }

    /// Every file of the command in memory: {name: bytes}, in writing order.
    fn files<'py>(&self, py: Python<'py>, output: OutputFlags) -> PyResult<Bound<'py, PyDict>> {
        let options = self.options_with(output).map_err(|e| raise(py, e))?;
        let files = py
            .detach(|| self.computed.files(&options))
            .map_err(|e| raise(py, e))?;
        let dict = PyDict::new(py);
        for (name, bytes) in files {
            dict.set_item(name, PyBytes::new(py, &bytes))?;
        }
        Ok(dict)
    }
}

impl Outcome {
    /// The run's output options with those given to `write` instead.
    fn options_with(&self, output: OutputFlags) -> Result<Options, Error> {
        let (format, lang, excel_csv, write_adjacency) = output;
        let mut options = self.computed.options;
        if let Some(format) = format {
            options.format = format.parse().map_err(|_| {
                Error::Setting(format!(
                    "format `{format}`: csv, parquet, xlsx, gpkg, both, or a list such as csv,xlsx"
                ))
            })?;
        }
        if let Some(lang) = lang {
            options.lang = Lang::parse(&lang)
                .ok_or_else(|| Error::Setting(format!("lang `{lang}`: fr or en")))?;
        }
        options.excel_csv = excel_csv.unwrap_or(options.excel_csv);
        options.adjacency = write_adjacency.unwrap_or(options.adjacency);
        Ok(options)
    }
}

/// Run a command: `argv` as the command line takes it (without the program), `memory` the
/// bytes given in place of files (by the names `argv` gives them), `progress` a callable.
#[pyfunction]
#[pyo3(signature = (argv, memory, progress = None))]
fn run(
    py: Python<'_>,
    argv: Vec<String>,
    memory: Vec<(String, Vec<u8>)>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Outcome> {
    let callback = Callback::new(progress);
    // The tables are built with the run (in parallel, ~45 ms of CPU for the national
    // analyze, as the command line spends writing them), so that handing them to Python is
    // only the Arrow hand-over.
    let (computed, tables) = py
        .detach(|| {
            let computed = script::compute(&argv, &memory, &callback)?;
            callback.step("tables");
            let start = Instant::now();
            let tables = computed.tables(&computed.options)?;
            callback.done("tables", start.elapsed());
            Ok((computed, tables))
        })
        .map_err(|e| raise(py, e))?;
    if let Some(error) = callback.raised() {
        return Err(error);
    }
    Ok(Outcome { computed, tables })
}

/// `prepare`: write the prepared territory; returns what the command line prints.
#[pyfunction]
#[pyo3(signature = (argv, progress = None))]
fn prepare(py: Python<'_>, argv: Vec<String>, progress: Option<Py<PyAny>>) -> PyResult<String> {
    let callback = Callback::new(progress);
    let line = py
        .detach(|| script::prepare(&argv, &callback))
        .map_err(|e| raise(py, e))?;
    callback.raised().map_or(Ok(line), Err)
}

/// The flags of `command` as keywords: [(keyword, switch, repeated, value, help)].
#[pyfunction]
fn flags(command: &str) -> Option<Vec<FlagRow>> {
    let flags = script::flags(command)?;
    Some(
        flags
            .into_iter()
            .map(|f| (f.keyword, f.switch, f.repeated, f.value, f.help))
            .collect(),
    )
}

/// The shipped schemas: `summary` (JSON Schema of summary.json) or `tables`.
#[pyfunction]
fn schema(which: &str) -> Option<&'static str> {
    match which {
        "summary" => Some(zones_blanches::export::schema::SUMMARY_SCHEMA),
        "tables" => Some(zones_blanches::export::schema::TABLES_SCHEMA),
        _ => None,
    }
}

/// mimalloc v3's `mi_option_purge_delay` and `mi_option_allow_thp` (their places in
/// `mi_option_t` of `mimalloc.h` 3.3; libmimalloc-sys names the v2 constants only).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// The binary's two memory settings, scoped to this module's heap (Python's own allocations do
/// not go through mimalloc). Memory a run frees is kept for a second before it goes back to
/// the OS (the default 10 ms cost the binary 0.1–0.5 s of kernel time faulting pages in
/// again; the binary never gives it back, but an interpreter lives on). And no transparent
/// huge pages for the heap: mimalloc would `madvise` its mappings into them, and each 2 MiB
/// fault stalls on a fragmented machine. The binary disables them for its whole process
/// (`prctl`); a module must not, so mimalloc is first initialised (an allocation), then told
/// not to `madvise` new mappings — its `prctl` runs only at its initialisation.
fn memory_settings() {
    std::hint::black_box(Vec::<u8>::with_capacity(64));
    // SAFETY: sets plain integer options of the allocator, after its initialisation.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000);
        libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    memory_settings();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Outcome>()?;
    m.add_class::<Table>()?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(flags, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    Ok(())
}
