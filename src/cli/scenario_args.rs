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
    use super::parse_releases;

    #[test]
    fn releases_are_given_as_count_x_revisions() {
        assert_eq!(parse_releases("1000x10"), Ok((1000, 10)));
        assert!(parse_releases("1000").is_err());
        assert!(parse_releases("10x0").is_err());
    }
}
