//! Go's YAML 1.1 scalars: the plain values that serde_yaml (YAML 1.2) reads as strings and Go does not.
//!
//! Argo CD, kubectl and Helm decode manifests with sigs.k8s.io/yaml, whose parser is go-yaml v2, a YAML 1.1
//! reader (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go `resolve`): an unquoted `yes`, `on`, `y`, `off` is a
//! boolean and `010`, `08`, `1_000`, `0b11` are numbers. A quoted or block scalar is always a string.

/// What Go's YAML makes of a plain (unquoted) scalar that YAML 1.2 reads as the string `plain`: `Some("a boolean")`
/// or `Some("a number")` when it is not a string in Go, `None` when it is a string in both.
pub(super) fn go_type(plain: &str) -> Option<&'static str> {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off"
        | "OFF" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Some("a boolean"),
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf"
        | "-.INF" => return Some("a number"),
        _ => {}
    }
    match plain.as_bytes().first()? {
        b'.' => is_float(plain).then_some("a number"),
        b'0'..=b'9' | b'+' | b'-' => {
            let digits: std::borrow::Cow<'_, str> =
                if plain.contains('_') { plain.replace('_', "").into() } else { plain.into() };
            let number = is_go_int(&digits) || is_float(&digits) || is_binary(&digits);
            number.then_some("a number")
        }
        _ => None,
    }
}

/// The string Helm's head parser makes of a plain scalar that [`go_type`] finds is not a string: `true` or `false`
/// for a boolean, the decimal value of an integer (`010` is `8`, `1_000` is `1000`), Go's `%g` of a float
/// (sigs.k8s.io/yaml `convertToJSONableObject`: `strconv.FormatBool`, `FormatInt`, `FormatFloat(f, 'g', -1, 32)`).
pub(super) fn go_string(plain: &str) -> String {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => return "true".into(),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => return "false".into(),
        _ => {}
    }
    let digits = plain.replace('_', "");
    let (negative, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let (body, radix) = match unsigned.get(..2) {
        Some("0x" | "0X") => (&unsigned[2..], 16),
        Some("0o" | "0O") => (&unsigned[2..], 8),
        Some("0b" | "0B") => (&unsigned[2..], 2),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') && unsigned.bytes().all(|b| b.is_ascii_digit()) => {
            (&unsigned[1..], 8)
        }
        _ => (unsigned, 10),
    };
    if let Ok(value) = i128::from_str_radix(body, radix) {
        return (if negative { -value } else { value }).to_string();
    }
    let number = match digits.as_str() {
        ".nan" | ".NaN" | ".NAN" => f64::NAN,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => f64::INFINITY,
        "-.inf" | "-.Inf" | "-.INF" => f64::NEG_INFINITY,
        other => other.parse().unwrap_or(f64::NAN),
    };
    go_float(number)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest `float32` digits, in exponent form (`1e+06`) when the
/// decimal exponent is below -4 or at least 6 (Go uses 6 as the precision of the shortest form for this choice).
pub(super) fn go_float(value: f64) -> String {
    #[allow(clippy::cast_possible_truncation)] // Go formats the value as a float32, as this does
    let value = value as f32;
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let scientific = format!("{value:e}"); // shortest digits: `1.5e6`, `-2e-7`
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..6).contains(&exponent) {
        format!("{value}")
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` syntax (range aside: larger values are numbers too): an optional sign, then
/// `0x`/`0o`/`0b` and digits of that base, `0` and octal digits, or decimal digits.
fn is_go_int(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (digits, radix) = match s.get(..2) {
        Some("0x" | "0X") => (&s[2..], 16),
        Some("0o" | "0O") => (&s[2..], 8),
        Some("0b" | "0B") => (&s[2..], 2),
        _ if s.len() > 1 && s.starts_with('0') => (&s[1..], 8),
        _ => (s, 10),
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

/// go-yaml's `yamlStyleFloat` (`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`), and finite.
fn is_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => !fraction.is_empty() && all_digits(fraction),
        Some((whole, fraction)) => !whole.is_empty() && all_digits(whole) && all_digits(fraction),
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// go-yaml's `0b` and `-0b` forms.
fn is_binary(s: &str) -> bool {
    let digits = s.strip_prefix("0b").or_else(|| s.strip_prefix("-0b"));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b == b'0' || b == b'1'))
}

/// Whether YAML 1.2's core schema reads `plain` as a number too: decimal without a leading zero, `0o` octal, `0x`
/// hexadecimal, a float, `.inf` or `.nan`. A number that is one only in Go's YAML 1.1 (`010`, `08`, `1_000`,
/// `0b1`) is not.
pub(super) fn is_yaml_1_2_number(plain: &str) -> bool {
    let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(plain);
    let all = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    let integer = match unsigned.get(..2) {
        Some("0o") => all(&unsigned[2..], 8) && plain == unsigned,
        Some("0x") => all(&unsigned[2..], 16) && plain == unsigned,
        _ => all(unsigned, 10) && (unsigned == "0" || !unsigned.starts_with('0')),
    };
    let special = matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(plain, ".nan" | ".NaN" | ".NAN");
    let float =
        unsigned.contains(['.', 'e', 'E']) && !unsigned.starts_with('0') && !unsigned.contains('_') && is_float(plain);
    integer || special || float || (unsigned.starts_with("0.") && is_float(plain))
}

/// What Go's decoder says when it refuses a scalar for its core-schema tag (`!!suffix`), or `None` when it takes
/// it (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go `resolve`, decode.go `scalar`): `!!binary` that is not
/// base64; a `!!null`, `!!bool`, `!!int` or `!!float` whose text resolves as something else (an integer is taken
/// as a float). Any text is a `!!str`, and the other tags are not resolved. Go then refuses the whole document.
pub(super) fn tag_refusal(suffix: &str, text: &str) -> Option<String> {
    if suffix == "binary" {
        return decode_binary(text).is_none().then(|| "!!binary value contains invalid base64 data".to_string());
    }
    if !matches!(suffix, "null" | "bool" | "int" | "float") {
        return None;
    }
    // As `resolve` resolves the text, without timestamps (tried only untagged or as `!!timestamp`).
    let resolved = match text {
        "" | "~" | "null" | "Null" | "NULL" => "null",
        "<<" => "merge",
        _ => match go_type(text) {
            Some("a boolean") => "bool",
            Some(_) if is_go_integer(text) => "int",
            Some(_) => "float",
            None => "str",
        },
    };
    let taken = resolved == suffix || (suffix == "float" && resolved == "int");
    (!taken).then(|| format!("cannot decode !!{resolved} `{text}` as a !!{suffix}"))
}

/// Whether a plain scalar that [`go_type`] finds is a number is an integer to Go (`strconv.ParseInt`/`ParseUint`
/// after dropping `_`, or go-yaml's `0b` forms), not a float.
fn is_go_integer(plain: &str) -> bool {
    let digits = plain.replace('_', "");
    is_go_int(&digits) || is_binary(&digits)
}

/// Go's `!!binary`: the base64 text decoded, as go-yaml v2 decodes it into a string (kubernetes-sigs/yaml@742f5e6
/// goyaml.v2/decode.go `scalar`: `base64.StdEncoding.DecodeString`, which ignores line feeds and carriage returns
/// and nothing else: a space, which a folded plain scalar holds, is invalid); `None` for invalid base64, which Go
/// refuses.
pub(super) fn decode_binary(text: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut padding = 0;
    for byte in text.bytes().filter(|b| !matches!(b, b'\r' | b'\n')) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                0
            }
            _ => return None,
        };
        if padding > 0 && byte != b'=' {
            return None; // data after padding
        }
        bits = (bits << 6) | u32::from(value);
        count += 1;
        if count == 4 {
            let [_, a, b, c] = bits.to_be_bytes();
            out.extend_from_slice(&[a, b, c][..3 - padding.min(2)]);
            bits = 0;
            count = 0;
        }
    }
    if count != 0 || padding > 2 {
        return None;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::{decode_binary, go_float, go_string, go_type, is_yaml_1_2_number};

    /// The strings of sigs.k8s.io/yaml's coercion (kubernetes-sigs/yaml@1e5b47d yaml.go `convertToJSONableObject`;
    /// its `yaml_test.go` `TestUnmarshal` string-target cases).
    #[test]
    fn strings_helm_makes_of_numbers_and_booleans() {
        for (plain, want) in [
            ("yes", "true"),
            ("off", "false"),
            ("010", "8"),
            ("1_000", "1000"),
            ("0x1F", "31"),
            ("-5", "-5"),
            ("0b11", "3"),
            ("+7", "7"),
        ] {
            assert_eq!(go_string(plain), want, "{plain}");
        }
        assert_eq!(go_float(5.0), "5");
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(0.1), "0.1");
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_float(123_456.0), "123456");
        assert_eq!(go_float(0.000_01), "1e-05");
        assert_eq!(go_string("08"), "8");
        assert_eq!(go_string(".5"), "0.5");
    }

    #[test]
    fn binary() {
        assert_eq!(decode_binary("aGVsbG8="), Some("hello".into()));
        assert_eq!(decode_binary("aGVs\nbG8h\r\n"), Some("hello!".into()));
        // Go's base64 ignores line breaks only: a folded plain scalar's space is invalid, and so is a tab.
        assert_eq!(decode_binary("aGVs bG8h"), None);
        assert_eq!(decode_binary("aGVs\n\tbG8h"), None);
        assert_eq!(decode_binary("aGVsbA=="), Some("hell".into()));
        assert_eq!(decode_binary("aGV*"), None);
        assert_eq!(decode_binary("aGVsb"), None);
        assert_eq!(decode_binary("aG=x"), None);
    }

    /// go-yaml v2's resolve table (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go; the cases of go-yaml v2
    /// `decode_test.go` `unmarshalTests` for these forms).
    #[test]
    fn yaml_1_1_scalars_that_are_not_strings_in_go() {
        for boolean in ["yes", "Yes", "YES", "no", "NO", "on", "On", "OFF", "off", "y", "Y", "n", "N", "True"] {
            assert_eq!(go_type(boolean), Some("a boolean"), "{boolean}");
        }
        for number in [
            "010",
            "08",
            "1_000",
            "0b101",
            "-0b101",
            "0x1F",
            "0o17",
            "+5",
            "-5",
            "1e3",
            ".5",
            "6.",
            "0_8",
            ".inf",
            "-.INF",
            "99999999999999999999",
        ] {
            assert_eq!(go_type(number), Some("a number"), "{number}");
        }
        for string in
            ["yess", "On2", "0x", "1e999", "2001-12-14", "1.2.3", "-", "+", "v1", "_1", "0b2", "1:20", ".", "1_a"]
        {
            assert_eq!(go_type(string), None, "{string}");
        }
    }

    #[test]
    fn numbers_of_yaml_1_2_and_of_go_only() {
        for both in ["5", "-5", "+5", "0", "0o17", "0x1F", "1.5", "-1.5", "1e3", ".5", "0.5", ".inf", "-.Inf", ".nan"] {
            assert!(is_yaml_1_2_number(both), "{both}");
        }
        for go_only in ["010", "08", "1_000", "0b11", "-0b1", "0_8", "00.5"] {
            assert!(!is_yaml_1_2_number(go_only), "{go_only}");
        }
    }
}
