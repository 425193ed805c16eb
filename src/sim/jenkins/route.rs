//! URL → model object + action, the way stapler walks `/job/F/job/A/42/api/json`: each
//! `job/<name>` segment descends into an item, a number or permalink picks a build, and the
//! rest names what to do with it. Segments are percent-decoded once, so a multibranch job
//! named `feature%2Fx` is reached at `job/feature%252Fx/`.

use super::export::Flavor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildRef {
    Number(u32),
    Permalink(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Root,
    Item(Vec<String>),
    Build(Vec<String>, BuildRef),
    Queue,
    QueueItem(u64),
    /// `/me`: the user the request is authenticated as.
    Me,
    /// `/computer`: the nodes.
    Computers,
    /// `/computer/NAME`: one node (`(built-in)`, `(master)` before 2.307, or an agent).
    Computer(String),
    /// `/label/NAME`: the label atom `NAME` (every name has one, known or not).
    Label(String),
    CrumbIssuer,
    /// `/configuration-as-code/…` (also under `/manage/`).
    Casc,
    /// `/reload-configuration-as-code/` (the token endpoint; the trailing slash is required).
    CascTokenReload,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The object's HTML page.
    Page,
    Api(Flavor),
    ConsoleText,
    ProgressiveText,
    Build,
    BuildWithParameters,
    Stop,
    Reload,
    CancelItem,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub target: Target,
    pub action: Action,
}

pub const PERMALINKS: &[&str] = &[
    "lastBuild",
    "firstBuild",
    "lastCompletedBuild",
    "lastSuccessfulBuild",
    "lastStableBuild",
    "lastFailedBuild",
    "lastUnstableBuild",
    "lastUnsuccessfulBuild",
];

fn action(rest: &[String]) -> Action {
    let r: Vec<&str> = rest.iter().map(String::as_str).collect();
    match r.as_slice() {
        [] => Action::Page,
        ["api", "json"] => Action::Api(Flavor::Json),
        ["api", "python"] => Action::Api(Flavor::Python),
        ["consoleText"] => Action::ConsoleText,
        ["logText", "progressiveText"] => Action::ProgressiveText,
        ["build"] => Action::Build,
        ["buildWithParameters"] => Action::BuildWithParameters,
        ["stop"] | ["term"] | ["kill"] => Action::Stop,
        ["reload"] => Action::Reload,
        ["cancelItem"] => Action::CancelItem,
        _ => Action::Other,
    }
}

pub fn parse(raw_path: &str) -> Route {
    let segs: Vec<String> = raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            urlencoding::decode(s)
                .map(|d| d.into_owned())
                .unwrap_or_else(|_| s.to_string())
        })
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let route = |target, rest: &[String]| Route {
        target,
        action: action(rest),
    };
    match s.as_slice() {
        ["queue", "item", id, ..] => match id.parse() {
            Ok(id) => route(Target::QueueItem(id), &segs[3..]),
            Err(_) => route(Target::Unknown, &[]),
        },
        ["queue", ..] => route(Target::Queue, &segs[1..]),
        ["me", ..] => route(Target::Me, &segs[1..]),
        ["computer", "api", ..] | ["computer"] => route(Target::Computers, &segs[1..]),
        ["computer", name, ..] => route(Target::Computer(name.to_string()), &segs[2..]),
        ["label", name, ..] => route(Target::Label(name.to_string()), &segs[2..]),
        ["crumbIssuer", ..] => route(Target::CrumbIssuer, &segs[1..]),
        ["manage", "configuration-as-code", ..] => route(Target::Casc, &segs[2..]),
        ["configuration-as-code", ..] => route(Target::Casc, &segs[1..]),
        ["reload-configuration-as-code"] if raw_path.ends_with('/') => Route {
            target: Target::CascTokenReload,
            action: Action::Reload,
        },
        ["job", ..] => {
            let mut path = Vec::new();
            let mut i = 0;
            while i + 1 < segs.len() && segs[i] == "job" {
                path.push(segs[i + 1].clone());
                i += 2;
            }
            if i < segs.len() && segs[i] == "job" {
                return route(Target::Unknown, &[]);
            }
            let build = segs.get(i).and_then(|seg| {
                if let Ok(n) = seg.parse::<u32>() {
                    Some(BuildRef::Number(n))
                } else if PERMALINKS.contains(&seg.as_str()) {
                    Some(BuildRef::Permalink(seg.clone()))
                } else {
                    None
                }
            });
            match build {
                Some(b) => route(Target::Build(path, b), &segs[i + 1..]),
                None => route(Target::Item(path), &segs[i..]),
            }
        }
        _ => match action(&segs) {
            Action::Other => route(Target::Unknown, &[]),
            _ => route(Target::Root, &segs),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let r = parse("/job/api/job/feature%252Fcheckout-v2/12/logText/progressiveText");
        assert_eq!(
            r.target,
            Target::Build(
                vec!["api".into(), "feature%2Fcheckout-v2".into()],
                BuildRef::Number(12)
            )
        );
        assert_eq!(r.action, Action::ProgressiveText);
        let r = parse("/job/deploy-qa/lastBuild/api/python");
        assert_eq!(r.action, Action::Api(Flavor::Python));
        assert_eq!(
            parse("/job/deploy-qa/buildWithParameters").action,
            Action::BuildWithParameters
        );
        assert_eq!(
            parse("/queue/item/17/api/json").target,
            Target::QueueItem(17)
        );
        assert_eq!(parse("/api/json").target, Target::Root);
        let r = parse("/label/go%20lang/api/json");
        assert_eq!(r.target, Target::Label("go lang".into()));
        assert_eq!(r.action, Action::Api(Flavor::Json));
        assert_eq!(parse("/label").target, Target::Unknown);
        assert_eq!(parse("/").action, Action::Page);
        assert_eq!(parse("/nope").target, Target::Unknown);
        assert_eq!(
            parse("/reload-configuration-as-code/").target,
            Target::CascTokenReload
        );
        assert_eq!(
            parse("/reload-configuration-as-code").target,
            Target::Unknown
        );
        assert_eq!(
            parse("/configuration-as-code/reload").action,
            Action::Reload
        );
    }
}
