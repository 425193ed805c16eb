//! The `:` command bar's grammar (k9s users' habits) and its completion.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:pods`, `:po payments-qa`, `:po payments` (a whole team), `:po qa` (a stage of the team).
    Pods(Option<String>),
    Stages,
    /// `:diag`, `:diag payments`, `:diag payments-qa`.
    Diagnose(Option<String>),
    /// `:ctx` shows the contexts; `:ctx NAME` switches.
    Context(Option<String>),
    Help,
    Quit,
    /// `:jobs`, `:jobs payments`, `:jenkins payments-qa`: a team's Jenkins jobs.
    Jobs(Option<String>),
    /// `:releases`, `:helm payments-qa`, `:rel qa`: Helm releases, as `:pods` scopes them.
    Releases(Option<String>),
}

/// Command names with their aliases; the first is the one completion offers.
pub const COMMANDS: &[(&[&str], &str)] = &[
    (&["pods", "po", "pod"], "pods [namespace|team|stage]"),
    (&["stages", "home", "st"], "the team × stage matrix"),
    (
        &["diag", "diagnose"],
        "failing things, worst first [team|namespace]",
    ),
    (&["ctx", "context"], "show or switch the kube context"),
    (&["help"], "keys"),
    (&["q", "quit", "q!"], "quit"),
    (
        &["jobs", "jenkins", "jb"],
        "Jenkins jobs of a team [team|stage]",
    ),
    (
        &["releases", "helm", "rel"],
        "Helm releases [namespace|team|stage]",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown command {0:?} (try :pods, :stages, :diag, :releases, :ctx, :help, :q)")]
pub struct UnknownCommand(pub String);

pub fn parse(line: &str) -> Result<Command, UnknownCommand> {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or_default();
    let arg = words.next().map(str::to_string);
    if ["jobs", "jenkins", "jb"].contains(&name) {
        return Ok(Command::Jobs(arg));
    }
    if ["releases", "helm", "rel"].contains(&name) {
        return Ok(Command::Releases(arg));
    }
    let which = COMMANDS
        .iter()
        .position(|(names, _)| names.contains(&name))
        .ok_or_else(|| UnknownCommand(name.to_string()))?;
    Ok(match which {
        0 => Command::Pods(arg),
        1 => Command::Stages,
        2 => Command::Diagnose(arg),
        3 => Command::Context(arg),
        4 => Command::Help,
        _ => Command::Quit,
    })
}

/// Completions for what was typed so far: command names, then arguments from `args_for`.
pub fn complete(line: &str, args_for: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    match line.split_once(' ') {
        None => COMMANDS
            .iter()
            .flat_map(|(names, _)| names.iter().take(1))
            .filter(|n| n.starts_with(line))
            .map(|n| format!("{n} "))
            .collect(),
        Some((cmd, arg)) => {
            let arg = arg.trim_start();
            let mut v: Vec<String> = args_for(cmd)
                .into_iter()
                .filter(|a| a.starts_with(arg))
                .map(|a| format!("{cmd} {a}"))
                .collect();
            v.sort();
            v.dedup();
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_aliases() {
        assert_eq!(
            parse("po payments-qa"),
            Ok(Command::Pods(Some("payments-qa".into())))
        );
        assert_eq!(parse("pods"), Ok(Command::Pods(None)));
        assert_eq!(parse("home"), Ok(Command::Stages));
        assert_eq!(
            parse("diag payments"),
            Ok(Command::Diagnose(Some("payments".into())))
        );
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("ctx"), Ok(Command::Context(None)));
        assert_eq!(parse("helm qa"), Ok(Command::Releases(Some("qa".into()))));
        assert_eq!(parse("releases"), Ok(Command::Releases(None)));
        assert!(parse("deploy").is_err());
    }

    #[test]
    fn completes_names_then_arguments() {
        assert_eq!(complete("st", |_| vec![]), vec!["stages "]);
        assert_eq!(complete("d", |_| vec![]), vec!["diag "]);
        let args = |_: &str| {
            vec![
                "payments-qa".to_string(),
                "payments-dev".into(),
                "advisory-qa".into(),
            ]
        };
        assert_eq!(
            complete("pods pay", args),
            vec!["pods payments-dev", "pods payments-qa"]
        );
    }
}
