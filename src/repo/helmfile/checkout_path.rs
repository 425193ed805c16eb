//! Paths named by the Helmfile (values files, `readFile`) are resolved inside the checkout
//! and nowhere else: a cloned repo must not make the cockpit read `~/.kube/config` or
//! `/etc/passwd` and show it on screen.

use std::path::{Component, Path, PathBuf};

/// `rel` joined to `checkout`, or why it is refused: absolute paths, `..` that climbs out,
/// and symlinks that point out of the checkout. A path that does not exist is not refused
/// (the caller reports it as missing).
pub(crate) fn resolve(checkout: &Path, rel: &str) -> Result<PathBuf, String> {
    let rel_path = Path::new(rel);
    let mut depth = 0usize;
    for c in rel_path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or("the path leaves the checkout")?;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("absolute paths are not read, only files in the checkout".into())
            }
        }
    }
    let joined = checkout.join(rel_path);
    // Lexically inside; a symlink may still point out, which only the real path shows.
    if let (Ok(real), Ok(root)) = (joined.canonicalize(), checkout.canonicalize()) {
        if !real.starts_with(&root) {
            return Err("the path leaves the checkout (through a symlink)".into());
        }
    }
    Ok(joined)
}

/// `base` (a directory relative to the checkout, "" for the top) joined with `rel`, in the
/// form shown on screen: `values/qa/api.yaml`, `helmfile.d/values/x.yaml`.
pub(crate) fn display_join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." if !parts.is_empty() && parts.last() != Some(&"..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}
