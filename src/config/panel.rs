//! The team-cockpit panels' keys: the headroom's free-share threshold, prices that turn a
//! stage's reservation into money, and when an up stage counts as idle.

use serde::Deserialize;

/// `headroom:`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HeadroomConfig {
    /// Warn (on the stage matrix and the headroom screen) when less than this share of the
    /// cluster's allocatable CPU or memory is unrequested; 0 turns the warning off.
    #[serde(default = "forty")]
    pub min_free_percent: u8,
    /// Watch the nodes and every pod's requests from the start, so that the stage matrix warns
    /// at once. Off by default: on a large cluster that is a list of every pod at start-up, so
    /// the watches start when `:headroom` or `:cost` is first opened (and run on from there).
    #[serde(default)]
    pub watch_at_start: bool,
}

fn forty() -> u8 {
    40
}

impl Default for HeadroomConfig {
    fn default() -> HeadroomConfig {
        HeadroomConfig {
            min_free_percent: forty(),
            watch_at_start: false,
        }
    }
}

/// `cost:` prices of what a stage reserves (its requests), per hour.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    /// Price of one requested CPU for an hour.
    #[serde(default)]
    pub cpu_hour: Option<f64>,
    /// Price of one requested GiB of memory for an hour.
    #[serde(default)]
    pub gib_hour: Option<f64>,
    /// Printed after the amounts (`EUR`, `$`); default none.
    #[serde(default)]
    pub currency: Option<String>,
}

/// `idle:`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdleConfig {
    /// A stage with pods up but no deploy, no build and no container start for this many days
    /// is idle.
    #[serde(default = "seven")]
    pub days: u32,
}

fn seven() -> u32 {
    7
}

impl Default for IdleConfig {
    fn default() -> IdleConfig {
        IdleConfig { days: seven() }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;

    #[test]
    fn panel_keys_read_with_their_defaults() {
        let c = Config::parse("teams: []\n", "c.yaml").unwrap();
        assert_eq!(c.headroom.min_free_percent, 40);
        assert_eq!(c.idle.days, 7);
        assert_eq!(c.cost.cpu_hour, None);
        let c = Config::parse(
            "headroom: {min_free_percent: 25}\ncost: {cpu_hour: 0.04, gib_hour: 0.005, currency: EUR}\nidle: {days: 3}\n",
            "c.yaml",
        )
        .unwrap();
        assert_eq!(c.headroom.min_free_percent, 25);
        assert_eq!(c.cost.gib_hour, Some(0.005));
        assert_eq!(c.cost.currency.as_deref(), Some("EUR"));
        assert_eq!(c.idle.days, 3);
        assert!(Config::parse("headroom: {min_free: 25}\n", "c.yaml").is_err());
    }
}
