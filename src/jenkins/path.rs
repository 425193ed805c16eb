//! Where a job lives: the item names from the root down (`["api", "feature%2Fcheckout-v2"]`),
//! as Jenkins names items (a multibranch branch `feature/x` is the item `feature%2Fx`).

use std::fmt;

use crate::text::sanitize::sanitize_line;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobPath(pub Vec<String>);

impl JobPath {
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> JobPath {
        JobPath(names.into_iter().map(Into::into).collect())
    }

    /// `deploy-qa` or `api/main`: Jenkins' `fullName`.
    pub fn parse(full_name: &str) -> JobPath {
        JobPath::new(full_name.split('/').filter(|s| !s.is_empty()))
    }

    pub fn child(&self, name: &str) -> JobPath {
        let mut v = self.0.clone();
        v.push(name.to_string());
        JobPath(v)
    }

    /// `api/feature%2Fx`: the names as Jenkins' `fullName` writes them (raw, not for display).
    pub fn full_name(&self) -> String {
        self.0.join("/")
    }

    pub fn name(&self) -> &str {
        self.0.last().map_or("", String::as_str)
    }

    /// The stage a `deploy-<stage>` or `uninstall-<stage>` job changes, if it is one.
    pub fn target_stage(&self) -> Option<&str> {
        let name = self.name();
        name.strip_prefix("deploy-")
            .or_else(|| name.strip_prefix("uninstall-"))
            .filter(|s| !s.is_empty())
    }

    pub fn depth(&self) -> usize {
        self.0.len()
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// `job/api/job/feature%252Fx/`: each name percent-encoded once more, as stapler decodes
    /// each segment once. Empty for the root.
    pub fn url_path(&self) -> String {
        let mut out = String::new();
        for n in &self.0 {
            out.push_str("job/");
            out.push_str(&urlencoding::encode(n));
            out.push('/');
        }
        out
    }

    /// The inverse of [`JobPath::url_path`] for a URL under `base` (queue items name their task
    /// by URL). None when the URL is not a job under `base`.
    pub fn from_url(url: &str, base: &str) -> Option<JobPath> {
        let rest = url.strip_prefix(base).unwrap_or(url);
        let rest = rest.trim_start_matches('/');
        let mut names = Vec::new();
        let mut segs = rest.split('/').filter(|s| !s.is_empty());
        while let Some(s) = segs.next() {
            if s != "job" {
                return None;
            }
            let n = segs.next()?;
            names.push(urlencoding::decode(n).ok()?.into_owned());
        }
        (!names.is_empty()).then_some(JobPath(names))
    }
}

/// How people read it: `api » feature/checkout-v2`.
impl fmt::Display for JobPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.0.iter().map(|n| display_name(n)).collect();
        f.write_str(&names.join("/"))
    }
}

/// A multibranch item `feature%2Fx` is shown as its branch, `feature/x`. Names stay raw in
/// the path (they address the job), so this is where one becomes text: sanitised, as decoding
/// may bring back what percent-encoding hid (`%1B`).
pub fn display_name(name: &str) -> String {
    let decoded = urlencoding::decode(name).unwrap_or_else(|_| name.into());
    sanitize_line(&decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_encode_names_once_more() {
        let p = JobPath::new(["api", "feature%2Fcheckout-v2"]);
        assert_eq!(p.url_path(), "job/api/job/feature%252Fcheckout-v2/");
        assert_eq!(p.to_string(), "api/feature/checkout-v2");
        assert_eq!(
            JobPath::from_url(
                "http://j:8080/job/api/job/feature%252Fcheckout-v2/",
                "http://j:8080/"
            ),
            Some(p)
        );
        assert_eq!(
            JobPath::from_url("http://j:8080/queue/item/3/", "http://j:8080/"),
            None
        );
        assert_eq!(JobPath::parse("nightly/dependency-check").depth(), 2);
    }
}
