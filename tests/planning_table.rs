//! The planning table (`zones-blanches serve`, S8) end to end on the real PACA listing: a task
//! force in a real headless Chromium (DevTools protocol) clicks the Sisteron zone, assigns three
//! of its communes to a neighbouring CPTS, undoes, redoes and exports; the saved decisions give
//! the command line the same plan. The API refuses bad requests and changes nothing, and a
//! server killed during a burst of edits leaves a whole decisions file.

mod common;

use common::cdp::Browser;
use common::server::Server;
use common::{chromium, paca_inputs, path_str, read_csv, run, shared_data, temp_dir};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The PACA région's table, saving to `dir/decisions.csv`, exporting to `dir/export`.
fn paca_table(data: &Path, dir: &Path, extra: &[&str]) -> Server {
    let mut args = paca_inputs(data);
    args.extend(
        [
            "--region",
            "93",
            "--decisions",
            path_str(&dir.join("decisions.csv")),
            "--out",
            path_str(&dir.join("export")),
        ]
        .map(String::from),
    );
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Server::start(&args)
}

/// `analyze --lang fr` of the PACA région on the decisions the table saved in `dir`; its folder.
fn analyze_saved(data: &Path, dir: &Path) -> PathBuf {
    let cli = dir.join("cli");
    let mut args = paca_inputs(data);
    args.insert(0, "analyze".into());
    let decisions = dir.join("decisions.csv");
    args.extend(
        [
            "--region",
            "93",
            "--lang",
            "fr",
            "--decisions",
            path_str(&decisions),
            "--out",
            path_str(&cli),
            "-q",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    cli
}

/// Where the run's screenshots go (kept after the test, for the README).
fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("planning-table");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// The three Sisteron-zone communes the meeting gives to the CPTS Alpes Bléone Durance:
/// Authon, Barras and Bellaffaire (the plan had them in CPTS Buëch-Dévoluy's extension).
const THREE: [&str; 3] = ["04016", "04023", "04026"];

/// Wait until the page has drawn a view newer than `after`, and return its number.
fn view_after(browser: &mut Browser, after: u64) -> u64 {
    let seen = browser.wait_for(&format!(
        "(() => {{ const v = Number(document.body.dataset.viewReady || 0); return v > {after} ? v : 0; }})()"
    ));
    seen.as_u64().expect("view number")
}

fn point(browser: &mut Browser, code: &str) -> (f64, f64) {
    let p = browser.wait_for(&format!(
        "window.zb.pointOf('{code}') || (window.zb.features().size && ['missing', window.zb.features().size, document.body.dataset.viewReady])"
    ));
    assert!(p.get("x").is_some(), "{code} not drawn: {p}");
    (p["x"].as_f64().expect("x"), p["y"].as_f64().expect("y"))
}

#[test]
fn a_task_force_assigns_three_communes_undoes_redoes_and_exports_in_chromium_s8() {
    let test = "planning table in Chromium";
    let (Some(data), Some(chromium)) = (shared_data(test), chromium(test)) else {
        return;
    };
    let dir = temp_dir("serve-browser");
    let server = paca_table(&data, &dir, &[]);
    let before = server.get("/api/state");
    let funding_before = server.get("/api/funding");
    let mut browser = Browser::launch(&chromium, &dir.join("profile"));
    browser.open(&format!("http://{}/", server.address), 1366, 768);
    browser.wait_for("document.body.dataset.ready === 'true'");
    let mut view = view_after(&mut browser, 0);
    browser.screenshot(&screenshots().join("region.png"));
    assert_eq!(
        browser.eval("document.getElementById('pct-now').textContent"),
        json!("98,1 %"),
        "coverage now, as the API says it: {}",
        before["coverage"]
    );

    // Click Sisteron: its zone's options come up.
    let (x, y) = point(&mut browser, "04209");
    browser.click(x, y, false);
    browser.wait_for("document.getElementById('zone-title').textContent.includes('Z-04209')");
    let options = browser.eval("document.querySelectorAll('#zone-options li').length");
    assert!(options.as_u64().expect("count") >= 3, "{options}");
    // Zoom in on it with the wheel, as a user does (one notch: about a zoom level and a half).
    browser.call(
        "Input.dispatchMouseEvent",
        json!({"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": -100}),
    );
    view = view_after(&mut browser, view);
    std::thread::sleep(std::time::Duration::from_millis(600));
    view = view_after(&mut browser, view - 1);
    browser.screenshot(&screenshots().join("zone.png"));

    // Select three of its communes: a click, then shift-clicks.
    for (k, code) in THREE.iter().enumerate() {
        let (x, y) = point(&mut browser, code);
        browser.click(x, y, k > 0);
    }
    let selected = browser.wait_for("window.zb.selected().length === 3 && window.zb.selected()");
    let mut selected: Vec<String> = serde_json::from_value(selected).expect("codes");
    selected.sort();
    assert_eq!(selected, THREE);
    // The neighbouring CPTS is offered (it is an option of the zone): choose it.
    assert!(
        browser
            .eval(
                "[...document.querySelectorAll('#target option')].some(o => o.value === 'PACA004')"
            )
            .as_bool()
            .expect("bool")
    );
    browser.eval(
        "(() => { const s = document.getElementById('target'); s.value = 'PACA004'; s.dispatchEvent(new Event('change')); })()",
    );
    browser.click_selector("#assign");
    browser.wait_for("document.body.dataset.version === '2'");
    view_after(&mut browser, view);
    browser.screenshot(&screenshots().join("assigned.png"));

    // The panel: coverage with the decisions and the CPTS's population changed.
    let after = server.get("/api/state");
    let moved: u64 = THREE.iter().map(|c| unit_population(&server, c)).sum();
    assert_eq!(
        after["coverage"]["with_decisions"].as_u64().unwrap(),
        before["coverage"]["with_decisions"].as_u64().unwrap() + moved
    );
    let text = |b: &mut Browser, id: &str| {
        b.eval(&format!("document.getElementById('{id}').textContent"))
            .as_str()
            .expect("text")
            .replace(['\u{202f}', '\u{a0}'], " ")
    };
    assert_eq!(
        text(&mut browser, "pop-decided"),
        format!(
            "{} hab.",
            thousands(after["coverage"]["with_decisions"].as_u64().unwrap())
        )
    );
    let cpts = &after["cpts"][0];
    assert_eq!(cpts["id"], "PACA004");
    let grown = cpts["population_after"].as_u64().unwrap();
    // The plan had put them elsewhere: the CPTS grows by exactly their population.
    let planned_before = funding_population(&funding_before, "PACA004");
    assert_eq!(grown, planned_before + moved);
    let row = browser.eval("document.querySelector('#cpts-table tbody tr td.pop').textContent");
    let row = row
        .as_str()
        .expect("row")
        .replace(['\u{202f}', '\u{a0}'], " ");
    assert!(row.ends_with(&thousands(grown)), "{row}");
    let saved = std::fs::read_to_string(dir.join("decisions.csv")).expect("saved");
    assert_eq!(
        saved,
        "unit,cpts,decision\n04016,PACA004,assign\n04023,PACA004,assign\n04026,PACA004,assign\n"
    );

    // Undo: back to no decision; redo: the three again.
    browser.click_selector("#undo");
    browser.wait_for("document.body.dataset.version === '3'");
    assert_eq!(
        std::fs::read_to_string(dir.join("decisions.csv")).expect("saved"),
        "unit,cpts,decision\n"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#cpts-table tbody tr').length"),
        json!(0)
    );
    browser.click_selector("#redo");
    browser.wait_for("document.body.dataset.version === '4'");
    assert_eq!(
        std::fs::read_to_string(dir.join("decisions.csv")).expect("saved"),
        saved
    );

    // A rectangle (shift-drag) around the three communes selects them, with what else it holds.
    browser.click_selector("#deselect");
    let points: Vec<(f64, f64)> = THREE.iter().map(|c| point(&mut browser, c)).collect();
    let (x0, x1) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    browser.drag(&[(x0 - 12.0, y0 - 12.0), (x1 + 12.0, y1 + 12.0)], 8);
    let selected = browser.wait_for("window.zb.selected().length >= 3 && window.zb.selected()");
    let selected: Vec<String> = serde_json::from_value(selected).expect("codes");
    assert!(
        THREE.iter().all(|c| selected.iter().any(|s| s == c)),
        "{selected:?}"
    );
    // A lasso (alt-drag) drawn around them does the same.
    browser.click_selector("#deselect");
    browser.wait_for("window.zb.selected().length === 0");
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let r = (x1 - x0).max(y1 - y0) / 2.0 + 14.0;
    let lasso: Vec<(f64, f64)> = (0..=12)
        .map(|k| {
            let a = std::f64::consts::TAU * f64::from(k) / 12.0;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    browser.drag(&lasso, 1);
    let lassoed = browser.wait_for("window.zb.selected().length >= 3 && window.zb.selected()");
    let lassoed: Vec<String> = serde_json::from_value(lassoed).expect("codes");
    assert!(
        THREE.iter().all(|c| lassoed.iter().any(|s| s == c)),
        "{lassoed:?}"
    );
    // Hovering Authon says what it is, where it belongs and where the plan puts it.
    let (hx, hy) = point(&mut browser, "04016");
    browser.hover(hx, hy);
    let hover = browser.wait_for(
        "!document.getElementById('hover').hidden && document.getElementById('hover').textContent",
    );
    let hover = hover
        .as_str()
        .expect("text")
        .replace(['\u{202f}', '\u{a0}'], " ");
    for says in [
        "Authon",
        "(04016)",
        "hab.",
        "EPCI",
        "Zone blanche Z-04209",
        "CPTS Alpes Bléone Durance (extension) — décidé",
    ] {
        assert!(hover.contains(says), "{says} not in {hover}");
    }

    // The meeting rules out the zone's extension to CPTS Buëch-Dévoluy, from its options.
    browser.click_found(
        "[...document.querySelectorAll('#zone-options li')].find(li => li.querySelector('b').textContent.startsWith('extension — CPTS Buech-Devoluy'))?.querySelector('button.forbid-zone')",
    );
    browser.wait_for("document.body.dataset.version === '5'");
    let saved = std::fs::read_to_string(dir.join("decisions.csv")).expect("saved");
    assert!(saved.ends_with("Z-04209,PACA006,forbid\n"), "{saved}");
    let plan_now = server.get("/api/plan");
    assert!(
        plan_now
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["zone_key"] == "Z-04209")
            .all(|r| r["target_id"] != "PACA006"),
        "the zone still goes to PACA006"
    );

    // Export: the files of `analyze --decisions`.
    browser.click_selector("#export");
    browser.wait_for("document.getElementById('message').textContent.includes('export')");
    let page_plan = server.get("/api/plan");
    drop(browser);
    drop(server);

    // The command line on the saved file gives the page's plan.
    let cli = analyze_saved(&data, &dir);
    let plan_csv = read_csv(&cli.join("plan.csv"));
    assert_eq!(plan_csv.len(), page_plan.as_array().expect("rows").len());
    for (csv_row, api_row) in plan_csv.iter().zip(page_plan.as_array().expect("rows")) {
        for field in [
            "code",
            "zone_key",
            "target_id",
            "target_name",
            "kind",
            "reason",
        ] {
            assert_eq!(
                csv_row[field],
                api_row[field].as_str().unwrap_or(""),
                "{field}"
            );
        }
        assert_eq!(csv_row["decided"], api_row["decided"].to_string());
    }
    for code in THREE {
        let row = plan_csv.iter().find(|r| r["code"] == code).expect("placed");
        assert_eq!(row["target_id"], "PACA004");
        assert_eq!(row["decided"], "true");
    }
    // The export is the command line's output, byte for byte.
    for file in [
        "plan.csv",
        "options.csv",
        "zones.csv",
        "decisions_applied.csv",
        "funding.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.join("export").join(file)).expect("exported"),
            std::fs::read(cli.join(file)).expect("cli"),
            "{file}"
        );
    }
    eprintln!("screenshots in {}", screenshots().display());
}

fn unit_population(server: &Server, code: &str) -> u64 {
    let map = server.get("/api/map?bbox=5.5,43.8,6.6,44.7&zoom=9");
    map["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["c"] == code)
        .and_then(|f| f["properties"]["p"].as_u64())
        .expect("unit in view")
}

/// A CPTS's population once the plan is carried out, from `/api/funding`.
fn funding_population(funding: &Value, id: &str) -> u64 {
    funding
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["cpts_id"] == id))
        .and_then(|r| r["population_after"].as_u64())
        .unwrap_or_else(|| panic!("{id} in funding"))
}

/// `53 971` as the page writes it (its separators read as plain spaces, as the test reads the
/// page): the library's own thousands.
fn thousands(n: u64) -> String {
    zones_blanches::format::thousands(n).replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn bad_requests_get_a_clear_4xx_and_change_nothing_s8() {
    let Some(data) = shared_data("planning table bad requests") else {
        return;
    };
    let dir = temp_dir("serve-bad");
    let server = paca_table(&data, &dir, &[]);
    let v = server.version();
    let (status, ok) = server.post(
        "/api/edit",
        &json!({"version": v, "action": "assign", "units": ["04016"], "cpts": "PACA004"}),
    );
    assert_eq!(status, 200, "{ok}");
    let saved = std::fs::read(dir.join("decisions.csv")).expect("saved");
    let state = server.get("/api/state");
    let v = state["version"].as_u64().expect("version");
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "unknown unit",
            json!({"version": v, "action": "assign", "units": ["99999"], "cpts": "PACA004"})
                .to_string()
                .into_bytes(),
            400,
            "unit `99999`",
        ),
        (
            "unknown CPTS",
            json!({"version": v, "action": "assign", "units": ["04023"], "cpts": "PACA999"})
                .to_string()
                .into_bytes(),
            400,
            "cpts `PACA999`",
        ),
        (
            "malformed JSON",
            b"{\"version\": 2, \"action\": ".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "unknown action",
            json!({"version": v, "action": "annex", "units": ["04023"]})
                .to_string()
                .into_bytes(),
            400,
            "unknown variant `annex`",
        ),
        (
            "stale version",
            json!({"version": v - 1, "action": "assign", "units": ["04023"], "cpts": "PACA004"})
                .to_string()
                .into_bytes(),
            409,
            "plan changed since version",
        ),
        (
            "oversized body",
            vec![b' '; 2 << 20],
            413,
            "request body over 1048576 bytes",
        ),
        (
            "no version",
            json!({"action": "assign", "units": ["04023"], "cpts": "PACA004"})
                .to_string()
                .into_bytes(),
            400,
            "version: missing",
        ),
    ];
    for (what, body, expected, says) in cases {
        let (status, answer) = server.request("POST", "/api/edit", &body, &[]);
        let answer = String::from_utf8_lossy(&answer);
        assert_eq!(status, expected, "{what}: {answer}");
        assert!(answer.contains(says), "{what}: {answer}");
        assert_eq!(server.get("/api/state"), state, "{what} changed the state");
        assert_eq!(
            std::fs::read(dir.join("decisions.csv")).expect("saved"),
            saved,
            "{what}"
        );
    }
    // What another web site could send through the analyst's browser: a form or text/plain
    // POST (no preflight), another Origin, another Host (DNS rebinding).
    let edit = json!({"version": v, "action": "assign", "units": ["04023"], "cpts": "PACA004"})
        .to_string();
    let host = format!("Host: {}", server.address);
    for (headers, expected, says) in [
        (
            vec!["Content-Type: text/plain"],
            415,
            "application/json expected",
        ),
        (
            vec!["Origin: http://evil.example"],
            403,
            "Origin `http://evil.example`",
        ),
        (vec!["Host: evil.example:8642"], 403, "loopback only"),
    ] {
        let (status, answer) = server.request("POST", "/api/edit", edit.as_bytes(), &headers);
        let answer = String::from_utf8_lossy(&answer);
        assert_eq!(status, expected, "{headers:?}: {answer}");
        assert!(answer.contains(says), "{headers:?}: {answer}");
        assert_eq!(
            server.get("/api/state"),
            state,
            "{headers:?} changed the state"
        );
    }
    let (status, _) = server.request("GET", "/api/state", b"", &["Host: evil.example"]);
    assert_eq!(status, 403);
    let origin = format!("Origin: http://{}", server.address);
    let (status, answer) =
        server.request("POST", "/api/undo", b"{\"version\": 0}", &[&origin, &host]);
    assert_eq!(
        status,
        409,
        "the page's own origin is let through: {}",
        String::from_utf8_lossy(&answer)
    );

    // Bad reads: a bbox that is not four numbers, a zone that does not exist, a file path.
    for (path, expected) in [
        ("/api/map?bbox=1,2,3&zoom=8", 400),
        ("/api/zones/Z-99999/options", 404),
        ("/api/tables/nothing", 404),
        ("/../Cargo.toml", 404),
        ("/api/../../etc/passwd", 404),
    ] {
        let (status, _) = server.request("GET", path, b"", &[]);
        assert_eq!(status, expected, "{path}");
    }
    // The same messages as the command line: an assignment it refuses is applied = false with
    // the reason and the hint (S8 amendment), not an HTTP error.
    let (status, refused) = server.post(
        "/api/edit",
        &json!({"version": v, "action": "assign", "units": ["04209"], "cpts": "PACA004"}),
    );
    assert_eq!(status, 200);
    let last = refused["decisions"]
        .as_array()
        .expect("rows")
        .last()
        .expect("row")
        .clone();
    assert_eq!(last["status"], "refused");
    assert!(
        last["reason"]
            .as_str()
            .unwrap()
            .contains("ne partage aucune frontière"),
        "{last}"
    );
    assert_eq!(last["hint"][0]["code"], "04229");
}

#[test]
fn a_token_guards_the_api_and_another_address_needs_one() {
    let Some(data) = shared_data("planning table token") else {
        return;
    };
    let dir = temp_dir("serve-token");
    let server = paca_table(&data, &dir, &["--token", "s3cret", "--lang", "en"]);
    let (status, body) = server.request("GET", "/api/state", b"", &[]);
    assert_eq!(status, 401, "{}", String::from_utf8_lossy(&body));
    let (status, _) = server.request("GET", "/api/state", b"", &["Authorization: Bearer wrong"]);
    assert_eq!(status, 401);
    let (status, _) = server.request("POST", "/api/undo", b"{\"version\":1}", &[]);
    assert_eq!(status, 401);
    let (status, state) =
        server.request("GET", "/api/state", b"", &["Authorization: Bearer s3cret"]);
    assert_eq!(status, 200);
    // --lang en: the page takes its language from the state.
    let state: Value = serde_json::from_slice(&state).expect("JSON");
    assert_eq!(state["lang"], "en");
    // The page's own files carry no data: served without the token.
    let (status, page) = server.request("GET", "/", b"", &[]);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("/assets/leaflet.js"));
    drop(server);

    // Off loopback without a token: refused before anything is loaded.
    let output = run(&["serve", "--bind", "0.0.0.0", "--port", "0"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--bind 0.0.0.0: not a loopback address") && stderr.contains("--token"),
        "{stderr}"
    );
    // The decisions are never saved over an input, nor into a folder: said before loading.
    let listing = data.join("paca/cpts-paca-2026-01.csv");
    let listing_bytes = std::fs::read(&listing).expect("listing");
    for (decisions, says) in [
        (path_str(&listing), "this is an input of the run"),
        (path_str(&dir), "this is a folder"),
    ] {
        let output = run(
            &[
                "serve",
                "--cpts",
                path_str(&listing),
                "--decisions",
                decisions,
                "--port",
                "0",
                "--check",
            ],
            &[],
        );
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
    assert_eq!(std::fs::read(&listing).expect("listing"), listing_bytes);
}

#[test]
fn the_api_answers_as_the_command_line_writes_and_documents_itself() {
    let Some(data) = shared_data("planning table API") else {
        return;
    };
    let dir = temp_dir("serve-api");
    let server = paca_table(&data, &dir, &[]);
    // A whole decisions list as a dashboard posts it: a name, a zone key and new:NAME.
    let decisions = json!([
        {"unit": "Authon", "cpts": "CPTS Alpes Bléone Durance", "decision": "assign"},
        {"unit": "Z-13111", "cpts": "new:CPTS de la Sainte-Victoire", "decision": "assign"},
        {"unit": "", "cpts": "PACA060", "decision": "forbid"},
    ]);
    let (status, state) = server.post(
        "/api/decisions",
        &json!({"version": 1, "decisions": decisions}),
    );
    assert_eq!(status, 200, "{state}");
    let statuses: Vec<&str> = state["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applied", "applied", "applied"]);
    let locked = state["cpts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "PACA060")
        .expect("locked CPTS");
    assert_eq!(locked["locked"], true);
    let summary = server.get("/api/summary");
    let coverage = server.get("/api/coverage");
    let plan = server.get("/api/plan");
    let zones = server.get("/api/zones");
    let funding = server.get("/api/funding");
    let options = server.get("/api/zones/Z-04209/options");
    drop(server);

    let cli = analyze_saved(&data, &dir);
    // Every table route is its CSV, row for row, in the types of the tables schema.
    for (name, rows) in [
        ("coverage", &coverage),
        ("plan", &plan),
        ("zones", &zones),
        ("funding", &funding),
    ] {
        let csv = read_csv(&cli.join(format!("{name}.csv")));
        let rows = rows.as_array().expect("rows");
        assert_eq!(csv.len(), rows.len(), "{name}");
        for (c, r) in csv.iter().zip(rows) {
            for (field, value) in c {
                let json_text = match &r[field] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Number(n) if n.is_f64() => format!("{:.2}", n.as_f64().unwrap()),
                    other => other.to_string(),
                };
                assert_eq!(&json_text, value, "{name}.{field}");
            }
        }
    }
    let new = plan
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "13111")
        .expect("13111");
    assert_eq!(new["target_id"], "N-13111");
    assert_eq!(new["target_name"], "CPTS de la Sainte-Victoire");
    assert_eq!(
        summary["plan"]["units_placed"],
        common::read_json(&cli.join("summary.json"))["plan"]["units_placed"]
    );
    assert_eq!(options["zone_key"], "Z-04209");
    assert_eq!(
        options["options"].as_array().unwrap().len(),
        read_csv(&cli.join("options.csv"))
            .iter()
            .filter(|r| r["zone_key"] == "Z-04209")
            .count()
    );
    assert!(coverage[0]["population_total"].is_u64());

    // The OpenAPI document types every table route by the shipped tables schema.
    let server = paca_table(&data, &temp_dir("serve-api-doc"), &[]);
    let doc = server.get("/api/openapi.json");
    assert_eq!(doc["openapi"], "3.1.0");
    let tables: Value =
        serde_json::from_str(&common::run_ok(&["schema", "tables"])).expect("schema");
    for (name, row) in [
        ("plan", "PlanRow"),
        ("funding_scopes", "FundingScopesRow"),
        ("options", "OptionsRow"),
    ] {
        let columns: Vec<&str> = tables["tables"][name]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let properties: Vec<&str> = doc["components"]["schemas"][row]["properties"]
            .as_object()
            .expect(row)
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = columns.clone();
        sorted.sort();
        assert_eq!(properties, sorted, "{row}");
    }
    for path in [
        "/api/state",
        "/api/edit",
        "/api/undo",
        "/api/redo",
        "/api/decisions",
        "/api/map",
        "/api/zones/{key}/options",
        "/api/export",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    assert_eq!(
        doc["components"]["schemas"]["Summary"]["$id"],
        "urn:zones-blanches:schema:summary"
    );
}

#[test]
fn a_server_killed_during_a_burst_of_edits_leaves_a_whole_decisions_file() {
    let Some(data) = shared_data("planning table kill") else {
        return;
    };
    let dir = temp_dir("serve-kill");
    let server = paca_table(&data, &dir, &[]);
    let zone: Vec<String> = server
        .get("/api/zones")
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["zone_key"] == "Z-04209")
        .expect("zone")["codes"]
        .as_str()
        .unwrap()
        .split(';')
        .map(String::from)
        .collect();
    // Edits one after another from a second thread; the server is killed in the middle.
    let client = server.client.clone();
    let burst = std::thread::spawn(move || {
        let mut applied = 0;
        for (k, code) in zone.iter().cycle().take(400).enumerate() {
            let version = match std::panic::catch_unwind(|| client.version()) {
                Ok(v) => v,
                Err(_) => break,
            };
            let target = if k % 2 == 0 { "PACA004" } else { "PACA006" };
            let edit =
                json!({"version": version, "action": "assign", "units": [code], "cpts": target});
            let sent = std::panic::catch_unwind(|| client.post("/api/edit", &edit));
            // The kill lands while an edit is on its way: sometimes mid-save.
            match sent {
                Ok((200, _)) => applied += 1,
                _ => break,
            }
        }
        applied
    });
    std::thread::sleep(std::time::Duration::from_millis(700));
    let mut server = server;
    // SIGKILL: no handler runs.
    server.child.kill().expect("kill");
    server.child.wait().expect("wait");
    let applied = burst.join().expect("burst");
    assert!(applied > 0, "no edit landed before the kill");
    // No temp file left behind counts as the file; the file is whole and reloadable.
    let text = std::fs::read_to_string(dir.join("decisions.csv")).expect("decisions file");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "unit,cpts,decision");
    assert!(text.ends_with('\n'), "a part of a file: {text:?}");
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 3, "{line}");
        assert!(
            ["PACA004", "PACA006"].contains(&cells[1]) && cells[2] == "assign",
            "{line}"
        );
    }
    assert!(
        lines.len() > 1 && lines.len() <= 33,
        "{} rows",
        lines.len() - 1
    );
    let server = paca_table(&data, &dir, &[]);
    let state = server.get("/api/state");
    assert_eq!(
        state["decisions"].as_array().unwrap().len(),
        lines.len() - 1
    );
    eprintln!(
        "killed after {applied} edits; the file held {} decisions and reloaded",
        lines.len() - 1
    );
}
