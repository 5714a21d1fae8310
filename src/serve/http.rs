//! The planning table's requests: the embedded page and its assets, the JSON API (read:
//! state, summary, tables, a zone's options, map views, the OpenAPI document; write: edits,
//! undo/redo, a whole decisions list, export), a bearer token when one is set, bounded bodies,
//! and errors as `{"error": …}` with a 4xx that changes nothing.

use super::Served;
use super::assets;
use super::panel::state_json;
use super::state::{Edit, Refusal, Row};
use crate::export::{Table as OutputTable, summary_json, table_json};
use serde_json::{Value, json};
use std::io::Read;
use tiny_http::{Header, Method, Request, Response};

/// The largest request body accepted (a whole decisions list of a région fits many times).
pub const MAX_BODY: usize = 1 << 20;

/// An answer: status, content type, body.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            content_type: "application/json; charset=utf-8",
            body: value.to_string().into_bytes(),
        }
    }

    fn error(status: u16, message: impl Into<String>, version: Option<u64>) -> Answer {
        let mut value = json!({ "error": message.into() });
        if let Some(v) = version {
            value["version"] = json!(v);
        }
        Answer::json(status, &value)
    }
}

/// Answer one request.
pub fn handle(served: &Served, mut request: Request) {
    let answer = answer(served, &mut request);
    // Bodies are built in memory: always a Content-Length, never chunked.
    let mut response = Response::from_data(answer.body)
        .with_status_code(answer.status)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", answer.content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(header) = Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    // A client that went away is not the server's error.
    let _ = request.respond(response);
}

fn answer(served: &Served, request: &mut Request) -> Answer {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let method = request.method().clone();
    if let Some(asset) = assets::get(path) {
        return match method {
            Method::Get | Method::Head => Answer {
                status: 200,
                content_type: asset.0,
                body: asset.1.to_vec(),
            },
            _ => Answer::error(405, format!("{path}: GET only"), None),
        };
    }
    if !path.starts_with("/api/") {
        return Answer::error(404, format!("{path}: no such page"), None);
    }
    if let Some(refusal) = foreign(served, request, &method) {
        return refusal;
    }
    if let Some(token) = &served.token
        && !authorized(request, token)
    {
        return Answer::error(
            401,
            "missing or wrong bearer token (Authorization: Bearer …)",
            None,
        );
    }
    match method {
        Method::Get => read(served, path, query),
        Method::Post => match body(request) {
            Ok(body) => write(served, path, &body),
            Err(answer) => answer,
        },
        _ => Answer::error(405, format!("{path}: GET or POST"), None),
    }
}

/// A request a web page of another site could make through the user's browser: on loopback
/// without a token, a `Host` that is not this machine (DNS rebinding); a POST from another
/// origin, or not declared as JSON (a form or `text/plain` needs no CORS preflight, JSON does,
/// and this server answers none).
fn foreign(served: &Served, request: &Request, method: &Method) -> Option<Answer> {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let host = header("Host").unwrap_or_default();
    let host_name = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(name, _)| name);
    if served.token.is_none() && !["127.0.0.1", "localhost", "[::1]"].contains(&host_name) {
        return Some(Answer::error(
            403,
            format!("Host `{host}`: this server answers on loopback only"),
            None,
        ));
    }
    if *method != Method::Post {
        return None;
    }
    if let Some(origin) = header("Origin")
        && origin != format!("http://{host}")
    {
        return Some(Answer::error(
            403,
            format!("Origin `{origin}`: edits come from the table's own page"),
            None,
        ));
    }
    let json = header("Content-Type").is_some_and(|t| t.trim().starts_with("application/json"));
    (!json).then(|| Answer::error(415, "Content-Type: application/json expected", None))
}

fn authorized(request: &Request, token: &str) -> bool {
    request.headers().iter().any(|h| {
        h.field.equiv("Authorization")
            && h.value
                .as_str()
                .strip_prefix("Bearer ")
                .is_some_and(|t| constant_time_eq(t.trim().as_bytes(), token.as_bytes()))
    })
}

/// Equal without telling, by its time, how much of the token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The request body as JSON, bounded.
fn body(request: &mut Request) -> Result<Value, Answer> {
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        return Err(Answer::error(400, format!("request body: {e}"), None));
    }
    if bytes.len() > MAX_BODY {
        return Err(too_large());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| Answer::error(400, format!("request body is not valid JSON: {e}"), None))
}

fn too_large() -> Answer {
    Answer::error(413, format!("request body over {MAX_BODY} bytes"), None)
}

/// The GET routes.
fn read(served: &Served, path: &str, query: &str) -> Answer {
    if path == "/api/openapi.json" {
        return Answer::json(200, &super::openapi::document());
    }
    let table = served.table.read().unwrap_or_else(|e| e.into_inner());
    let run = &table.run;
    let lang = table.lang;
    let rows = |t: OutputTable| match table_json(run, t, lang) {
        Ok(Some(rows)) => Answer::json(200, &Value::Array(rows)),
        Ok(None) => Answer::error(
            404,
            format!("{}: not a table of a plan run", t.name()),
            None,
        ),
        Err(e) => Answer::error(500, e.to_string(), None),
    };
    match path {
        "/api/state" => state_answer(served, &table),
        "/api/summary" => match summary_json(run) {
            Ok(v) => Answer::json(200, &v),
            Err(e) => Answer::error(500, e.to_string(), None),
        },
        "/api/coverage" => rows(OutputTable::Coverage),
        "/api/zones" => rows(OutputTable::Zones),
        "/api/plan" => rows(OutputTable::Plan),
        "/api/funding" => rows(OutputTable::Funding),
        "/api/decisions.csv" => Answer {
            status: 200,
            content_type: "text/csv; charset=utf-8",
            body: super::state::csv_bytes(table.rows()),
        },
        "/api/map" => match view_query(query) {
            Ok((bbox, zoom)) => Answer {
                status: 200,
                content_type: "application/geo+json",
                body: served
                    .atlas
                    .view(run, table.version, bbox, zoom)
                    .into_bytes(),
            },
            Err(message) => Answer::error(400, message, None),
        },
        _ => {
            if let Some(name) = path.strip_prefix("/api/tables/") {
                return match OutputTable::ALL.iter().find(|t| t.name() == name) {
                    Some(&t) => rows(t),
                    None => Answer::error(404, format!("no table `{name}`"), None),
                };
            }
            if let Some(key) = path
                .strip_prefix("/api/zones/")
                .and_then(|rest| rest.strip_suffix("/options"))
            {
                return zone_options(run, lang, key);
            }
            Answer::error(404, format!("{path}: no such resource"), None)
        }
    }
}

/// A zone's options (by zone key `Z-CODE` or run id `Z0001`), ranked, as options.csv has them.
fn zone_options(run: &crate::PlanRun, lang: crate::Lang, key: &str) -> Answer {
    let key = percent_decode(key);
    let Some(zone) = run
        .zoning
        .zones
        .iter()
        .find(|z| z.key == key || z.id == key)
    else {
        return Answer::error(404, format!("no zone blanche `{key}`"), None);
    };
    match table_json(run, OutputTable::Options, lang) {
        Ok(Some(rows)) => {
            let mine: Vec<Value> = rows
                .into_iter()
                .filter(|r| r["zone_key"] == zone.key.as_str())
                .collect();
            Answer::json(
                200,
                &json!({ "zone_key": zone.key, "zone_id": zone.id, "name": zone.name,
                "population": zone.population, "options": mine }),
            )
        }
        Ok(None) => Answer::json(200, &json!({ "zone_key": zone.key, "options": [] })),
        Err(e) => Answer::error(500, e.to_string(), None),
    }
}

/// `bbox=west,south,east,north&zoom=Z`.
fn view_query(query: &str) -> Result<([f64; 4], u8), String> {
    let mut bbox = None;
    let mut zoom = None;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "bbox" => {
                let v: Vec<f64> = value
                    .split(',')
                    .map(|x| x.parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("bbox `{value}`: four numbers west,south,east,north"))?;
                if v.len() != 4 || v.iter().any(|x| !x.is_finite()) {
                    return Err(format!(
                        "bbox `{value}`: four numbers west,south,east,north"
                    ));
                }
                bbox = Some([v[0], v[1], v[2], v[3]]);
            }
            "zoom" => {
                zoom = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|z| z.is_finite() && (0.0..=24.0).contains(z))
                        .ok_or_else(|| format!("zoom `{value}`: a number from 0 to 24"))?
                        .round() as u8,
                );
            }
            _ => {}
        }
    }
    Ok((
        bbox.ok_or("bbox: missing (west,south,east,north)")?,
        zoom.ok_or("zoom: missing")?,
    ))
}

/// The POST routes: every one carries the `version` the editor saw.
fn write(served: &Served, path: &str, body: &Value) -> Answer {
    if path == "/api/export" {
        return super::export(served);
    }
    let version = match body.get("version").and_then(Value::as_u64) {
        Some(v) => v,
        None => {
            return Answer::error(
                400,
                "version: missing (the version the edit was made on)",
                None,
            );
        }
    };
    let mut table = served.table.write().unwrap_or_else(|e| e.into_inner());
    let done = match path {
        "/api/edit" => match serde_json::from_value::<Edit>(body.clone()) {
            Ok(edit) => table.edit(version, &edit),
            Err(e) => Err(Refusal::Bad(format!("edit: {e}"))),
        },
        "/api/undo" => table.step(version, false),
        "/api/redo" => table.step(version, true),
        "/api/decisions" => match body
            .get("decisions")
            .cloned()
            .map(serde_json::from_value::<Vec<Row>>)
        {
            Some(Ok(rows)) => table.replace(version, rows),
            Some(Err(e)) => Err(Refusal::Bad(format!("decisions: {e}"))),
            None => Err(Refusal::Bad(
                "decisions: missing (a list of {unit, cpts, decision})".into(),
            )),
        },
        _ => return Answer::error(404, format!("{path}: no such action"), None),
    };
    match done {
        Ok(()) => state_answer(served, &table),
        Err(Refusal::Bad(message)) => Answer::error(400, message, Some(table.version)),
        Err(Refusal::Stale { current }) => Answer::error(
            409,
            format!(
                "the plan changed since version {version} (now {current}): reload and edit again"
            ),
            Some(current),
        ),
        Err(Refusal::Save(message)) => Answer::error(500, message, Some(table.version)),
    }
}

/// The panel and decisions, and the box the page opens on: what `/api/state` and every
/// successful POST answer.
fn state_answer(served: &Served, table: &super::state::Table) -> Answer {
    let mut state = state_json(table);
    state["extent"] = json!(served.atlas.extent());
    Answer::json(200, &state)
}

/// `%20` and the like in a path segment.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = text.get(i + 1..i + 3).filter(|_| bytes[i] == b'%');
        if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
