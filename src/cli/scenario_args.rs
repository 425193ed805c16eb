//! The load-scenario flags of `stagecoach demo serve` (docs/demo-world.md, "Load
//! scenarios"); here so that a build without the simulator has the same `--help`.

use clap::Args;

/// Load scenarios beside the default world (docs/demo-world.md, "Load scenarios").
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Load scenarios (benchmarks)")]
pub struct ScenarioArgs {
    /// One big team: N more pods spread over payments' stages (10000: ~10k pods in one team).
    #[arg(long, value_name = "PODS", default_value_t = 0)]
    pub big_team: usize,
    /// One huge namespace: N pods in advisory-load (13000: k9s#1462's case).
    #[arg(long, value_name = "PODS", default_value_t = 0)]
    pub huge_namespace: usize,
    /// RELEASESxREVISIONS Helm releases in payments-bench, e.g. 1000x10.
    #[arg(long, value_name = "RxV", value_parser = parse_releases)]
    pub bulk_releases: Option<(usize, u32)>,
    /// Pod events per second, steady: the bulk pods (else the world's running pods) restart
    /// one after the other.
    #[arg(long, value_name = "PER_SEC", default_value_t = 0)]
    pub churn: u32,
    /// A log at a byte rate: pod log-firehose in payments-dev writes numbered lines of 100
    /// bytes at RATE a second (1MB, 500KB, 1MiB, or bytes).
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub log_rate: Option<u64>,
}

/// `1MB` → 1,000,000 bytes (a second); `KB`/`MB`/`GB` are powers of 1000, `KiB`/`MiB` of 1024.
pub fn parse_rate(s: &str) -> Result<u64, String> {
    let t = s.trim().trim_end_matches("/s");
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: f64 = n
        .parse()
        .map_err(|_| format!("{s:?}: expected a rate such as 1MB, 500KB or 1MiB"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "{s:?}: unknown unit {other:?} (B, KB, MB, KiB, MiB)"
            ))
        }
    };
    let bytes = (n * mult).round();
    if bytes < 1.0 {
        return Err(format!("{s:?}: a log rate is at least one byte a second"));
    }
    Ok(bytes as u64)
}

/// `1000x10` → 1,000 releases of 10 revisions.
pub fn parse_releases(s: &str) -> Result<(usize, u32), String> {
    let (r, v) = s
        .split_once(['x', 'X', '*'])
        .ok_or_else(|| format!("{s:?}: expected RELEASESxREVISIONS, e.g. 1000x10"))?;
    let r = r.trim().parse().map_err(|_| format!("{r:?} is no count"))?;
    let v: u32 = v.trim().parse().map_err(|_| format!("{v:?} is no count"))?;
    if v == 0 {
        return Err("a release has at least one revision".into());
    }
    Ok((r, v))
}

#[cfg(test)]
mod tests {
    use super::{parse_rate, parse_releases};

    #[test]
    fn rates_take_decimal_and_binary_units() {
        assert_eq!(parse_rate("1MB"), Ok(1_000_000));
        assert_eq!(parse_rate("500KB/s"), Ok(500_000));
        assert_eq!(parse_rate("1MiB"), Ok(1_048_576));
        assert_eq!(parse_rate("2000"), Ok(2000));
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("1XB").is_err());
        assert!(parse_rate("0").is_err());
    }

    #[test]
    fn releases_are_given_as_count_x_revisions() {
        assert_eq!(parse_releases("1000x10"), Ok((1000, 10)));
        assert!(parse_releases("1000").is_err());
        assert!(parse_releases("10x0").is_err());
    }
}
