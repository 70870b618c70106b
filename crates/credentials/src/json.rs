//! Reading JSON-LD written by others: any member may hold one value or an array, and texts
//! may be plain strings or language maps. Lookups go through these helpers so that a
//! document's shape choices never decide whether a value is found.

use serde_json::Value;

pub fn many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

pub fn first(v: Option<&Value>) -> Option<&Value> {
    many(v).into_iter().next()
}

/// A node's URI: the string itself or its `id`.
pub fn id_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => v.get("id").or_else(|| v.get("@id")).and_then(Value::as_str),
    }
}

/// Text in English when there is a choice: strings, language maps, concept labels.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(text),
        Value::Object(o) => ["en", "prefLabel", "@value", "noteLiteral"]
            .into_iter()
            .find_map(|key| o.get(key).and_then(text))
            .or_else(|| {
                // Any other language of a language map; keys of a node are not languages.
                o.iter()
                    .filter(|(k, _)| {
                        k.len() <= 8 && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    })
                    .filter(|(k, _)| !matches!(k.as_str(), "id" | "type"))
                    .find_map(|(_, v)| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
                    .map(str::to_owned)
            }),
        _ => None,
    }
}
