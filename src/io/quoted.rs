//! A quoted CSV value that runs over lines: an Excel cell written with Alt+Enter, or a stray
//! quote swallowing the rows after it. Told apart by the quotes' balance and by what the
//! swallowed lines look like.

/// Whether the record `raw` (its text in the file, from its first byte to the next record),
/// of `fields` values, whose value `cell` runs over lines holding the separator, is a stray
/// quote: its quotes do not open at a value's start and close before a separator or a line
/// end, the record is longer than a row (`width` values, the typical row's), or the value
/// holds a row's worth of separators for each line it crosses.
pub(super) fn is_stray_quote(
    raw: &str,
    cell: &str,
    fields: usize,
    delimiter: u8,
    width: usize,
) -> bool {
    if !balanced(raw.trim_start_matches(['\r', '\n']).as_bytes(), delimiter) {
        return true;
    }
    // Rows merged by a stray pair of quotes leave a row's worth of separators (width − 1) in
    // the value for each line it crosses; an Excel cell holds a few at most.
    let (lines_crossed, separators) = (
        cell.matches('\n').count(),
        cell.matches(delimiter as char).count(),
    );
    // A stray pair that closes in an earlier column than it opened leaves fewer in the value,
    // but makes the record longer than a row. A table of two columns (a population table, a
    // stage map) is too narrow to tell: its multi-line values stay errors.
    width < 3 || fields > width || separators >= lines_crossed * (width - 1)
}

/// Every quote of one record opens a value and closes it before a separator or the record's
/// end, with the quotes inside doubled (`""`), as RFC 4180 and Excel write them.
fn balanced(record: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    loop {
        if record.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match record.get(i) {
                    None => return false,
                    Some(b'"') if record.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            match record.get(i) {
                None | Some(b'\r' | b'\n') => return true,
                Some(&c) if c == delimiter => i += 1,
                Some(_) => return false,
            }
        } else {
            while record
                .get(i)
                .is_some_and(|&c| c != delimiter && c != b'\n' && c != b'\r')
            {
                i += 1;
            }
            match record.get(i) {
                None | Some(b'\r' | b'\n') => return true,
                _ => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excel_multi_line_cell_is_not_a_stray_quote() {
        // Alt+Enter in Excel: a quoted value over two lines, the second with the separator.
        let raw = "D1;\"CPTS Nord\nMarseille 1er; 2e\";aci;13201\n";
        assert!(!is_stray_quote(
            raw,
            "CPTS Nord\nMarseille 1er; 2e",
            4,
            b';',
            4
        ));
        // Doubled quotes inside are quotes.
        let raw = "D1;\"Le \"\"Nord\"\"\nA; B\";aci\r\n";
        assert!(!is_stray_quote(raw, "Le \"Nord\"\nA; B", 3, b';', 3));
    }

    #[test]
    fn a_quote_that_never_closes_or_swallows_rows_is_stray() {
        // Never closed.
        let raw = "D1;\"CPTS Nord;aci;99001\nD2;CPTS Sud;aci;99002\n";
        assert!(is_stray_quote(
            raw,
            "CPTS Nord;aci;99001\nD2;CPTS Sud;aci;99002\n",
            2,
            b';',
            4
        ));
        // Closed by a second stray quote, with whole rows inside.
        let raw = "D1;\"CPTS Nord;aci;99001\nD2;CPTS Sud\";aci;99002\n";
        assert!(is_stray_quote(
            raw,
            "CPTS Nord;aci;99001\nD2;CPTS Sud",
            4,
            b';',
            4
        ));
        // Closed, then text before the separator.
        let raw = "D1;\"CPTS\nA;B\"x;aci\n";
        assert!(is_stray_quote(raw, "CPTS\nA;Bx", 3, b';', 3));
        // Closed in an earlier column than it opened, the swallowed row's last value empty:
        // few separators in the value, but a record longer than a row.
        let raw = "D1;CPTS Nord;\"aci;99001;\nD2\";CPTS Sud;aci;99002;\n";
        assert!(is_stray_quote(raw, "aci;99001;\nD2", 6, b';', 5));
        // Two columns (a population table): too narrow to tell, an error as before.
        let raw = "\"13001\n13002;12\";5\n";
        assert!(is_stray_quote(raw, "13001\n13002;12", 2, b';', 2));
    }
}
