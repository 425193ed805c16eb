//! `tree=` queries: each view asks for exactly the fields it shows (stapler omits the rest),
//! which keeps responses small on controllers with hundreds of jobs and builds.

use super::path::JobPath;

/// A build as a list row shows it.
pub const BUILD_ROW: &str = "number,result,building,timestamp,duration,estimatedDuration";

/// Builds a history asks for at first, and how many more each page down past its end adds.
pub const HISTORY_BUILDS: usize = 50;

/// Jenkins exports at most this many builds in `builds`; a longer history reads `allBuilds`.
const BUILDS_EXPORTED: usize = 100;

/// The items of the root or of a folder: name, class, colour, the last build, and a folder's
/// children by name and colour only (enough to show its worst colour while collapsed).
pub fn jobs() -> String {
    format!("jobs[name,color,lastBuild[{BUILD_ROW}],jobs[name,color]]")
}

/// The queue: what waits, why, since when, for which job.
pub fn queue() -> String {
    "items[id,why,inQueueSince,blocked,buildable,stuck,task[name,url]]".into()
}

/// A job's history: its `limit` newest builds with their first cause, and the oldest build
/// Jenkins keeps (so the view knows whether older ones are left to load).
pub fn job_history(limit: usize) -> String {
    let field = if limit <= BUILDS_EXPORTED {
        "builds"
    } else {
        "allBuilds"
    };
    format!(
        "name,color,buildable,inQueue,firstBuild[number],{field}[{BUILD_ROW},actions[causes[shortDescription]]]{{0,{limit}}}"
    )
}

/// The parameter definitions of a job, for the build form.
pub fn params() -> String {
    "property[parameterDefinitions[name,type,description,defaultParameterValue[value],choices]]"
        .into()
}

/// A build's detail: result and times, causes, parameters, the commit it built and its
/// change sets (`changeSets` for Pipelines, `changeSet` for freestyle).
pub fn build() -> String {
    format!(
        "{BUILD_ROW},fullDisplayName,description,queueId,\
         actions[causes[shortDescription],parameters[name,value],lastBuiltRevision[SHA1,branch[name]],remoteUrls],\
         changeSets[items[commitId,msg,author[fullName]]],changeSet[items[commitId,msg,author[fullName]]]"
    )
}

/// Builds of a stage's deploy or uninstall job a timeline shows at most.
pub const TIMELINE_BUILDS: usize = 30;

/// A deploy job's recent builds as a stage's timeline shows them: result and times, who
/// started each, its parameters (a shared job names the stage in one) and the config-repo
/// commit it checked out.
pub fn stage_builds() -> String {
    format!(
        "builds[{BUILD_ROW},actions[causes[shortDescription],parameters[name,value],lastBuiltRevision[SHA1]]]{{0,{TIMELINE_BUILDS}}}"
    )
}

/// A queue item: enough to follow it into its build.
pub fn queue_item() -> String {
    "id,why,cancelled,executable[number,url]".into()
}

/// The root after a reload: the running configuration's visible parts.
pub fn root_config() -> String {
    "description,numExecutors,mode".into()
}

/// A label: its name and the clouds that can provision it. A cloud exports no `name` (only its
/// `_class`), so `clouds` alone says all there is: empty when nothing can provision the label.
pub fn label() -> String {
    "name,clouds".into()
}

/// `label/<name>/`: the name percent-encoded as one path segment (stapler decodes it once).
pub fn label_path(name: &str) -> String {
    format!("label/{}/", urlencoding::encode(name))
}

/// `…/api/json?tree=…` for an object at `path` (relative to the root, ending with `/`).
pub fn api_url(path: &str, tree: &str) -> String {
    format!("{path}api/json?tree={}", encode_tree(tree))
}

/// `[`, `]`, `{`, `}` and `,` are kept readable (servers take them raw); only what would break
/// a query is encoded.
fn encode_tree(tree: &str) -> String {
    tree.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '&' => "%26".to_string(),
            '#' => "%23".to_string(),
            '+' => "%2B".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `job/a/job/b/` + `api/json?tree=…` for a job.
pub fn job_url(job: &JobPath, tree: &str) -> String {
    api_url(&job.url_path(), tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_name_only_what_is_shown() {
        assert_eq!(
            jobs(),
            "jobs[name,color,lastBuild[number,result,building,timestamp,duration,estimatedDuration],jobs[name,color]]"
        );
        assert!(job_history(HISTORY_BUILDS).ends_with("]]]{0,50}"));
        assert!(job_history(150).contains(",allBuilds["));
        assert!(job_history(150).ends_with("]]]{0,150}"));
        assert_eq!(
            job_url(&JobPath::new(["api", "main"]), "name"),
            "job/api/job/main/api/json?tree=name"
        );
        assert_eq!(
            api_url(&label_path("go lang"), &label()),
            "label/go%20lang/api/json?tree=name,clouds"
        );
        // Brackets balance in every query.
        for t in [
            jobs(),
            queue(),
            job_history(HISTORY_BUILDS),
            params(),
            build(),
            stage_builds(),
            queue_item(),
        ] {
            assert_eq!(t.matches('[').count(), t.matches(']').count(), "{t}");
        }
    }
}
