//! Kubernetes quantities (`100m`, `1.5`, `31423448Ki`, `1G`, `12e3`) as numbers: CPU in
//! millicores, memory in bytes. The apiserver has already canonicalised what it serves; this
//! reads every form `resource.Quantity` accepts, and `None` for what it would refuse.

/// CPU in millicores, rounded up as the scheduler rounds (`MilliValue`).
pub fn cpu_milli(q: &str) -> Option<i64> {
    value(q).map(|v| (v * 1000.0).ceil() as i64)
}

/// Memory (or any byte count) in bytes, rounded up (`Value`).
pub fn bytes(q: &str) -> Option<i64> {
    value(q).map(|v| v.ceil() as i64)
}

fn value(q: &str) -> Option<f64> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse().ok()?),
        _ => return None,
    };
    let v = n * scale;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// CPU as people read it: `250m`, `1.5`, `12`.
pub fn cpu_text(milli: i64) -> String {
    if milli < 1000 {
        format!("{milli}m")
    } else if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{:.1}", milli as f64 / 1000.0)
    }
}

/// Memory in binary units as kubectl top prints them: `512Mi`, `3.2Gi`.
pub fn memory_text(bytes: i64) -> String {
    const MI: f64 = 1024.0 * 1024.0;
    let mi = bytes as f64 / MI;
    if mi < 1024.0 {
        format!("{}Mi", mi.round() as i64)
    } else {
        let gi = mi / 1024.0;
        if gi < 100.0 {
            format!("{gi:.1}Gi")
        } else {
            format!("{}Gi", gi.round() as i64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_as_the_apiserver_writes_them() {
        assert_eq!(cpu_milli("100m"), Some(100));
        assert_eq!(cpu_milli("7910m"), Some(7910));
        assert_eq!(cpu_milli("2"), Some(2000));
        assert_eq!(cpu_milli("0.5"), Some(500));
        assert_eq!(cpu_milli("250000000n"), Some(250));
        assert_eq!(cpu_milli("1500u"), Some(2));
        assert_eq!(bytes("128Mi"), Some(134_217_728));
        assert_eq!(bytes("31423448Ki"), Some(31_423_448 * 1024));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("93478772582"), Some(93_478_772_582));
        assert_eq!(bytes("12e3"), Some(12_000));
        assert_eq!(bytes("1.5Gi"), Some(1_610_612_736));
        assert_eq!(bytes("12Qi"), None);
        assert_eq!(bytes(""), None);
        assert_eq!(bytes("-1"), None);
    }

    #[test]
    fn amounts_print_short() {
        assert_eq!(cpu_text(250), "250m");
        assert_eq!(cpu_text(2000), "2");
        assert_eq!(cpu_text(1550), "1.6");
        assert_eq!(memory_text(512 * 1024 * 1024), "512Mi");
        assert_eq!(
            memory_text(3 * 1024 * 1024 * 1024 + 200 * 1024 * 1024),
            "3.2Gi"
        );
    }
}
