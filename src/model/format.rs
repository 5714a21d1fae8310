//! Number and text formatting shared by tables, terminal lines, maps and the report: French
//! thousands grouping, percentages, two-decimal rounding, `;`-joined ids, XML escaping.

/// `1234567` → `1 234 567`: French grouping with a non-breaking space (U+00A0), so that a
/// number never breaks across lines in the report, the maps or a spreadsheet cell.
///
/// ```
/// use zones_blanches::format::thousands;
/// assert_eq!(thousands(1_234_567), "1\u{a0}234\u{a0}567");
/// assert_eq!(thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(GROUP_SEPARATOR);
        }
        out.push(ch);
    }
    out
}

/// The thousands separator of every number written in a sentence: a no-break space.
pub const GROUP_SEPARATOR: char = '\u{a0}';

/// 100 × part / total, 0 for an empty total.
///
/// ```
/// use zones_blanches::format::percent;
/// assert_eq!(percent(1, 4), 25.0);
/// assert_eq!(percent(5, 0), 0.0);
/// ```
pub fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * part as f64 / total as f64
    }
}

/// Rounded to two decimals, as every percentage and length of the tables.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A percentage with two decimals and a decimal comma: `76,16`.
pub fn decimal_fr(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// Ids joined with `;`, the list separator of every table.
pub(crate) fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(";")
}

/// Escape text for XML/HTML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_the_french_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1000), "1\u{a0}000");
        assert_eq!(decimal_fr(76.156), "76,16");
        assert_eq!(round2(98.055_1), 98.06);
        assert_eq!(join_ids(["a", "b"].into_iter()), "a;b");
        assert_eq!(
            escape_xml("<L'Haÿ & \"x\">"),
            "&lt;L'Haÿ &amp; &quot;x&quot;&gt;"
        );
    }
}
