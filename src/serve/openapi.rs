//! The API's OpenAPI 3.1 document (`/api/openapi.json`), built from the shipped schemas: each
//! table route's rows are typed by `zones-blanches schema tables`, `/api/summary` is the JSON
//! Schema of `summary.json` (`zones-blanches schema summary`), so the three cannot drift.

use crate::export::schema::{SUMMARY_SCHEMA, TABLES_SCHEMA};
use serde_json::{Map, Value, json};

/// The document.
pub fn document() -> Value {
    let tables: Value = serde_json::from_str(TABLES_SCHEMA).unwrap_or(Value::Null);
    let mut summary: Value = serde_json::from_str(SUMMARY_SCHEMA).unwrap_or(Value::Null);
    // The summary schema's `$defs` are referenced as `#/$defs/…`: kept inside it under
    // `$id`, which OpenAPI 3.1 (JSON Schema 2020-12) resolves.
    if let Some(o) = summary.as_object_mut() {
        o.remove("$schema");
    }
    let mut schemas = Map::new();
    schemas.insert("Summary".into(), summary);
    if let Some(all) = tables["tables"].as_object() {
        for (name, table) in all {
            schemas.insert(schema_name(name), row_schema(table));
        }
    }
    schemas.insert("State".into(), state_schema());
    schemas.insert("Edit".into(), edit_schema());
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "string"}, "version": {"type": "integer"}}
        }),
    );
    let mut paths = Map::new();
    read_paths(&mut paths);
    write_paths(&mut paths);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "zones-blanches planning table",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of `zones-blanches serve`: the plan of the current decisions (S8) and its tables, the same columns and types as the files `analyze` writes. Every POST carries the version it was made on; a stale one gets 409 and changes nothing.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{}, {"bearer": []}],
        "paths": paths,
    })
}

/// The GET routes.
fn read_paths(paths: &mut Map<String, Value>) {
    let get = |summary: &str, schema: Value| {
        json!({"get": {"summary": summary, "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
            "401": error_ref("missing or wrong bearer token")
        }}})
    };
    let rows = |name: &str| json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{}", schema_name(name))}});
    paths.insert("/api/state".into(), get("Version, panel (coverage, zones left, CPTS touched, funding) and every decision with its status", json!({"$ref": "#/components/schemas/State"})));
    paths.insert(
        "/api/summary".into(),
        get(
            "summary.json of `analyze --decisions` for the current decisions",
            json!({"$ref": "#/components/schemas/Summary"}),
        ),
    );
    for (route, table, what) in [
        (
            "/api/coverage",
            "coverage",
            "coverage.csv: population by stage per scope (S4)",
        ),
        ("/api/zones", "zones", "zones.csv: the zones blanches (S5)"),
        (
            "/api/plan",
            "plan",
            "plan.csv: every placed unit's target (S6, S8)",
        ),
        (
            "/api/funding",
            "funding",
            "funding.csv: ACI envelopes before and after (S9)",
        ),
    ] {
        paths.insert(route.into(), get(what, rows(table)));
    }
    paths.insert("/api/tables/{name}".into(), json!({"get": {
        "summary": "Any table of `analyze` as JSON rows (the CSV's columns and types)",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "rows"}, "404": error_ref("not a table of a plan run")}
    }}));
    paths.insert("/api/zones/{key}/options".into(), json!({"get": {
        "summary": "A zone's ranked options (options.csv rows), by zone key Z-CODE or run id",
        "parameters": [{"name": "key", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the zone and its options", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"zone_key": {"type": "string"}, "options": rows("options")}}}}},
            "404": error_ref("no such zone")}
    }}));
    paths.insert("/api/map".into(), json!({"get": {
        "summary": "GeoJSON of the units in a lon/lat box (snapped to the zoom) and the borders",
        "parameters": [
            {"name": "bbox", "in": "query", "required": true, "schema": {"type": "string"}, "example": "5.5,43.9,6.5,44.5"},
            {"name": "zoom", "in": "query", "required": true, "schema": {"type": "number"}}],
        "responses": {"200": {"description": "FeatureCollection", "content": {"application/geo+json": {}}}, "400": error_ref("bad bbox or zoom")}
    }}));
    paths.insert(
        "/api/decisions.csv".into(),
        json!({"get": {"summary": "The decisions file as saved (S8)",
        "responses": {"200": {"description": "unit,cpts,decision", "content": {"text/csv": {}}}}}}),
    );
}

/// The POST routes: edits and their undo, a whole decisions list, export.
fn write_paths(paths: &mut Map<String, Value>) {
    let post = |summary: &str, body: Value| {
        json!({"post": {"summary": summary,
            "requestBody": {"required": true, "content": {"application/json": {"schema": body}}},
            "responses": {
                "200": {"description": "the new state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/State"}}}},
                "400": error_ref("unknown unit or CPTS, malformed request"),
                "401": error_ref("missing or wrong bearer token"),
                "409": error_ref("stale version: the plan changed since"),
                "413": error_ref("body over 1 MiB"),
                "403": error_ref("another Host (loopback only without a token) or another Origin"),
                "415": error_ref("not Content-Type: application/json")}}})
    };
    let versioned = json!({"type": "object", "required": ["version"], "properties": {"version": {"type": "integer"}}});
    paths.insert(
        "/api/edit".into(),
        post(
            "One edit (an S8 decision), re-planned",
            json!({"$ref": "#/components/schemas/Edit"}),
        ),
    );
    paths.insert(
        "/api/undo".into(),
        post("Back to the previous decisions", versioned.clone()),
    );
    paths.insert("/api/redo".into(), post("Forward again", versioned));
    paths.insert("/api/decisions".into(), post("Replace every decision (S8 rows) and re-plan", json!({
        "type": "object", "required": ["version", "decisions"], "properties": {
            "version": {"type": "integer"},
            "decisions": {"type": "array", "items": {"type": "object", "properties": {
                "unit": {"type": "string"}, "cpts": {"type": "string"}, "decision": {"type": "string", "enum": ["assign", "forbid", ""]}}}}}})));
    paths.insert("/api/export".into(), json!({"post": {
        "summary": "Write the files of `analyze --decisions` (report included) into the server's --out",
        "responses": {"200": {"description": "the folder and its files"}, "500": error_ref("could not write")}}}));
}

fn error_ref(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// `funding_scopes` → `FundingScopesRow`.
fn schema_name(table: &str) -> String {
    let camel: String = table
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("{camel}Row")
}

/// One row of a table: its columns, typed as the tables schema says.
fn row_schema(table: &Value) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for column in table["columns"].as_array().into_iter().flatten() {
        let name = column["name"].as_str().unwrap_or_default().to_string();
        let base = match column["type"].as_str() {
            Some("integer") => json!("integer"),
            Some("number") => json!("number"),
            Some("boolean") => json!("boolean"),
            _ => json!("string"),
        };
        let nullable = column["nullable"].as_bool().unwrap_or(true);
        let mut property = json!({
            "type": if nullable { json!([base, "null"]) } else { base },
            "description": column["description"],
        });
        if column["type"] == "date" {
            property["format"] = json!("date");
        }
        if column.get("only_when").is_none() {
            required.push(json!(name));
        }
        properties.insert(name, property);
    }
    json!({"type": "object", "description": table["description"], "properties": properties, "required": required})
}

fn state_schema() -> Value {
    json!({"type": "object", "required": ["version", "coverage", "zones", "funding", "cpts", "decisions"],
    "properties": {
        "version": {"type": "integer"},
        "lang": {"type": "string", "enum": ["fr", "en"]},
        "can_undo": {"type": "boolean"}, "can_redo": {"type": "boolean"},
        "coverage": {"type": "object", "description": "population_total, covered, with_decisions, after_plan and their pct_* (one decimal)"},
        "zones": {"type": "object", "description": "total, left (no unit decided), population_left, decided_units"},
        "funding": {"type": "object", "description": "envelope_before_eur, envelope_after_eur, delta_eur, cpts_funded_after"},
        "cpts": {"type": "array", "description": "every CPTS a decision names: population before / with the decisions / after the plan, size class, ACI envelope, warnings"},
        "decisions": {"type": "array", "description": "every row: unit, cpts, decision, status applied|refused, reason, hint (units whose assignment would make it possible)"},
        "extent": {"type": ["array", "null"], "items": {"type": "number"}}
    }})
}

fn edit_schema() -> Value {
    let units = json!({"type": "array", "items": {"type": "string"}, "description": "unit codes or zone keys Z-CODE"});
    let cpts = json!({"type": "string", "description": "a CPTS id, or new:NAME"});
    let variant = |action: &str, props: Value| {
        let mut properties = props.as_object().cloned().unwrap_or_default();
        properties.insert("action".into(), json!({"const": action}));
        properties.insert("version".into(), json!({"type": "integer"}));
        let mut required: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
        required.sort_by_key(|v| v.to_string());
        json!({"type": "object", "properties": properties, "required": required})
    };
    json!({"oneOf": [
        variant("assign", json!({"units": units, "cpts": cpts})),
        variant("forbid", json!({"units": units, "cpts": cpts})),
        variant("lock", json!({"cpts": cpts})),
        variant("unlock", json!({"cpts": cpts})),
        variant("clear", json!({"units": units})),
        variant("complete", json!({})),
    ]})
}
