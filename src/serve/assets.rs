//! The page and every asset it loads, embedded in the binary: nothing is read from disk or
//! fetched from the internet. Leaflet 1.9.4 comes from the npm registry (`npm pack
//! leaflet@1.9.4`, tarball SHA-256 84c65a25…0b77), BSD-2-Clause, its licence served beside it.

/// `(content type, bytes)` of an embedded path, or `None`.
pub fn get(path: &str) -> Option<(&'static str, &'static [u8])> {
    const HTML: &str = "text/html; charset=utf-8";
    const JS: &str = "text/javascript; charset=utf-8";
    const CSS: &str = "text/css; charset=utf-8";
    const TEXT: &str = "text/plain; charset=utf-8";
    Some(match path {
        "/" | "/index.html" => (HTML, include_bytes!("page/index.html")),
        "/assets/app.js" => (JS, include_bytes!("page/app.js")),
        "/assets/app.css" => (CSS, include_bytes!("page/app.css")),
        "/assets/leaflet.js" => (JS, include_bytes!("vendor/leaflet-1.9.4/leaflet.js")),
        "/assets/leaflet.css" => (CSS, include_bytes!("vendor/leaflet-1.9.4/leaflet.css")),
        "/assets/LICENSE-leaflet.txt" => (TEXT, include_bytes!("vendor/leaflet-1.9.4/LICENSE")),
        _ => return None,
    })
}
