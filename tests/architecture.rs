//! The house reads one way: no import circle among the modules of `src/`, every import goes to a
//! layer at or below its own (the order of the README's architecture section), and no function
//! is longer than 120 lines. Test modules (`#[cfg(test)]` to the end of a file) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers, bottom first: a module may import its own layer and the ones before it.
const LAYERS: &[&[&str]] = &[
    &["error", "model", "parallel", "progress"],
    &["io"],
    &["territory"],
    &["inputs"],
    &["coverage", "adjacency", "layer_gaps"],
    &["zones", "prepared"],
    &["plan", "time"],
    &["analysis"],
    &["render"],
    &["export"],
    &["crate", "bench", "testing"],
    &["cli", "serve", "main"],
];

const MAX_FUNCTION_LINES: usize = 120;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `territory/mod.rs` → `territory`, `plan/options.rs` → `plan::options`, `lib.rs` → `crate`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    if parts.is_empty() {
        "crate".to_string()
    } else {
        parts.join("::")
    }
}

/// The source without its test module.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// Every `crate::a::b…` path of the text, as its segments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (start, _) in text.match_indices("crate::") {
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &text[start + "crate::".len()..];
        let segments: Vec<String> = rest
            .split("::")
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|s| !s.is_empty())
            .collect();
        if !segments.is_empty() {
            paths.push(segments);
        }
    }
    paths
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of tests/architecture.rs"))
}

/// Import edges between modules (a parent and its children are one room: no edge).
fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .iter()
        .map(|f| (module_of(src, f), f.clone()))
        .collect();
    let related = |a: &str, b: &str| {
        a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
    };
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).expect("read");
        let mut edges = BTreeSet::new();
        for segments in crate_paths(without_tests(&text)) {
            let target = (1..=segments.len())
                .rev()
                .map(|k| segments[..k].join("::"))
                .find(|m| modules.contains_key(m));
            if let Some(target) = target
                && !related(module, &target)
            {
                edges.insert(target);
            }
        }
        graph.insert(module.clone(), edges);
    }
    graph
}

/// Modules that lie on an import circle (strongly connected components of two or more).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m.clone()) {
                stack.extend(graph.get(&m).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for module in graph.keys() {
        let circle: Vec<String> = graph
            .keys()
            .filter(|other| *other == module || (reaches(module, other) && reaches(other, module)))
            .cloned()
            .collect();
        if circle.len() > 1 {
            found.insert(circle);
        }
    }
    found.into_iter().collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_circle_among_modules() {
    let graph = import_graph(&src());
    assert!(
        graph.len() > 30,
        "expected the crate's modules, found {graph:?}"
    );
    let circles = circles(&graph);
    assert!(circles.is_empty(), "import circles: {circles:?}");
}

#[test]
fn imports_only_look_down_the_layers() {
    let graph = import_graph(&src());
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(module, edges)| {
            edges
                .iter()
                .filter(|target| layer_of(target) > layer_of(module))
                .map(move |target| format!("{module} → {target}"))
        })
        .collect();
    assert!(upward.is_empty(), "imports reaching up a layer: {upward:?}");
}

#[test]
fn the_checker_sees_a_circle_and_an_upward_import() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("zones", vec!["plan"]),
        ("plan", vec!["zones", "model"]),
        ("model", vec![]),
    ]
    .into_iter()
    .map(|(m, e)| (m.to_string(), e.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        circles(&graph),
        vec![vec!["plan".to_string(), "zones".to_string()]]
    );
    assert!(layer_of("zones") < layer_of("plan"));
    assert_eq!(
        crate_paths("use crate::plan::options::{A, B};\nlet x = crate::model::format::f();"),
        vec![
            vec!["plan".to_string(), "options".to_string()],
            vec!["model".to_string(), "format".to_string(), "f".to_string()]
        ]
    );
}

#[test]
fn no_function_longer_than_120_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let lines: Vec<&str> = without_tests(&text).lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim_start();
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| line.starts_with(p));
            if !is_fn {
                i += 1;
                continue;
            }
            let (mut depth, mut started, mut j) = (0i64, false, i);
            while j < lines.len() {
                depth +=
                    lines[j].matches('{').count() as i64 - lines[j].matches('}').count() as i64;
                started |= lines[j].contains('{');
                if (started && depth <= 0) || (!started && lines[j].trim_end().ends_with(';')) {
                    break;
                }
                j += 1;
            }
            if started && j - i + 1 > MAX_FUNCTION_LINES {
                long.push(format!(
                    "{}:{} ({} lines)",
                    file.display(),
                    i + 1,
                    j - i + 1
                ));
            }
            i = j + 1;
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines: {long:?}"
    );
}

/// One concern a file: no source file of `src/` is longer than this (test modules included,
/// since they live in the file too).
const MAX_FILE_LINES: usize = 600;

#[test]
fn no_file_longer_than_600_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).expect("read").lines().count();
            (lines > MAX_FILE_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:?}"
    );
}
