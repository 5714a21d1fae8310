//! The byte spans of the features of a GeoJSON FeatureCollection, found without parsing them,
//! so that they can be parsed in parallel.
//!
//! Only braces and strings are looked at (`memchr` jumps over the coordinate arrays, which
//! hold neither), so the scan runs at memory speed. Anything unexpected gives `None` and the
//! caller parses the whole text the usual way, which reports the error with its line.

use memchr::{memchr2, memchr3};
use std::ops::Range;

/// A FeatureCollection cut in two: the text with an empty `features` array (its `type`, `crs`
/// and other members), and the span of every feature object.
#[derive(Debug, PartialEq)]
pub(crate) struct Split {
    pub head: Vec<u8>,
    pub features: Vec<Range<usize>>,
}

/// Cut `bytes` (a JSON object, leading BOM already removed) into its `features` array's
/// objects; `None` when the text is not laid out as expected (no `features` array, an element
/// that is not an object, a string left open…).
pub(crate) fn split_features(bytes: &[u8]) -> Option<Split> {
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    let open = features_array(bytes, at)?;
    let mut features = Vec::new();
    let mut at = skip_space(bytes, open + 1);
    if bytes.get(at) == Some(&b']') {
        return Some(Split {
            head: bytes.to_vec(),
            features,
        });
    }
    loop {
        if bytes.get(at) != Some(&b'{') {
            return None;
        }
        let end = object_end(bytes, at)?;
        features.push(at..end);
        at = skip_space(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            Some(b']') => break,
            _ => return None,
        }
    }
    let mut head = Vec::with_capacity(open + 1 + bytes.len() - at);
    head.extend_from_slice(&bytes[..=open]);
    head.extend_from_slice(&bytes[at..]);
    Some(Split { head, features })
}

/// The position of the `[` of the top-level `"features": [` member; `at` is just inside the
/// top-level object.
fn features_array(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 1usize;
    loop {
        at += memchr3(b'"', b'{', b'}', &bytes[at..])?;
        match bytes[at] {
            b'"' => {
                let end = string_end(bytes, at)?;
                if depth == 1 && &bytes[at..end] == b"\"features\"" {
                    let colon = skip_space(bytes, end);
                    if bytes.get(colon) == Some(&b':') {
                        let value = skip_space(bytes, colon + 1);
                        return (bytes.get(value) == Some(&b'[')).then_some(value);
                    }
                }
                at = end;
            }
            b'{' => {
                depth += 1;
                at += 1;
            }
            _ => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
                at += 1;
            }
        }
    }
}

/// The position just after the object that starts at `start` (a `{`).
fn object_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        at += memchr3(b'"', b'{', b'}', &bytes[at..])?;
        match bytes[at] {
            b'"' => at = string_end(bytes, at)?,
            b'{' => {
                depth += 1;
                at += 1;
            }
            _ => {
                depth -= 1;
                at += 1;
                if depth == 0 {
                    return Some(at);
                }
            }
        }
    }
}

/// The position just after the string that starts at `start` (a `"`), escapes skipped.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        at += memchr2(b'"', b'\\', &bytes[at..])?;
        if bytes[at] == b'\\' {
            at += 2;
            if at > bytes.len() {
                return None;
            }
        } else {
            return Some(at + 1);
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Option<(String, Vec<String>)> {
        split_features(text.as_bytes()).map(|s| {
            (
                String::from_utf8(s.head).unwrap(),
                s.features
                    .into_iter()
                    .map(|r| text[r].to_string())
                    .collect(),
            )
        })
    }

    #[test]
    fn finds_each_feature_and_keeps_the_other_members() {
        let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"features"}},
          "features": [ {"type":"Feature","properties":{"nom":"L'\"Île\" {x}","a":[1,{"b":2}]},"geometry":null} ,
          {"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
          ], "name": "x"}"#;
        let (head, features) = spans(text).unwrap();
        assert_eq!(features.len(), 2);
        assert!(features[0].starts_with("{\"type\":\"Feature\"") && features[0].ends_with("null}"));
        assert!(features[1].ends_with("]]]}}"));
        let head: serde_json::Value = serde_json::from_str(&head).unwrap();
        assert_eq!(head["features"], serde_json::json!([]));
        assert_eq!(head["name"], "x");
        assert_eq!(head["crs"]["properties"]["name"], "features");
    }

    #[test]
    fn gives_up_on_what_it_does_not_expect() {
        assert_eq!(
            spans(r#"{"type":"FeatureCollection","features":[]}"#)
                .unwrap()
                .1
                .len(),
            0
        );
        // Not an object, no features member, an element that is not an object, cut text.
        for text in [
            "[1,2]",
            r#"{"type":"Feature","properties":{"features":[{}]}}"#,
            r#"{"features":[null]}"#,
            r#"{"features":[{"a":"b"}"#,
            r#"{"features":[{"a":"b}]}"#,
            r#"{"features":[{"a":1} {"b":2}]}"#,
        ] {
            assert!(spans(text).is_none(), "{text}");
        }
    }
}
