//! A table handed to Python through the Arrow PyCapsule interface (`__arrow_c_stream__`):
//! polars, pyarrow and pandas read it without copying its buffers.

use polars::prelude::{CompatLevel, DataFrame};
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{ArrowArrayStream, export_iterator};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// One output table (`coverage`, `zones`…) with the columns and types of its CSV/Parquet file;
/// `polars.DataFrame(table)` or `pyarrow.table(table)` reads it.
#[pyclass(frozen, module = "zones_blanches._native")]
pub struct Table {
    name: &'static str,
    frame: DataFrame,
}

impl Table {
    pub fn new(name: &'static str, frame: DataFrame) -> Table {
        Table { name, frame }
    }
}

#[pymethods]
impl Table {
    /// The table's name (that of its file without the extension).
    #[getter]
    fn name(&self) -> &'static str {
        self.name
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.frame.height()
    }

    /// The Arrow C stream of the table (a struct array per chunk). A requested schema is not
    /// honoured: the columns keep the shipped schema's types.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let stream = stream(&self.frame);
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }
}

/// The frame as an Arrow C stream: one struct array per chunk (the columns' buffers are
/// shared, not copied), strings as Arrow string views as polars holds them.
fn stream(frame: &DataFrame) -> ArrowArrayStream {
    let mut frame = frame.clone();
    frame.align_chunks();
    let level = CompatLevel::newest();
    let fields: Vec<Field> = frame
        .columns()
        .iter()
        .map(|c| c.field().to_arrow(level))
        .collect();
    let dtype = ArrowDataType::Struct(fields);
    let height = frame.height();
    let mut batches: Vec<Box<dyn Array>> = frame
        .iter_chunks(level, false)
        .map(|batch| {
            let len = batch.len();
            StructArray::new(dtype.clone(), len, batch.into_arrays(), None).boxed()
        })
        .collect();
    if batches.is_empty() && height == 0 {
        batches.push(StructArray::new_empty(dtype.clone()).boxed());
    }
    let field = Field::new("".into(), dtype, false);
    export_iterator(Box::new(batches.into_iter().map(Ok)), field)
}
