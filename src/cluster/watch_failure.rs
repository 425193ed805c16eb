//! Why a watch broke, as a kind the app can act on (a 403 on the namespace list means "watch the
//! configured stages instead"), classified from kube's typed errors rather than from their text.

use kube::runtime::watcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// 403: RBAC does not allow it.
    Forbidden,
    /// 401: the credential was refused.
    Unauthorized,
    /// 410: the resource version expired (the watcher lists again).
    Expired,
    /// Another answer from the API server (a 5xx, a 404, a 429…).
    Server,
    /// No answer: connection refused, reset, timed out, TLS.
    Unreachable,
}

impl FailureKind {
    pub fn of_status(code: u16) -> FailureKind {
        match code {
            401 => FailureKind::Unauthorized,
            403 => FailureKind::Forbidden,
            410 => FailureKind::Expired,
            _ => FailureKind::Server,
        }
    }

    pub fn of_kube(e: &kube::Error) -> FailureKind {
        match e {
            kube::Error::Api(s) => FailureKind::of_status(s.code),
            _ => FailureKind::Unreachable,
        }
    }

    /// A failure whose cause will not go away by retrying soon: the credential refused, the
    /// access denied, nothing listening at the address. (A 5xx or a 410 may pass.)
    pub fn is_certain(self) -> bool {
        matches!(
            self,
            FailureKind::Unauthorized | FailureKind::Forbidden | FailureKind::Unreachable
        )
    }

    pub fn of_watcher(e: &watcher::Error) -> FailureKind {
        match e {
            watcher::Error::InitialListFailed(e)
            | watcher::Error::WatchStartFailed(e)
            | watcher::Error::WatchFailed(e) => FailureKind::of_kube(e),
            watcher::Error::WatchError(s) => FailureKind::of_status(s.code),
            watcher::Error::NoResourceVersion => FailureKind::Server,
        }
    }
}

/// The watch cache's in-stream 410 on a resumed watch: routine — the watcher drops its version
/// and lists again by itself. (An HTTP 410 on the watch request is not: kube would retry the
/// same version, so it is a failure and the watch starts over.)
pub fn is_routine_expiry(e: &watcher::Error) -> bool {
    matches!(e, watcher::Error::WatchError(s) if s.code == 410)
}

/// The Status the API server answered with, if it answered.
fn status_of(e: &watcher::Error) -> Option<&kube::core::Status> {
    match e {
        watcher::Error::InitialListFailed(kube::Error::Api(s))
        | watcher::Error::WatchStartFailed(kube::Error::Api(s))
        | watcher::Error::WatchFailed(kube::Error::Api(s)) => Some(s),
        watcher::Error::WatchError(s) => Some(s),
        _ => None,
    }
}

/// A watch failure in the user's words: an answer as the server gave it (`500 InternalError:
/// etcdserver: request timed out`), no answer with its last cause (`… Connection refused`) —
/// never kube's debug dump of the Status.
pub fn describe(e: &watcher::Error) -> String {
    match status_of(e) {
        Some(s) => {
            let reason = if s.reason.is_empty() {
                "error"
            } else {
                &s.reason
            };
            if s.message.is_empty() || s.message == s.reason {
                format!("{} {reason}", s.code)
            } else {
                format!("{} {reason}: {}", s.code, s.message)
            }
        }
        None => crate::fd_limit::with_explanation(crate::cluster::watch::with_causes(e)),
    }
}

/// A 403 in short, for a cell: who may not do what (`demo-admin may not watch pods`), read
/// from the apiserver's `… User "x" cannot VERB resource "R" …`; any other text as it is.
pub fn refusal_in_short(text: &str) -> String {
    let parsed = (|| {
        let rest = text.split_once("User \"")?.1;
        let (user, rest) = rest.split_once('"')?;
        let rest = rest.trim_start().strip_prefix("cannot ")?;
        let (verb, rest) = rest.split_once(' ')?;
        let resource = rest.strip_prefix("resource \"")?.split_once('"')?.0;
        Some(format!("{user} may not {verb} {resource}"))
    })();
    parsed.unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Box<kube::core::Status> {
        Box::new(kube::core::Status::failure("no", "Forbidden").with_code(code))
    }

    #[test]
    fn kinds_come_from_the_status_code_not_the_text() {
        let forbidden = watcher::Error::InitialListFailed(kube::Error::Api(status(403)));
        assert_eq!(FailureKind::of_watcher(&forbidden), FailureKind::Forbidden);
        // The text says "Forbidden" but the code is a 500: a server error.
        let e500 = watcher::Error::WatchFailed(kube::Error::Api(status(500)));
        assert_eq!(FailureKind::of_watcher(&e500), FailureKind::Server);
        let gone = watcher::Error::WatchError(status(410));
        assert_eq!(FailureKind::of_watcher(&gone), FailureKind::Expired);
        assert_eq!(
            FailureKind::of_kube(&kube::Error::Api(status(401))),
            FailureKind::Unauthorized
        );
        let refused = kube::Error::Service("connection refused".into());
        assert_eq!(FailureKind::of_kube(&refused), FailureKind::Unreachable);
    }

    #[test]
    fn a_failure_reads_as_the_server_said_it() {
        let e500 = watcher::Error::InitialListFailed(kube::Error::Api(Box::new(
            kube::core::Status::failure("etcdserver: request timed out", "InternalError")
                .with_code(500),
        )));
        assert_eq!(
            describe(&e500),
            "500 InternalError: etcdserver: request timed out"
        );
        let e401 = watcher::Error::InitialListFailed(kube::Error::Api(Box::new(
            kube::core::Status::failure("Unauthorized", "Unauthorized").with_code(401),
        )));
        assert_eq!(describe(&e401), "401 Unauthorized");
        assert!(FailureKind::of_watcher(&e401).is_certain());
        assert!(!FailureKind::of_watcher(&e500).is_certain());
        assert!(is_routine_expiry(&watcher::Error::WatchError(status(410))));
        assert!(!is_routine_expiry(&watcher::Error::WatchStartFailed(
            kube::Error::Api(status(410))
        )));
    }

    #[test]
    fn a_refusal_says_who_may_not_do_what() {
        assert_eq!(
            refusal_in_short(
                "403 Forbidden: pods is forbidden: User \"demo-admin\" cannot watch resource \"pods\" in API group \"\" in the namespace \"payments-qa\""
            ),
            "demo-admin may not watch pods"
        );
        assert_eq!(refusal_in_short("403 Forbidden"), "403 Forbidden");
    }
}
