//! Real tools the tests drive: Debian's headless Chromium (pages opened and printed to PDF)
//! and poppler's `pdfinfo`/`pdftotext`; each found on the PATH or skipped loudly.

use std::path::{Path, PathBuf};

/// The Chromium binary (`ZB_CHROMIUM`, else `chromium`, `chromium-browser`, `google-chrome` on
/// the PATH), or `None` with a loud skip message. `.ci/run` installs Debian's `chromium`.
pub fn chromium(test: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ZB_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    eprintln!("SKIPPED {test}: no Chromium found (install Debian's `chromium` or set ZB_CHROMIUM)");
    None
}

/// Headless, no sandbox (CI runs as root), and none of Chromium's own traffic (updates, sync,
/// metrics), which this machine's closed network refuses.
pub const QUIET_HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
];

/// Run headless Chromium on a local file with networking off; returns (stdout, stderr).
pub fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let url = format!(
        "file://{}",
        std::fs::canonicalize(page).expect("page").display()
    );
    let mut args: Vec<String> = QUIET_HEADLESS
        .iter()
        .chain(&[
            "--metrics-recording-only",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--hide-scrollbars",
        ])
        .map(|s| s.to_string())
        .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().cloned());
    args.push(url);
    let output = std::process::Command::new(browser)
        .args(&args)
        .output()
        .expect("run chromium");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A tool from Debian's `poppler-utils` (`pdfinfo`, `pdftotext`), or `None` with a loud skip.
pub fn poppler(tool: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("SKIPPED {test}: no `{tool}` (install Debian's `poppler-utils`)");
    }
    found
}

/// Print an HTML page to `pdf` (A4 from its stylesheet, no header or footer) with headless
/// Chromium, in a fresh profile named `profile`.
pub fn print_to_pdf(browser: &Path, page: &Path, pdf: &Path, profile: &str) {
    let profile = super::temp_dir(profile);
    headless(
        browser,
        &profile,
        page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
}
