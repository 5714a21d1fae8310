//! PNG: a map's SVG rasterized by resvg with the system fonts.

use crate::error::{Error, Result};

/// Rasterize an SVG document to PNG, `width` px wide (system fonts for the labels).
pub fn render_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Setting(format!("map: SVG not rendered: {e}")))?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1), height)
        .ok_or_else(|| Error::Setting(format!("map: a {width}×{height} image is too large")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Setting(format!("map: PNG not encoded: {e}")))
}
